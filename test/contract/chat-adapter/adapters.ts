import { PassThrough } from 'node:stream';
import { createDiscordAdapter } from '../../../src/adapters/discord/adapter.js';
import { ShellAdapter } from '../../../src/adapters/shell/transport.js';
import { createSlackAdapter } from '../../../src/adapters/slack/adapter.js';
import { silentLogger } from '../../../src/core/log.js';
import { notice } from '../../../src/core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort } from '../../../src/core/ports.js';
import { HttpServer } from '../../../src/http/server.js';
import { startDiscordStandIn } from '../../stand-ins/discord/server.js';
import { startSlackStandIn } from '../../stand-ins/slack/server.js';

/**
 * One `ChatAdapter` under the contract suite, with what the suite reads back from its platform:
 * the texts that reached a channel (or a thread of it), and how to make the platform refuse the
 * next post with a rate limit, where it has one.
 */
export interface AdapterCase {
  name: string;
  adapter: ChatAdapter;
  channel: ChannelAddress;
  /** Every message the platform holds in the channel, oldest first, as plain text. */
  messages(): string[];
  /** The messages of the thread under `root` (an id `post` returned), oldest first. */
  threadMessages(root: string): string[];
  /** The platform refuses the next post with a rate limit asking for `seconds`; absent: it has none. */
  rateLimitNext?(seconds: number): void;
  close(): Promise<void>;
}

/** No commands: the suite is about delivery. */
export const NO_COMMANDS: CommandPort = {
  handle: async () => notice('not in this suite', 'info'),
  isSlow: () => false,
  complete: async () => [],
  definitions: () => [],
};

const textOf = (m: { text?: string; content?: string; embeds?: unknown[]; blocks?: unknown[] }) =>
  [m.text ?? m.content ?? '', JSON.stringify(m.embeds ?? m.blocks ?? [])].join(' ');

export async function slackCase(): Promise<AdapterCase> {
  const slack = await startSlackStandIn();
  const http = new HttpServer(silentLogger);
  const adapter = createSlackAdapter({
    botToken: slack.botToken,
    signingSecret: 'contract-signing-secret-0123456789',
    apiUrl: slack.apiUrl,
    http,
    log: silentLogger,
  });
  await adapter.start(NO_COMMANDS);
  const id = 'C0CONTRACT';
  const all = () => slack.history(id).sort((a, b) => Number(a.ts) - Number(b.ts));
  return {
    name: 'slack',
    adapter,
    channel: `slack:${id}`,
    messages: () =>
      all()
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .map(textOf),
    threadMessages: (root) =>
      all()
        .filter((m) => m.thread_ts === root && m.ts !== root)
        .map(textOf),
    rateLimitNext: (seconds) => slack.failNextWithRateLimit(seconds, 'chat.postMessage'),
    async close() {
      await adapter.stop();
      await http.close();
      await slack.close();
    },
  };
}

export async function discordCase(): Promise<AdapterCase> {
  const discord = await startDiscordStandIn({
    heartbeatIntervalMs: 5000,
    channelMessageLimit: { limit: 50, windowMs: 1000 },
  });
  const adapter = createDiscordAdapter({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    log: silentLogger,
    gateway: false,
  });
  await adapter.start(NO_COMMANDS);
  const id = '1400000000000008001';
  const texts = (channel: string) =>
    discord
      .messagesIn(channel)
      .filter((m) => !m.deleted)
      .map(textOf);
  return {
    name: 'discord',
    adapter,
    channel: `discord:${id}`,
    messages: () => texts(id),
    threadMessages: (root) => texts(root),
    rateLimitNext: (seconds) =>
      discord.failNextWithRateLimit({
        retryAfter: seconds,
        match: { method: 'POST', path: `/channels/${id}/messages` },
      }),
    async close() {
      await adapter.stop();
      await discord.close();
    },
  };
}

export async function shellCase(): Promise<AdapterCase> {
  const output = new PassThrough();
  let written = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    written += chunk;
  });
  const adapter = new ShellAdapter({ input: new PassThrough(), output, prompt: false });
  // The shell prints each message as a block that starts with `[<channel>…]`.
  const blocks = () => written.split(/\n(?=\[shell:)/).filter((b) => b.trim().startsWith('[shell:'));
  return {
    name: 'shell',
    adapter,
    channel: 'shell:local',
    messages: () => blocks().filter((b) => !b.includes('in the thread of')),
    threadMessages: (root) => blocks().filter((b) => b.includes(`in the thread of ${root}]`)),
    async close() {
      output.end();
    },
  };
}

/** Each adapter, with what its platform offers: rate limits to report, posts to find again. */
export const ADAPTER_CASES = [
  { name: 'slack', make: slackCase, rateLimits: true, finds: true },
  { name: 'discord', make: discordCase, rateLimits: true, finds: false },
  { name: 'shell', make: shellCase, rateLimits: false, finds: false },
];
