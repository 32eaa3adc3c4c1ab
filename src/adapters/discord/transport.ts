import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  type RateLimitData,
  REST,
  type RESTOptions,
  Routes,
  Status,
} from 'discord.js';
import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  InteractionResponseType,
} from 'discord-api-types/v10';
import { sleep, within } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import type { ReplayGuard } from '../../core/ports.js';
import { errorMessage } from '../../errors.js';
import { type HttpServer, sendJson } from '../../http/server.js';
import type { AutocompleteChoice, InteractionResponder } from './interactions.js';
import type { RawInteraction, RawOption } from './parse.js';
import { InteractionKind } from './parse.js';
import type { DiscordPayload } from './render.js';
import { discordPublicKey, MAX_SKEW_MS, verifyDiscordRequest } from './verify.js';

/**
 * Transport only: how interactions arrive (the gateway through a discord.js Client, or signed HTTP
 * requests at `POST /discord/interactions`) and how answers leave (discord.js interaction methods,
 * the HTTP response, @discordjs/rest). What to answer is decided in interactions.ts.
 */

/** Receives every interaction with the means to answer it. */
export type InteractionSink = (raw: RawInteraction, responder: InteractionResponder) => Promise<void>;

export const EPHEMERAL = MessageFlags.Ephemeral; // 64

/** One encounter with a Discord rate limit, as @discordjs/rest reports it. */
export interface RateLimitInfo {
  method: string;
  route: string;
  global: boolean;
  scope: string;
  retryAfterMs: number;
}

export interface RestSettings {
  apiUrl: string;
  log: Logger;
  onRateLimited?: (info: RateLimitInfo) => void;
  /** Per-request timeout. */
  timeoutMs?: number;
  /**
   * No rate limit is sat out: every one (a bucket or the global limit known to be spent, or a 429)
   * fails the request with a RateLimitError, mapped to `rate_limited` with Discord's wait, and the
   * delivery engine decides. For deliveries; interaction answers keep @discordjs/rest's waiting.
   */
  rejectEveryRateLimit?: boolean;
  /** Otherwise, a wait longer than this fails the request (with a RateLimitError) instead of blocking. */
  rejectWaitsLongerThanMs?: number;
}

export const REST_RETRIES = 2;
export const REST_TIMEOUT_MS = 10_000;

/**
 * Options for every @discordjs/rest client here: moved to `apiUrl`, 2 retries of 5xx and network
 * errors, a 10 s timeout. Its `rejectOnRateLimit` hook, which it calls on every rate limit it meets
 * (a wait for a bucket to refill as well as an unexpected 429), is where they are logged and
 * counted (the `rateLimited` event only reports the first kind), and where the deliveries' client
 * hands every one back to the engine instead of waiting (`rejectEveryRateLimit`).
 */
export function restOptions(settings: RestSettings): Partial<RESTOptions> {
  return {
    api: settings.apiUrl,
    retries: REST_RETRIES,
    timeout: settings.timeoutMs ?? REST_TIMEOUT_MS,
    rejectOnRateLimit: (data: RateLimitData) => {
      const info: RateLimitInfo = {
        method: data.method,
        route: data.route,
        global: data.global,
        scope: data.scope,
        retryAfterMs: Math.max(0, Math.round(data.retryAfter)),
      };
      // A webhook route's major parameter is `{application id}/{interaction token}`: the token, valid
      // for 15 minutes, must not reach the log. Only the id before it is kept.
      const majorParameter = data.majorParameter.split('/')[0];
      settings.log.warn({ ...info, majorParameter }, 'discord rate limited');
      try {
        settings.onRateLimited?.(info);
      } catch {
        // A metrics callback must not break a request.
      }
      if (settings.rejectEveryRateLimit) return true;
      const limit = settings.rejectWaitsLongerThanMs;
      return limit !== undefined && info.retryAfterMs > limit;
    },
  };
}

export function createRest(token: string, settings: RestSettings): REST {
  return new REST(restOptions(settings)).setToken(token);
}

/**
 * Hands discord.js an object that is already in API shape. Plain objects would go through its
 * `jsonTransformer` (toSnakeCase: a deep copy with lodash's snakeCase on every key), which changes
 * nothing in our payloads (render.ts builds API objects) but costs ~0.1 ms per answer (issue #4,
 * bench/discord-path.ts); a JSONEncodable's `toJSON()` is sent as is.
 */
