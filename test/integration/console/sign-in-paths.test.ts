import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSlackMessages } from '../../../src/adapters/slack/render.js';
import { type ConsoleHarness, EDITOR, startConsoleHarness } from '../../support/console.js';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';
import { cleanEnv, runSitrep } from '../cli/spawn.js';

/** The three ways to a sign-in link: `/sitrep console` in chat, the CLI, and the shell at start. */

describe('/sitrep console in chat', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleHarness({ stories: [SHIPPED_STORY] });
  });
  afterAll(() => h?.close());

  it('answers an editor privately with a working one-time link, even when asked to share', async () => {
    const caller = { platform: 'slack' as const, userId: 'U0EDITOR', channel: 'slack:C1' as const };
    const answer = await h.core.router.handle({ text: 'console share', caller });
    expect(answer.visibility).toBe('private');
    const payload = JSON.stringify(renderSlackMessages(answer));
    const url = /<(http:\/\/127\.0\.0\.1:\d+\/console\/sign-in\/[A-Za-z0-9_-]+)\|/.exec(payload)?.[1];
    expect(url).toBeDefined();
    const response = await fetch(url ?? '', { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
    expect(response.status).toBe(303);
  });

  it('tells anyone else the console is for editors and admins, with no link', async () => {
    const caller = { platform: 'discord' as const, userId: '1234567', channel: 'discord:99' as const };
    const answer = await h.core.router.handle({ text: 'console', caller });
    expect(answer.text).toMatch(/Only editors and admins/);
    expect(JSON.stringify(answer)).not.toContain('/console/sign-in/');
  });
});

// Spawned processes under a loaded machine's tsx take a while to start.
describe('sitrep console link and npm start', { timeout: 60_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-console-cli-'));
    await mkdir(path.join(dir, 'config'));
    await writeFile(path.join(dir, 'config', 'sitrep.yaml'), `editors: [${EDITOR}]\n`);
    env = cleanEnv({
      DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`,
      CONFIG_DIR: path.join(dir, 'config'),
      SITREP_PUBLIC_URL: 'https://sitrep.example.org/',
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a link for an editor, at the public URL', async () => {
    const run = await runSitrep(['console', 'link', '--as', EDITOR], { env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^https:\/\/sitrep\.example\.org\/console\/sign-in\/[A-Za-z0-9_-]{43}\n/);
    expect(run.code).toBe(0);
  });

  it('refuses someone who is not in the config, and a malformed user, with exit codes', async () => {
    const stranger = await runSitrep(['console', 'link', '--as', 'slack:U0NOBODY'], { env });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('neither an editor nor an admin');
    const malformed = await runSitrep(['console', 'link', '--as', 'bob'], { env });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--as must be a user like slack:U0123ABCD');
  });

  it('npm start in the shell prints a sign-in link on stderr and serves it on 127.0.0.1', async () => {
    const shellEnv = { ...env, PORT: '0', SITREP_PUBLIC_URL: '' };
    const run = await runSitrep(['start'], { env: shellEnv, stdin: '/sitrep console\n' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Editors' console: http:\/\/127\.0\.0\.1:\d+\/console\/sign-in\/[A-Za-z0-9_-]{43}\n/);
    // The typed command got its own link, on the same port.
    const port = /127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1];
    expect(run.stdout).toContain(`http://127.0.0.1:${port}/console/sign-in/`);
  });
});
