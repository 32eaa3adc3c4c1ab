/**
 * End-to-end harness: a real core, Sitrep's real HTTP server, the real Slack adapter (Bolt over HTTP
 * or Socket Mode) and the Slack stand-in playing Slack.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../../src/adapters/slack/adapter.js';
import { type Core, createCore } from '../../../src/compose.js';
import { COMMANDS } from '../../../src/core/commands/registry.js';
import { silentLogger } from '../../../src/core/log.js';
import { HttpServer } from '../../../src/http/server.js';
import { type SlackStandIn, startSlackStandIn } from '../../stand-ins/slack/server.js';
import { delayedCommand } from '../../support/delayed-command.js';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

/** Declared slow: the adapter must ack at once and answer through response_url. */
export const slowCommand = delayedCommand({
  name: 'slowpoke',
  description: 'Answers after 3.5 s, and says so',
  delayMs: 3500,
  answer: 'Finished slowly.',
  slow: true,
});

/** Not declared slow, but slow: the ack race must be lost and the answer still arrive. */
export const sneakyCommand = delayedCommand({
  name: 'sneaky',
  description: 'Answers after 3 s without saying it is slow',
  delayMs: 3000,
  answer: 'Finished sneakily.',
});

export interface Harness {
  slack: SlackStandIn;
  core: Core;
  http: HttpServer | undefined;
  adapter: SlackAdapter;
  /** `http://127.0.0.1:<port>/slack/events` (HTTP mode). */
  eventsUrl: string;
  tmp: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode: 'http' | 'socket';
  /** A story file (YAML or JSON text) to serve instead of the shipped briefings. */
  story?: { id: string; text: string };
  adapter?: Partial<SlackAdapterOptions>;
  /** config/sitrep.yaml's text (editors, admins, tracking…). */
  config?: string;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const slack = await startSlackStandIn();
  const tmp = await mkdtemp(path.join(tmpdir(), 'sitrep-slack-e2e-'));
  // A copy, never the repository's briefings/: edits made by the tests are written back to it.
  const briefingsDir = path.join(tmp, 'briefings');
  const { copyFile, mkdir } = await import('node:fs/promises');
  await mkdir(briefingsDir);
  if (options.story) await writeFile(path.join(briefingsDir, `${options.story.id}.yaml`), options.story.text);
  else
    await copyFile(path.join('briefings', 'kim-putin-summit.yaml'), path.join(briefingsDir, 'kim-putin-summit.yaml'));
  if (options.config) await writeFile(path.join(tmp, 'sitrep.yaml'), options.config);
  const core = await createCore({
    briefingsDir,
    configDir: tmp,
    databaseUrl: `file:${path.join(tmp, 'x.db')}`,
    log: silentLogger,
    commands: [...COMMANDS, slowCommand, sneakyCommand],
  });
  let http: HttpServer | undefined;
  let eventsUrl = '';
  const base: SlackAdapterOptions = {
    botToken: slack.botToken,
    apiUrl: slack.apiUrl,
    log: silentLogger,
    // As the bot is composed: signed requests run at most once (main.ts).
    replays: core.store.seenRequests,
    ...options.adapter,
  };
  let adapter: SlackAdapter;
  if (options.mode === 'http') {
    http = new HttpServer(silentLogger);
    adapter = createSlackAdapter({ ...base, signingSecret: SIGNING_SECRET, http });
    const port = await http.listen(0, '127.0.0.1');
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  } else {
    adapter = createSlackAdapter({ ...base, appToken: slack.appToken });
  }
  await adapter.start(core.router);
  return {
    slack,
    core,
    http,
    adapter,
    eventsUrl,
    tmp,
    async close() {
      await adapter.stop();
      await http?.close();
      await slack.close();
      await core.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Text of every block (headers, sections, fields, context, buttons), entity-decoded. */
export function blocksText(blocks: unknown[] | undefined): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.value === 'string') out.push(o.value);
      for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
    }
  };
  walk(blocks ?? []);
  return out.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The buttons of a set of blocks: label, action_id, value. */
export function buttonsOf(blocks: unknown[] | undefined): Array<{ label: string; actionId: string; value: string }> {
  const out: Array<{ label: string; actionId: string; value: string }> = [];
  for (const block of (blocks ?? []) as Array<{ type: string; elements?: unknown[] }>) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements as Array<{ text: { text: string }; action_id: string; value: string }>) {
      out.push({ label: e.text.text, actionId: e.action_id, value: e.value });
    }
  }
  return out;
}

export function parseAck(body: string): Record<string, unknown> {
  return JSON.parse(body) as Record<string, unknown>;
}

/**
 * A `/sitrep` slash command's form body, as hand-written requests send it (`text` as given, or
 * appended by the caller); its response_url refuses connections, so any follow-up fails.
 */
export function slashCommandForm(h: Harness, fields: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    token: 'x',
    team_id: h.slack.teamId,
    channel_id: 'C0000TEST',
    user_id: 'U0READER',
    command: '/sitrep',
    response_url: 'http://127.0.0.1:9/none',
    trigger_id: '1.2.3',
    ...fields,
  });
}