class AsIs<T> {
  constructor(private readonly value: T) {}

  toJSON(): T {
    return this.value;
  }
}

const asIs = <T>(value: T) => new AsIs(value);

/** What a message payload becomes for discord.js's interaction methods. */
function replyOptions(payload: DiscordPayload, ephemeral?: boolean): InteractionReplyOptions {
  const options: InteractionReplyOptions = {
    embeds: payload.embeds.map(asIs),
    components: (payload.components ?? []).map(asIs),
    allowedMentions: { parse: [] },
  };
  if (payload.content) options.content = payload.content;
  if (ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

// ------------------------------------------------------------------------------------- gateway

/** A discord.js interaction in the API shape parse.ts reads. */
export function fromDiscordJs(interaction: Interaction): RawInteraction {
  const user = {
    id: interaction.user.id,
    username: interaction.user.username,
    global_name: interaction.user.globalName,
  };
  const raw: RawInteraction = {
    id: interaction.id,
    token: interaction.token,
    type: interaction.type,
    application_id: interaction.applicationId,
    guild_id: interaction.guildId,
    channel_id: interaction.channelId,
    user,
  };
  if (interaction.inGuild()) {
    const nick = (interaction.member as { nick?: string | null } | null)?.nick ?? null;
    raw.member = { permissions: interaction.memberPermissions?.bitfield.toString() ?? null, nick, user };
  }
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    raw.data = { name: interaction.commandName, options: interaction.options.data as unknown as RawOption[] };
  } else if (interaction.isModalSubmit()) {
    // The submitted values in the API's shape (each in a label), as an HTTP submission carries them.
    raw.data = {
      custom_id: interaction.customId,
      components: [...interaction.fields.fields.values()].map((field) => ({
        type: ComponentType.Label,
        component: {
          type: field.type,
          custom_id: 'customId' in field ? field.customId : '',
          ...('value' in field && typeof field.value === 'string' ? { value: field.value } : {}),
          ...('values' in field && Array.isArray(field.values) ? { values: [...field.values] } : {}),
        },
      })),
    };
  } else if (interaction.isMessageComponent()) {
    raw.data = { custom_id: interaction.customId, component_type: interaction.componentType };
    if (interaction.isStringSelectMenu()) raw.data.values = [...interaction.values];
  }
  return raw;
}

class DiscordJsResponder implements InteractionResponder {
  constructor(private readonly interaction: Interaction) {}

  private repliable() {
    if (!this.interaction.isRepliable())
      throw new Error(`interaction type ${this.interaction.type} cannot be replied to`);
    return this.interaction;
  }

  async reply(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    await this.repliable().reply(replyOptions(payload, ephemeral));
  }

  async update(payload: DiscordPayload): Promise<void> {
    if (!this.interaction.isMessageComponent()) throw new Error('only a component interaction updates its message');
    const { flags: _flags, ...options } = replyOptions(payload);
    await this.interaction.update(options);
  }

  async defer(ephemeral: boolean): Promise<void> {
    await this.repliable().deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }

  async editOriginal(payload: DiscordPayload): Promise<void> {
    const { flags: _flags, ...options } = replyOptions(payload);
    await this.repliable().editReply(options);
  }

  async followUp(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    await this.repliable().followUp(replyOptions(payload, ephemeral));
  }

  async autocomplete(choices: AutocompleteChoice[]): Promise<void> {
    if (!this.interaction.isAutocomplete()) throw new Error('not an autocomplete interaction');
    await this.interaction.respond(choices);
  }

  async modal(data: APIModalInteractionResponseCallbackData): Promise<void> {
    if (!this.interaction.isChatInputCommand() && !this.interaction.isMessageComponent())
      throw new Error(`interaction type ${this.interaction.type} cannot open a modal`);
    await this.interaction.showModal(asIs(data));
  }
}

export interface GatewayOptions {
  token: string;
  rest: RestSettings;
  log: Logger;
  readyTimeoutMs?: number;
}

/**
 * The gateway: a discord.js Client with only the Guilds intent (interactions need no other), its
 * REST moved by `rest.apiUrl` (the gateway URL then comes from `GET /gateway/bot` there).
 * discord.js heartbeats, resumes and reconnects on its own; this class logs what it does.
 */
export class GatewayTransport {
  readonly client: Client;
  private sink: InteractionSink | undefined;
  private stopping = false;

  constructor(private readonly options: GatewayOptions) {
    const log = options.log;
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: restOptions(options.rest),
      allowedMentions: { parse: [] },
    });
    this.client.on(Events.InteractionCreate, (interaction) => {
      const sink = this.sink;
      if (!sink) return;
      let raw: RawInteraction;
      try {
        raw = fromDiscordJs(interaction);
      } catch (error) {
        log.warn({ err: errorMessage(error) }, 'discord interaction not understood');
        return;
      }
      // Called inside an async function, so a synchronous throw is a rejection too, not an exception
      // thrown into discord.js's event dispatch.
      (async () => sink(raw, new DiscordJsResponder(interaction)))().catch((error: unknown) =>
        log.warn({ err: errorMessage(error) }, 'discord interaction failed'),
      );
    });
    this.client.on(Events.Error, (error) => log.error({ err: errorMessage(error) }, 'discord client error'));
    this.client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
    this.client.on(Events.ShardDisconnect, (event, shard) =>
      log.warn({ shard, code: event.code }, 'discord gateway disconnected'),
    );
    // destroy() closes the socket, which discord.js reports as a reconnect: not news while stopping.
    this.client.on(Events.ShardReconnecting, (shard) => {
      if (!this.stopping) log.info({ shard }, 'discord gateway reconnecting');
    });
    this.client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
    this.client.on(Events.ShardError, (error, shard) =>
      log.warn({ shard, err: errorMessage(error) }, 'discord gateway error'),
    );
  }

  async start(sink: InteractionSink): Promise<void> {
    this.sink = sink;
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    const loggedIn = this.client.login(this.options.token).then(() => ready);
    try {
      await within(loggedIn, timeoutMs, () => {
        throw new Error(`discord gateway not ready after ${timeoutMs} ms`);
      });
    } catch (error) {
      // A login still running after the time limit fails once the client is destroyed; nobody waits for it.
      loggedIn.catch(() => undefined);
      this.sink = undefined;
      await this.client.destroy();
      throw error;
    }
    this.options.log.info({ user: this.client.user?.tag }, 'discord gateway ready');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sink = undefined;
    await this.client.destroy();
  }

  isConnected(): boolean {
    if (!this.client.isReady()) return false;
    const shards = [...this.client.ws.shards.values()];
    return shards.length > 0 && shards.every((shard) => shard.status === Status.Ready);
  }
}

