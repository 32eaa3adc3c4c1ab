import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClaimPatch, patchClaim } from '../../src/core/claims/yaml-edit.js';
import type { ChannelAddress } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';
import { openStore } from '../../src/store/db.js';
import { type BotProcess, type LogLine, startBotProcess } from './bot-process.js';
import { channelId, messagesOf, sleep } from './platform-records.js';
import type { Platforms } from './platforms.js';

export { type Platforms, startPlatforms } from './platforms.js';

/** An alert's messages (all parts) in a channel: the delivery's own messages. */
export type { BotProcess };
export { channelId, messagesOf as alertsIn, sleep };

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'sitrep.js');
export const SHIPPED_STORY = path.join(ROOT, 'briefings', 'kim-putin-summit.yaml');
export const STORY_ID = 'kim-putin-summit';
/** A stable name for the bot's delivery leases, so the test knows whose leases a dead run left. */
export const INSTANCE = 'sitrep-process-test';

/** `n` Slack and `n` Discord channel addresses. */
export function channelsFor(n: number): { slack: ChannelAddress[]; discord: ChannelAddress[] } {
  return {
    slack: Array.from({ length: n }, (_, i) => `slack:C0PROC${String(i + 1).padStart(3, '0')}` as ChannelAddress),
    discord: Array.from(
      { length: n },
      (_, i) => `discord:30000000000000${String(i + 1).padStart(4, '0')}` as ChannelAddress,
    ),
  };
}

/** Every message a platform holds in this channel, whatever it is. */
export function messagesIn(platforms: Platforms, channel: ChannelAddress): number {
  const id = channelId(channel);
  return channel.startsWith('slack:') ? platforms.slack.history(id).length : platforms.discord.messagesIn(id).length;
}

// ── Files and database ──────────────────────────────────────────────────────────────────────

export interface Workspace {
  dir: string;
  briefingsDir: string;
  configDir: string;
  storyFile: string;
  databaseUrl: string;
  /** A store on the bot's database (opened lazily; closed by `dispose`). */
  store(): Promise<Store>;
  /** Rewrites fields of one claim in the story file, as an editor would save it. */
  editClaim(claimId: string, patch: ClaimPatch): Promise<string>;
  dispose(): Promise<void>;
}

export async function prepareWorkspace(
  tracking: ReadonlyArray<{ channel: ChannelAddress; track: string; thread?: boolean }>,
): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-process-'));
  const briefingsDir = path.join(dir, 'briefings');
  const configDir = path.join(dir, 'config');
  await mkdir(briefingsDir);
  await mkdir(configDir);
  const storyFile = path.join(briefingsDir, `${STORY_ID}.yaml`);
  await copyFile(SHIPPED_STORY, storyFile);
  const config = [
    'timezone: UTC',
    'tracking:',
    ...tracking.map((t) => `  - channel: "${t.channel}"\n    track: ${t.track}${t.thread ? '\n    thread: true' : ''}`),
    '',
  ].join('\n');
  await writeFile(path.join(configDir, 'sitrep.yaml'), config);
  const databaseUrl = `file:${path.join(dir, 'sitrep.db')}`;
  let store: Promise<Store> | undefined;
  return {
    dir,
    briefingsDir,
    configDir,
    storyFile,
    databaseUrl,
    store: () => {
      store ??= openStore(databaseUrl);
      return store;
    },
    async editClaim(claimId, patch) {
      const text = patchClaim(await readFile(storyFile, 'utf8'), claimId, patch);
      await writeFile(storyFile, text);
      return text;
    },
    async dispose() {
      if (store) await (await store).close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ── The bot process ─────────────────────────────────────────────────────────────────────────

/**
 * The real bot (`node bin/sitrep.js start`, through the one process harness in bot-process.ts) on
 * this workspace's files and database, pointed at both stand-ins; resolves once it logged
 * "sitrep started". One instance name for every start, so a restart takes back what a killed run left.
 */
export function startWorkspaceBot(workspace: Workspace, platforms: Platforms): Promise<BotProcess> {
  return startBotProcess({
    env: {
      ...platforms.env(),
      DATABASE_URL: workspace.databaseUrl,
      BRIEFINGS_DIR: workspace.briefingsDir,
      CONFIG_DIR: workspace.configDir,
      SITREP_INSTANCE: INSTANCE,
    },
  });
}

/** SIGKILL: no shutdown code runs, nothing is handed back. */
export async function killBot(bot: BotProcess): Promise<void> {
  bot.kill('SIGKILL');
  await bot.waitForExit();
}

/** The bot's log lines whose message is `msg`. */
export function logsOf(bot: BotProcess, msg: string): LogLine[] {
  return bot.logs.filter((line) => line.msg === msg);
}

// ── Waiting ─────────────────────────────────────────────────────────────────────────────────

/** Polls `check` every `everyMs` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
