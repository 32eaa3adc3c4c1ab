import type { ChannelAddress } from '../../src/core/ports.js';
import { routes as discordRoutes } from '../stand-ins/discord/rest.js';
import { type DiscordStandIn, startDiscordStandIn } from '../stand-ins/discord/server.js';
import { type SlackStandIn, startSlackStandIn } from '../stand-ins/slack/server.js';
import type { SlackWebApi } from '../stand-ins/slack/web-api.js';
import { standInEnv } from './bot-process.js';
import { channelId, sleep } from './platform-records.js';

/**
 * Both stand-ins as the process tests drive them: the calls under way counted, and the answers to
 * chosen channels' posts held back (after the message is stored), so a test can kill a bot whose
 * message is out but who never learned so.
 */

export const SIGNING_SECRET = 'process-test-signing-secret-0123456789';

export interface Platforms {
  slack: SlackStandIn;
  discord: DiscordStandIn;
  /** Web API calls (Slack) and REST requests (Discord) read and not answered yet. */
  inFlight(): number;
  /** Slack Web API calls read and not answered yet. */
  slackInFlight(): number;
  /** Discord `POST /channels/{id}/messages` read and not answered yet. */
  discordInFlight(): number;
  /** The channel ids of those. */
  discordInFlightChannels(): string[];
  /** From now on, posts to these channels are stored but answered only at `releaseReplies()`. */
  holdReplies(channels: readonly ChannelAddress[]): void;
  /** Stops holding and sends every answer held so far. */
  releaseReplies(): void;
  /** Slack answers this channel's chat.postMessage `ms` after storing it (0 clears). */
  holdSlackReplies(channel: string, ms: number): void;
  /** The variables that point a bot at both stand-ins. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startPlatforms(): Promise<Platforms> {
  const [slack, discord] = await Promise.all([startSlackStandIn(), startDiscordStandIn({ heartbeatIntervalMs: 1000 })]);
  const held = new Set<string>();
  const delays = new Map<string, number>();
  let release: () => void = () => {};
  let released = Promise.resolve();
  const holding = (channel: unknown) => typeof channel === 'string' && held.has(channel);

  // The Slack stand-in keeps no count of calls under way: count them around its handler, which is
  // also where an answer is held (after the message was stored).
  let slackCalls = 0;
  const api = slack.api as SlackWebApi;
  const handle = api.handle.bind(api);
  api.handle = async (req) => {
    slackCalls += 1;
    try {
      const reply = await handle(req);
      const channel = req.args.channel;
      if (req.method === 'chat.postMessage') {
        const delay = typeof channel === 'string' ? delays.get(channel) : undefined;
        if (delay) await sleep(delay);
        if (holding(channel)) await released;
      }
      return reply;
    } finally {
      slackCalls -= 1;
    }
  };
  // Discord: the message route's handler is wrapped the same way (the route table is module state,
  // so the original is put back on close).
  const route = discordRoutes.find((r) => r.method === 'POST' && r.template === '/channels/{channel.id}/messages');
  if (!route) throw new Error('the Discord stand-in has no POST /channels/{id}/messages route');
  const createMessage = route.handle;
  route.handle = async (c) => {
    const reply = await createMessage(c);
    if (c.s === discord && holding(c.params[0])) await released;
    return reply;
  };
  const discordPosting = () =>
    discord.requests.filter(
      (r) => r.status === 0 && r.method === 'POST' && /^\/api\/v10\/channels\/\d+\/messages$/.test(r.path),
    );

  return {
    slack,
    discord,
    inFlight: () => slackCalls + discord.requests.filter((r) => r.status === 0).length,
    slackInFlight: () => slackCalls,
    discordInFlight: () => discordPosting().length,
    discordInFlightChannels: () => discordPosting().map((r) => r.path.split('/')[4] as string),
    holdReplies(channels) {
      if (held.size === 0) released = new Promise<void>((resolve) => (release = resolve));
      for (const channel of channels) held.add(channelId(channel));
    },
    releaseReplies() {
      held.clear();
      release();
    },
    holdSlackReplies(channel, ms) {
      if (ms > 0) delays.set(channel, ms);
      else delays.delete(channel);
    },
    env: () => standInEnv(slack, discord, SIGNING_SECRET),
    async close() {
      held.clear();
      release();
      route.handle = createMessage;
      await Promise.all([slack.close(), discord.close()]);
    },
  };
}
