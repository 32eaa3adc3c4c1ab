import { describe, expect, it } from 'vitest';
import { cleanEnv, runSitrep } from './spawn.js';

/** An environment a command cannot use is reported headed by what it stopped: the bot's start, or the one-off command. */
const badApplicationId = cleanEnv({ DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: 'not-a-number' });
const problems = '(see .env.example):\n  - DISCORD_APPLICATION_ID must be a numeric id\n';

describe('an invalid environment', { timeout: 60_000 }, () => {
  it.each([
    { args: ['discord', 'register'], command: 'sitrep discord register' },
    { args: ['ask', 'help'], command: 'sitrep ask' },
    { args: ['validate'], command: 'sitrep validate' },
  ])('stops `$command` naming the command', async ({ args, command }) => {
    const result = await runSitrep(args, { env: badApplicationId });
    expect(result.stderr).toBe(`${command}: fix the environment ${problems}`);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it("stops the bot's start with the start's headline", async () => {
    const result = await runSitrep(['start'], { env: badApplicationId });
    expect(result.stderr).toBe(`Sitrep cannot start; fix the environment ${problems}`);
    expect(result.code).toBe(1);
  });
});