// ---------------------------------------------------------------------------------------- HTTP

export const INTERACTIONS_PATH = '/discord/interactions';
const MAX_BODY_BYTES = 256 * 1024;

class HttpResponder implements InteractionResponder {
  /** Resolves when the HTTP response (the first answer) has been written. */
  readonly acked: Promise<void>;
  private markAcked!: () => void;
  private readonly flushed: Promise<unknown>;

  constructor(
    private readonly res: ServerResponse,
    private readonly raw: RawInteraction,
    private readonly applicationId: string,
    private readonly rest: REST,
  ) {
    this.acked = new Promise((resolve) => {
      this.markAcked = resolve;
    });
    this.flushed = new Promise((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
    });
  }

  private answer(body: unknown): void {
    if (this.res.headersSent) throw new Error('interaction already answered');
    sendJson(this.res, 200, body);
    this.markAcked();
  }

  async reply(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    this.answer({ type: 4, data: ephemeral ? { ...payload, flags: EPHEMERAL } : payload });
  }

  async update(payload: DiscordPayload): Promise<void> {
    // Type 7 UPDATE_MESSAGE: the message carrying the component becomes the answer (no menu left).
    this.answer({ type: 7, data: { ...payload, components: payload.components ?? [] } });
  }

  async defer(ephemeral: boolean): Promise<void> {
    this.answer({ type: 5, data: ephemeral ? { flags: EPHEMERAL } : {} });
  }

