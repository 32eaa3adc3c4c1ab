import { describe, expect, it } from 'vitest';
import { cleanEnv, runSitrep } from './spawn.js';

// A spawned CLI under tsx on a loaded two-core machine can take a while to start.
describe('npx sitrep discord invite', { timeout: 60_000 }, () => {
  it('prints the invite URL first, then what each grant is for, with only the application id set', async () => {
    const result = await runSitrep(['discord', 'invite'], {
      env: cleanEnv({ DISCORD_APPLICATION_ID: '123456789012345678' }),
    });
    expect(result.code).toBe(0);
    const [url] = result.stdout.split('\n');
    expect(url).toMatch(/^https:\/\/discord\.com\/oauth2\/authorize\?client_id=123456789012345678&/);
    expect(result.stdout).toContain('Send Messages');
  });

  it('says what is missing without an application id', async () => {
    const result = await runSitrep(['discord', 'invite'], { env: cleanEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_APPLICATION_ID');
    expect(result.stdout).toBe('');
  });
});
