// Issue 11, item 2: an alias bomb in one file stopped start-up ("briefings directory … cannot be
// read"), reached only the log while running, and `validate` named no file. One bad file never
// stops start-up: the others are served, and the admin channel and `validate` name the file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/validate.js';
import { createCore } from '../../../src/compose.js';
import { silentLogger } from '../../../src/core/log.js';
import { aliasBomb } from '../../support/hostile-yaml.js';
import { eventually, type Harness, messageText, openHarness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const BOMB_PROBLEM = /bomb\.yaml:3:10: aliases here expand too far; write the values out instead/;

describe('an alias bomb in one story file', () => {
  it('at start-up: the bot starts, the other stories are served, the admin channel names the file', async () => {
    h = await openHarness();
    await writeFile(path.join(h.dir, 'bomb.yaml'), `id: bomb\n${aliasBomb()}`);
    const work = await mkdtemp(path.join(tmpdir(), 'sitrep-start-'));
    try {
      await mkdir(path.join(work, 'config'));
      const core = await createCore({
        briefingsDir: h.dir,
        configDir: path.join(work, 'config'),
        databaseUrl: `file:${path.join(work, 'x.db')}`,
        log: silentLogger,
      });
      try {
        expect(core.catalog.get('harbour-strike')).toBeDefined();
        expect(core.contentProblems.map((p) => `${path.basename(p.file)}:${p.line}:${p.col}: ${p.message}`)).toEqual([
          expect.stringMatching(BOMB_PROBLEM),
        ]);
      } finally {
        await core.close();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const next = await h.restart();
    h = next;
    await next.claims.syncAtStart();
    expect(next.catalog.get('harbour-strike')).toBeDefined();
    expect(next.notifier.messages.map(messageText).join('\n')).toMatch(BOMB_PROBLEM);
  });

  it('while running: the admin channel is told, naming the file', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    const stop = await h.claims.watch();
    try {
      await writeFile(path.join(h.dir, 'bomb.yaml'), `id: bomb\n${aliasBomb()}`);
      await eventually(() => h.notifier.messages.length > 0, 4000);
    } finally {
      await stop();
    }
    expect(messageText(h.notifier.messages[0]!)).toMatch(BOMB_PROBLEM);
    expect(h.catalog.get('harbour-strike')).toBeDefined();
  });

  it('validate names the file, and still checks the others', async () => {
    h = await openHarness();
    await writeFile(path.join(h.dir, 'bomb.yaml'), `id: bomb\n${aliasBomb()}`);
    await writeFile(path.join(h.dir, 'zz-broken.yaml'), 'id: zz-broken\n');
    const result = await runValidate({ briefings: h.dir, config: path.join(h.dir, 'no-config') });
    expect(result.exitCode).toBe(1);
    const lines = result.output.split('\n');
    expect(lines[0]).toMatch(BOMB_PROBLEM);
    expect(lines.some((l) => l.includes('zz-broken.yaml'))).toBe(true);
    expect(lines.some((l) => l.includes('harbour-strike.yaml'))).toBe(false);
  });
});
