import type { Logger } from '../../core/log.js';
import type { OutgoingMessage } from '../../core/message.js';
import type {
  ChannelAddress,
  ChatAdapter,
  CommandPort,
  PostOptions,
  PostResult,
  ReplayGuard,
} from '../../core/ports.js';
import type { HttpServer } from '../../http/server.js';
import { handleInteraction } from './interactions.js';
import { parseInteraction } from './parse.js';
import { postMessage, startThread } from './post.js';
import {
  createRest,
  GatewayTransport,
  HttpInteractionsEndpoint,
  type InteractionSink,
  type RateLimitInfo,
  type RestSettings,
} from './transport.js';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** When set (and `http` given), interactions are also accepted at `POST /discord/interactions`. */
  publicKey?: string;
  /** REST base, e.g. `https://discord.com/api` (DISCORD_API_URL). */
  apiUrl: string;
  /** The process's one HTTP server; the interactions endpoint is mounted on it. */
  http?: HttpServer;
  log: Logger;
  /** Connect to the gateway (discord.js Client). Off for stateless HTTP-only replicas. */
  gateway: boolean;
  /** Called on every Discord rate limit met (for metrics). */
  onRateLimited?: (info: RateLimitInfo) => void;
  /** Defer a command's answer when the core has not answered after this long (default 2.2 s). */
  deferAfterMs?: number;
  /** Signed HTTP interactions are executed at most once (the store's `seenRequests`). */
  replays?: ReplayGuard;
  /** Per-request REST timeout (default 10 s). */
  restTimeoutMs?: number;
}

/** Answers to interactions wait out a Discord rate limit up to this long, then fail. */
const INTERACTION_MAX_WAIT_MS = 60_000;

/**
 * Sitrep on Discord: slash commands over the gateway and/or HTTP, briefings and alerts over REST.
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  private readonly rest;
  /** For deliveries: it waits out no rate limit, the delivery engine does. */
  private readonly deliveryRest;
  private readonly gateway: GatewayTransport | undefined;
  private readonly endpoint: HttpInteractionsEndpoint | undefined;
  private readonly log: Logger;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.log = options.log.child({ adapter: 'discord' });
    const settings: RestSettings = {
      apiUrl: options.apiUrl,
      log: this.log,
      ...(options.onRateLimited ? { onRateLimited: options.onRateLimited } : {}),
      ...(options.restTimeoutMs ? { timeoutMs: options.restTimeoutMs } : {}),
    };
    this.rest = createRest(options.token, { ...settings, rejectWaitsLongerThanMs: INTERACTION_MAX_WAIT_MS });
    this.deliveryRest = createRest(options.token, { ...settings, rejectEveryRateLimit: true });
    if (options.gateway) this.gateway = new GatewayTransport({ token: options.token, rest: settings, log: this.log });
    if (options.publicKey && options.http) {
      this.endpoint = new HttpInteractionsEndpoint({
        http: options.http,
        publicKey: options.publicKey,
        applicationId: options.applicationId,
        rest: this.rest,
        log: this.log,
        ...(options.replays ? { replays: options.replays } : {}),
      });
    } else if (options.publicKey) {
      this.log.warn({}, 'DISCORD_PUBLIC_KEY is set but no HTTP server was given: HTTP interactions are off');
    }
  }

  /** The discord.js Client, when the gateway is on (tests and diagnostics). */
  get client() {
    return this.gateway?.client;
  }

  async start(commands: CommandPort): Promise<void> {
    const options = {
      commands,
      log: this.log,
      ...(this.options.deferAfterMs ? { deferAfterMs: this.options.deferAfterMs } : {}),
    };
    const sink: InteractionSink = (raw, responder) => handleInteraction(parseInteraction(raw), responder, options);
    this.endpoint?.start(sink);
    await this.gateway?.start(sink);
  }

  async stop(): Promise<void> {
    this.endpoint?.stop();
    await this.gateway?.stop();
  }

  post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string, options?: PostOptions): Promise<PostResult> {
    return postMessage(this.deliveryRest, to, message, deliveryId, options);
  }

  startThread(to: ChannelAddress, messageId: string, title: string): Promise<void> {
    return startThread(this.deliveryRest, to, messageId, title);
  }

  isConnected(): boolean {
    return this.gateway ? this.gateway.isConnected() : true;
  }
}

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  return new DiscordAdapter(options);
}
