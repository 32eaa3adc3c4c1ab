// What the bot's start path loads: the real process (`node bin/sitrep.js start`) with Slack and
// Discord on, against the stand-ins, with every module it loads recorded by a loader hook (read
// from the list, not inferred from timing). Libraries for other commands or other configurations
// must not be in it: each one loaded is memory an idle bot keeps.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInteractionKeyPair, startDiscordStandIn } from '../stand-ins/discord/server.js';
import { startSlackStandIn } from '../stand-ins/slack/server.js';
import { REPO_ROOT, standInEnv, startBotProcess, stopAllBotProcesses } from './bot-process.js';

const HOOK = pathToFileURL(path.join(REPO_ROOT, 'test', 'support', 'record-modules.mjs')).href;

/**
 * The packages whose code was loaded: those loaded from node_modules/, and those bundled into the
 * files of dist/ that were loaded (the build lists which packages each file holds).
 */
async function packagesOf(urls: string[]): Promise<Set<string>> {
  const dist = path.join(REPO_ROOT, 'dist');
  const bundled: Record<string, string[]> = JSON.parse(await readFile(path.join(dist, 'packages.json'), 'utf8'));
  const found = new Set<string>();
  for (const url of urls) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) found.add(match[1]);
    if (!url.startsWith('file:')) continue;
    for (const name of bundled[path.relative(dist, fileURLToPath(url))] ?? []) found.add(name);
  }
  return found;
}

afterAll(stopAllBotProcesses);

describe('the bot start path (Slack and Discord on, SQLite, /metrics off) loads', () => {
  let dir: string;
  let loaded: Set<string>;
  let close: () => Promise<unknown>;

  beforeAll(async () => {
    const keys = generateInteractionKeyPair();
    const [slack, discord] = await Promise.all([
      startSlackStandIn(),
      startDiscordStandIn({ heartbeatIntervalMs: 1000, publicKeyHex: keys.publicKeyHex }),
    ]);
    close = () => Promise.all([slack.close(), discord.close()]);
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-modules-'));
    await mkdir(path.join(dir, 'config'));
    const list = path.join(dir, 'modules.txt');
    const bot = await startBotProcess({
      env: {
        ...standInEnv(slack, discord, 'modules-test-signing-secret-0123456789', keys.publicKeyHex),
        NODE_OPTIONS: `--import=${HOOK}`,
        RECORD_MODULES_TO: list,
        DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
        BRIEFINGS_DIR: 'briefings',
        CONFIG_DIR: path.join(dir, 'config'),
      },
    });
    // Idle a moment after ready: what the heartbeat or the first pass loads counts too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await bot.stop();
    loaded = await packagesOf((await readFile(list, 'utf8')).split('\n').filter(Boolean));
  }, 60_000);

  afterAll(async () => {
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('both platform libraries and the runtime it uses (the record is not empty)', () => {
    expect(loaded).toContain('@slack/bolt');
    expect(loaded).toContain('discord.js');
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('node-cron');
  });

  it('not the proposal reader: wink-nlp, its model, readability, linkedom (only `sitrep propose`)', () => {
    for (const name of ['wink-nlp', 'wink-eng-lite-web-model', '@mozilla/readability', 'linkedom']) {
      expect(loaded, name).not.toContain(name);
    }
  });

  it("not the editors' console (loaded by its first request)", () => {
    expect(loaded).not.toContain('@hono/node-server');
  });

  it('not the Postgres driver (SQLite here)', () => {
    expect(loaded).not.toContain('pg');
  });

  it('not prom-client (/metrics is off)', () => {
    expect(loaded).not.toContain('prom-client');
  });

  it('not the positioned YAML parser (`yaml`: only to report a problem, or to edit a file)', () => {
    expect(loaded).not.toContain('yaml');
    expect(loaded).toContain('js-yaml');
  });
});
