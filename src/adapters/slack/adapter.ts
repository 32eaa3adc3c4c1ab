import { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log.js';
import type { OutgoingMessage } from '../../core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort, PostResult } from '../../core/ports.js';
import { SitrepError } from '../../errors.js';
import { mapSlackError } from './errors.js';
import { postToResponseUrl, type ReplyChannel, SlackInteractions } from './interactions.js';
import { type BlockActionsBody, type SlashCommandBody, slackChannelId } from './parse.js';
import { SlackPoster } from './posting.js';
import { ACTION_PREFIX, renderSlackMessages } from './render.js';
import { SlackTransport, type SlackTransportOptions, webClientOptions } from './transport.js';

/** The transport's options (tokens, secret, API base, HTTP server, log), plus posting and acking. */
export interface SlackAdapterOptions extends SlackTransportOptions {
  retry?: {
    /** Longest total wait on Slack 429s within one post (default 20 s, under the delivery timeout). */
    maxWaitMs?: number;
  };
  /** Gap between two posts to one channel (default 1,000 ms). */
  minPostIntervalMs?: number;
  /** How long a command ack waits for its answer (default 2,200 ms; Slack allows 3 s). */
  ackBudgetMs?: number;
}

/** Sitrep on Slack: commands and buttons in, briefings and alerts out. */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly transport: SlackTransport;
  private readonly poster: SlackPoster;
  private readonly client: WebClient;
  private readonly log: Logger;
  private readonly workspaces = new Map<string, string>();
  private teamId: string | undefined;
  private interactions: SlackInteractions | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    this.log = options.log.child({ component: 'slack' });
    this.transport = new SlackTransport(options);
    // Posting makes no retries of its own: the delivery layer retries, asking findDelivery first.
    this.client = new WebClient(
      options.botToken,
      webClientOptions(options.apiUrl, options.log, { retryConfig: { retries: 0 } }),
    );
    const posterOptions: ConstructorParameters<typeof SlackPoster>[1] = { log: this.log };
    if (options.retry?.maxWaitMs !== undefined) posterOptions.maxWaitMs = options.retry.maxWaitMs;
    if (options.minPostIntervalMs !== undefined) posterOptions.minIntervalMs = options.minPostIntervalMs;
    this.poster = new SlackPoster(this.client, posterOptions);

    this.transport.onCommand(async ({ body, ack }) => {
      const command = body as unknown as SlashCommandBody;
      this.workspaces.set(command.channel_id, command.team_id);
      if (!this.interactions) return void (await ack());
      await this.interactions.slashCommand(command, async (reply) => {
        await ack(reply as never);
      });
    });
    this.transport.onAction(new RegExp(`^${ACTION_PREFIX}`), async ({ body, action, ack }) => {
      const payload = body as unknown as BlockActionsBody;
      const channelId = payload.channel?.id ?? payload.container?.channel_id;
      const teamId = payload.team?.id ?? payload.user.team_id;
      if (channelId && teamId) this.workspaces.set(channelId, teamId);
      if (!this.interactions) return void (await ack());
      await this.interactions.blockAction(payload, (action as { action_id: string }).action_id, () => ack());
    });
  }

  get mode(): 'http' | 'socket' {
    return this.transport.mode;
  }

  async start(commands: CommandPort): Promise<void> {
    const replies: ReplyChannel = {
      respond: (url, body) => postToResponseUrl(url, body),
      overflow: async (target, body) => {
        const { response_type: type, replace_original: _r, delete_original: _d, ...payload } = body;
        if (type === 'in_channel') return this.poster.postPlain(target.channelId, payload);
        try {
          await this.client.chat.postEphemeral({
            channel: target.channelId,
            user: target.userId,
            text: payload.text,
            blocks: payload.blocks as never,
          });
        } catch (error) {
          throw mapSlackError(error, 'chat.postEphemeral');
        }
      },
    };
    const interactionOptions: ConstructorParameters<typeof SlackInteractions>[0] = { commands, replies, log: this.log };
    if (this.options.ackBudgetMs !== undefined) interactionOptions.ackBudgetMs = this.options.ackBudgetMs;
    this.interactions = new SlackInteractions(interactionOptions);
    const { teamId } = await this.transport.start();
    this.teamId = teamId;
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }

  async post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string): Promise<PostResult> {
    const channelId = slackChannelId(to);
    if (!channelId) return { ok: false, error: new SitrepError('channel_not_found', `${to} is not a Slack channel`) };
    let payloads: ReturnType<typeof renderSlackMessages>;
    try {
      payloads = renderSlackMessages(message);
    } catch (error) {
      return { ok: false, error: mapSlackError(error, 'rendering for Slack') };
    }
    return this.poster.post(channelId, payloads, deliveryId);
  }

  async findDelivery(to: ChannelAddress, deliveryId: string): Promise<{ messageId: string } | undefined> {
    const channelId = slackChannelId(to);
    if (!channelId) throw new SitrepError('channel_not_found', `${to} is not a Slack channel`);
    return this.poster.findDelivery(channelId, deliveryId);
  }

  isConnected(): boolean {
    return this.transport.isConnected();
  }

  /** The workspace (team id) of a channel, as seen in commands, else the bot token's own workspace. */
  workspaceOf(channel: ChannelAddress): string | undefined {
    const channelId = slackChannelId(channel);
    if (!channelId) return undefined;
    return this.workspaces.get(channelId) ?? this.teamId;
  }
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(options);
}