  /**
   * Edits and follow-ups go over REST once the HTTP answer has left. Discord may not have taken
   * that answer in yet when a quick edit arrives (Unknown Message / Unknown Webhook): such a
   * request created nothing, so it is simply tried again shortly.
   */
  private async afterAnswer(send: () => Promise<unknown>): Promise<void> {
    await this.flushed;
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        const unknown = error instanceof DiscordAPIError && (error.code === 10008 || error.code === 10015);
        if (!unknown || attempt >= 3) throw error;
        await sleep(250 * attempt);
      }
    }
  }

  async editOriginal(payload: DiscordPayload): Promise<void> {
    const route = Routes.webhookMessage(this.applicationId, this.raw.token);
    await this.afterAnswer(() => this.rest.patch(route, { body: payload, auth: false }));
  }

  async followUp(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    const body = ephemeral ? { ...payload, flags: EPHEMERAL } : payload;
    const route = Routes.webhook(this.applicationId, this.raw.token);
    await this.afterAnswer(() => this.rest.post(route, { body, auth: false }));
  }

  async autocomplete(choices: AutocompleteChoice[]): Promise<void> {
    this.answer({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }

  async modal(data: APIModalInteractionResponseCallbackData): Promise<void> {
    this.answer({ type: InteractionResponseType.Modal, data });
  }
}

async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface HttpInteractionsOptions {
  http: HttpServer;
  publicKey: string;
  applicationId: string;
  /** For follow-ups and edits of deferred answers (webhook routes: no bot token needed). */
  rest: REST;
  log: Logger;
  path?: string;
  /** A signed interaction is executed at most once, whichever replica receives it. */
  replays?: ReplayGuard;
}

/**
 * `POST /discord/interactions`: Discord's outgoing-webhook way of delivering interactions, for
 * running stateless replicas behind a load balancer. Mounted at construction (so the process knows
 * it must listen); answers 503 until `start`. The first answer goes in the HTTP response; a deferred
 * answer is completed by PATCHing `webhooks/{app}/{token}/messages/@original`.
 */
export class HttpInteractionsEndpoint {
  private readonly key: KeyObject;
  private sink: InteractionSink | undefined;

  constructor(private readonly options: HttpInteractionsOptions) {
    this.key = discordPublicKey(options.publicKey);
    options.http.mount('POST', options.path ?? INTERACTIONS_PATH, (req, res) => this.handle(req, res));
  }

  start(sink: InteractionSink): void {
    this.sink = sink;
  }

  stop(): void {
    this.sink = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log } = this.options;
    const body = await readRawBody(req, MAX_BODY_BYTES);
    if (!body) {
      // The rest of the body is never read: the connection cannot carry another request.
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('payload too large');
      return;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const verdict = verifyDiscordRequest(
      this.key,
      header('x-signature-ed25519'),
      header('x-signature-timestamp'),
      body,
    );
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'discord interaction refused');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
      return;
    }
    let raw: RawInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as RawInteraction;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid JSON');
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not an interaction');
      return;
    }
    if (raw.type === InteractionKind.Ping) {
      sendJson(res, 200, { type: 1 });
      return;
    }
    const timestamp = Number(header('x-signature-timestamp'));
    const fresh = await this.options.replays
      ?.firstSeen(`discord:${String(raw.id)}`, new Date(timestamp * 1000 + MAX_SKEW_MS))
      .catch((error: unknown) => {
        // Without the shared record a replay cannot be told apart: refuse rather than run twice.
        log.error({ err: errorMessage(error) }, 'could not check a discord interaction for replay');
        return false;
      });
    if (fresh === false) {
      log.warn({ id: raw.id }, 'discord interaction replayed; refused');
      res.writeHead(409, { 'content-type': 'text/plain' }).end('interaction already handled');
      return;
    }
    const sink = this.sink;
    if (!sink) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('not ready');
      return;
    }
    const responder = new HttpResponder(res, raw, this.options.applicationId, this.options.rest);
    // A synchronous throw (an interaction of an unexpected shape) is a rejection here, not a 500.
    const done = (async () => sink(raw, responder))().catch((error: unknown) =>
      log.warn({ err: errorMessage(error) }, 'discord interaction failed'),
    );
    // Return once the first answer is written; edits and follow-ups carry on in the background.
    await Promise.race([responder.acked, done]);
    if (!res.headersSent) sendJson(res, 400, { error: 'interaction not handled' });
  }
}
