import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellAdapter } from '../../../src/adapters/shell/transport.js';
import { notice } from '../../../src/core/message.js';
import { openTestCore, STACK_FRAME, SYNTHETIC_STORY, type TestCore } from '../../unit/core/commands/helpers.js';
import { cleanEnv, ROOT, type RunResult, runSitrep } from '../cli/spawn.js';

/**
 * Issue #2: `printf '/sitrep actor putin\n/sitrep actor Putn\n/sitrep claims kim\n/sitrep brief\n' | npm start`
 * prints Putin's card, finds him despite the typo, lists the claims about Kim Jong Un, prints the
 * briefing, and exits 0. Run as a user would: the real binary, no platform variables, stdin piped.
 */

const SESSION = '/sitrep actor putin\n/sitrep actor Putn\n/sitrep claims kim\n/sitrep brief\n';

describe('npm start with no platform configured: the shell adapter answers piped commands', () => {
  let dir: string;
  let run: RunResult;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-shell-'));
    await mkdir(path.join(dir, 'config'));
    run = await runSitrep(['start'], {
      stdin: SESSION,
      env: cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`, CONFIG_DIR: path.join(dir, 'config') }),
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 when stdin ends, with nothing alarming on stderr', () => {
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stderr).not.toMatch(/error/i);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
  });

  it("prints Putin's card: his role, and the claims about him with source and status", () => {
    const start = run.stdout.indexOf('== Vladimir Putin ==');
    expect(start).toBe(0);
    const card = run.stdout.slice(start, run.stdout.indexOf('== Vladimir Putin ==', start + 1));
    expect(card).toContain('Role: President of Russia');
    expect(card).toContain('Claims involving Vladimir Putin (7):');
    const claims = card.split('\n').filter((line) => line.startsWith('  • '));
    expect(claims).toHaveLength(7);
    for (const line of claims) expect(line).toMatch(/\((reported|confirmed) · .*source: .+\) · id [a-z0-9-]+$/);
    expect(card).toContain('Kim Jong Un is reportedly set to travel to Russia this month');
    expect(card).toContain('source: An unnamed US official');
  });

  it('finds him again despite the typo "Putn": the same card', () => {
    const first = run.stdout.indexOf('== Vladimir Putin ==');
    const second = run.stdout.indexOf('== Vladimir Putin ==', first + 1);
    const claimsAt = run.stdout.indexOf('== Claims about Kim Jong Un ==');
    expect(second).toBeGreaterThan(first);
    expect(run.stdout.slice(second, claimsAt)).toBe(run.stdout.slice(first, second));
  });

  it('lists the claims about Kim Jong Un', () => {
    const at = run.stdout.indexOf('== Claims about Kim Jong Un ==');
    const briefingAt = run.stdout.indexOf("== Kim Jong Un's expected visit to Russia ==");
    expect(at).toBeGreaterThan(0);
    const claims = run.stdout
      .slice(at, briefingAt)
      .split('\n')
      .filter((line) => line.startsWith('  • '));
    expect(claims).toHaveLength(9);
    for (const line of claims) expect(line).toMatch(/\((reported|confirmed) · .*source: .+\) · id [a-z0-9-]+$/);
  });

  it('prints the briefing last: summary, tally and key claims', () => {
    const at = run.stdout.indexOf("== Kim Jong Un's expected visit to Russia ==");
    expect(at).toBeGreaterThan(run.stdout.indexOf('== Claims about Kim Jong Un =='));
    const briefing = run.stdout.slice(at);
    expect(briefing).toContain('North Korean leader Kim Jong Un is reportedly set to travel to Russia this month');
    expect(briefing).toContain('22 tracked claims: 19 reported, 3 confirmed');
    expect(briefing).toContain('== Key claims ==');
    expect(briefing).toContain('17 more: /sitrep brief full or /sitrep claims');
  });

  it('used the database it was given, not ./data', () => {
    expect(existsSync(path.join(dir, 'db.sqlite'))).toBe(true);
  });
});

describe('npm start with a story file that is refused, and no admin channel configured', () => {
  it('prints the admin notice in the shell, with each problem at its line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-shell-notice-'));
    try {
      await mkdir(path.join(dir, 'config'));
      await mkdir(path.join(dir, 'briefings'));
      await copyFile(
        path.join(ROOT, 'briefings', 'kim-putin-summit.yaml'),
        path.join(dir, 'briefings', 'kim-putin-summit.yaml'),
      );
      await writeFile(path.join(dir, 'briefings', 'draft.yaml'), 'id: draft\ntitle: A draft\n');
      const run = await runSitrep(['start'], {
        stdin: '/sitrep actors\n',
        env: cleanEnv({
          DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`,
          CONFIG_DIR: path.join(dir, 'config'),
          BRIEFINGS_DIR: path.join(dir, 'briefings'),
        }),
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('[shell:local] Story file draft.yaml has 3 problems.');
      expect(run.stdout).toContain(
        `${path.join(dir, 'briefings', 'draft.yaml')}:1:1: summary: required field is missing`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start piped into a reader that stops early (`| head`)', () => {
  it('ends the session quietly: exit 0, no EPIPE stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-shell-head-'));
    try {
      await mkdir(path.join(dir, 'config'));
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'sitrep.js'), 'start'], {
        cwd: ROOT,
        env: cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`, CONFIG_DIR: path.join(dir, 'config') }),
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      // The reader takes the first answer and goes away, as `head` does; the lines keep coming.
      child.stdout.once('data', () => child.stdout.destroy());
      child.stdin.on('error', () => {});
      for (let i = 0; i < 200; i++) child.stdin.write('/sitrep actor putin\n');
      child.stdin.end();
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(stderr).not.toContain('EPIPE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the shell adapter in-process, on another story', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = await openTestCore([SYNTHETIC_STORY]);
  });
  afterAll(() => core.dispose());

  async function session(lines: string): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
    });
    const shell = new ShellAdapter({ input, output });
    await shell.start(core.core.router);
    input.end(lines);
    await shell.closed;
    return printed;
  }

  it('answers each line in order, exactly as the router does', async () => {
    const printed = await session('/sitrep actor jose alvarez\n\nactor santos\n/sitrep claims lee\nfrobnicate\n');
    const expected = [
      await core.ask('actor jose alvarez'),
      await core.ask('actor santos'),
      await core.ask('claims lee'),
      await core.ask('frobnicate'),
    ];
    expect(printed).toBe(expected.map((answer) => `${answer}\n\n`).join(''));
    expect(printed).toContain('== José Álvarez ==');
    expect(printed).toContain('Which “santos”?');
    expect(printed).toContain('== Claims about Anna Lee ==');
    expect(printed).toContain('Unknown command "frobnicate". Try /sitrep help.');
  });

  it('"exit" ends the session; later lines are not answered', async () => {
    const printed = await session('actor lee\nexit\nactor santos\n');
    expect(printed).toContain('== Anna Lee ==');
    expect(printed).not.toContain('santos');
  });

  it('briefings and alerts posted to shell:local are printed with the channel', async () => {
    const output = new PassThrough();
    let printed = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
    });
    const shell = new ShellAdapter({ input: new PassThrough(), output });
    const result = await shell.post('shell:local', notice('Claim changed'), 'd1');
    expect(result).toEqual({ ok: true, messageId: 'd1#1' });
    // A blank line after each post keeps the next answer from running into it.
    expect(printed).toBe('\n[shell:local] Claim changed\nClaim changed\n\n');
  });
});
