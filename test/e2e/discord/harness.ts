import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/adapter.js';
import type { RateLimitInfo } from '../../../src/adapters/discord/transport.js';
import { runDiscordRegister } from '../../../src/cli/discord-register.js';
import { type Core, createCore } from '../../../src/compose.js';
import { COMMANDS } from '../../../src/core/commands/registry.js';
import type { CommandDef } from '../../../src/core/commands/types.js';
import { silentLogger } from '../../../src/core/log.js';
import { HttpServer } from '../../../src/http/server.js';
import {
  DEFAULT_GUILD_ID,
  type DiscordStandIn,
  type DiscordStandInOptions,
  generateInteractionKeyPair,
  type InteractionKeyPair,
  startDiscordStandIn,
} from '../../stand-ins/discord/server.js';

/**
 * One Sitrep process against the Discord stand-in: a real core (story files, SQLite in a temp dir),
 * the real Discord adapter (discord.js Client over a WebSocket, @discordjs/rest) and the process's
 * HTTP server for `POST /discord/interactions`.
 */
export interface Harness {
  discord: DiscordStandIn;
  core: Core;
  adapter: DiscordAdapter;
  http: HttpServer;
  /** `http://127.0.0.1:<port>/discord/interactions` */
  interactionsUrl: string;
  keys: InteractionKeyPair;
  rateLimits: RateLimitInfo[];
  dir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** A story files directory (default: a copy of the shipped story). */
  briefingsDir?: string;
  /** Extra test commands, added to the shipped ones. */
  extraCommands?: CommandDef[];
  gateway?: boolean;
  standIn?: DiscordStandInOptions;
  deferAfterMs?: number;
  /** `config/sitrep.yaml` for this process (default: none, so the defaults). */
  configYaml?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-discord-'));
  await mkdir(join(dir, 'config'));
  if (options.configYaml) await writeFile(join(dir, 'config', 'sitrep.yaml'), options.configYaml);
  const keys = generateInteractionKeyPair();
  const discord = await startDiscordStandIn({
    heartbeatIntervalMs: 1000,
    // Discord forgets an interaction not answered within 3 s: so does the stand-in here.
    callbackDeadlineMs: 3000,
    publicKeyHex: keys.publicKeyHex,
    ...options.standIn,
  });
  const commands = [...COMMANDS, ...(options.extraCommands ?? [])];
  // A copy of the shipped story by default, never the repository's briefings/: edits are written back.
  let briefingsDir = options.briefingsDir;
  if (!briefingsDir) {
    briefingsDir = join(dir, 'briefings');
    await mkdir(briefingsDir);
    await copyFile(join('briefings', 'kim-putin-summit.yaml'), join(briefingsDir, 'kim-putin-summit.yaml'));
  }
  const core = await createCore({
    briefingsDir,
    configDir: join(dir, 'config'),
    databaseUrl: `file:${join(dir, 'x.db')}`,
    log: silentLogger,
    commands,
  });
  const registered = await runDiscordRegister(
    {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: DEFAULT_GUILD_ID,
    },
    commands,
  );
  if (registered.exitCode !== 0) throw new Error(registered.output);

  const http = new HttpServer(silentLogger);
  const rateLimits: RateLimitInfo[] = [];
  const adapter = createDiscordAdapter({
    token: discord.token,
    applicationId: discord.applicationId,
    publicKey: keys.publicKeyHex,
    apiUrl: discord.apiUrl,
    http,
    log: silentLogger,
    gateway: options.gateway ?? true,
    // As the bot is composed: signed interactions run at most once (main.ts).
    replays: core.store.seenRequests,
    onRateLimited: (info) => rateLimits.push(info),
    ...(options.deferAfterMs ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  const port = await http.listen(0, '127.0.0.1');
  await adapter.start(core.router);
  return {
    discord,
    core,
    adapter,
    http,
    interactionsUrl: `http://127.0.0.1:${port}/discord/interactions`,
    keys,
    rateLimits,
    dir,
    async close() {
      await adapter.stop();
      await http.close();
      await core.close();
      await discord.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A temp copy of a briefings directory, or a fresh one with the given files. */
export async function briefingsWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-briefings-'));
  const { writeFile } = await import('node:fs/promises');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export async function copyOfShippedBriefings(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-briefings-'));
  await cp('briefings', dir, { recursive: true });
  return dir;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every string a payload shows, joined: for checks that nothing can ping or link. */
export function shownText(payload: unknown): string {
  const out: string[] = [];
  const walk = (value: unknown, key = '') => {
    if (typeof value === 'string') {
      if (!['custom_id', 'url', 'nonce'].includes(key)) out.push(value);
    } else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(payload);
  return out.join('\n');
}
