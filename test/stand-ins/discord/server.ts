// Local stand-in for Discord's REST API (v10) and gateway, for end-to-end tests with the real discord.js.
// Usage:
//   const discord = await startDiscordStandIn({ heartbeatIntervalMs: 1000 });
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
//   await client.login(discord.token);
//   const sent = discord.sendInteraction({ commandName: 'brief', subcommand: 'now' });
//   const callback = await sent.callback();
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ADMINISTRATOR,
  apiApplication,
  apiBotUser,
  apiChannel,
  buildInteraction,
  DEFAULT_GUILD_ID,
  DEFAULT_PERMISSIONS,
  type InteractionInput,
  type Json,
  newMessage,
  randomToken,
  snowflake,
} from './fixtures.js';
import { StandInGateway } from './gateway.js';
import { ApiError, errors, type Reply, readBody, send, sleep } from './http.js';
import { type LimitSpec, type OneShot, RateLimiter } from './ratelimit.js';
import { type ChannelError, type RecordedRequest, type SentInteraction, StandInRecords } from './records.js';
import { majorParameter, matchRoute } from './rest.js';
import { type HttpInteractionOptions, type HttpInteractionResult, sendSignedInteraction } from './signing.js';

export type { InteractionInput, InteractionOptionInput, Json, StoredCommand, StoredMessage } from './fixtures.js';
export { buildInteraction, DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, DEFAULT_USER, snowflake } from './fixtures.js';
export type { ConnectionRecord, IdentifyRecord, ResumeRecord } from './gateway.js';
export type { LimitSpec, OneShot } from './ratelimit.js';
export type {
  ChannelError,
  InteractionState,
  RecordedCallback,
  RecordedEdit,
  RecordedFollowup,
  RecordedRateLimit,
  RecordedRequest,
  SentInteraction,
} from './records.js';
export type { HttpInteractionOptions, HttpInteractionResult, InteractionKeyPair } from './signing.js';
export { generateInteractionKeyPair, publicKeyHex, sendSignedInteraction, signInteraction } from './signing.js';

export interface DiscordStandInOptions {
  /** Bot token expected in `Authorization: Bot <token>` and IDENTIFY. */
  token?: string;
  applicationId?: string;
  botUser?: { id: string; username: string };
  applicationFlags?: number;
  /** HELLO heartbeat_interval (Discord uses ~41250 ms). */
  heartbeatIntervalMs?: number;
  /** Per-channel bucket for POST /channels/{id}/messages. Default 5 per 5 s. */
  channelMessageLimit?: LimitSpec;
  /** Bucket for every other route (per route + top-level resource). Default 50 per 1 s. */
  routeLimit?: LimitSpec;
  /** Bucket for interaction callback / webhook routes. Default 30 per 1 s. */
  interactionLimit?: LimitSpec;
  /** Global requests per second per token (interaction routes exempt). Default 50. */
  globalLimitPerSecond?: number;
  /** Retry-After header as integer seconds like Discord ('ceil', default) or the exact float ('exact'). */
  retryAfterHeader?: 'ceil' | 'exact';
  /** enforce_nonce dedupe window. Default 5 minutes. */
  nonceWindowMs?: number;
  /** Docs say "same author"; 'channel' scopes dedupe to author + channel. Default 'author'. */
  nonceScope?: 'author' | 'channel';
  /** Interaction callbacks later than this after dispatch get 404 Unknown interaction (Discord: 3000). Off by default. */
  callbackDeadlineMs?: number;
  /** Returned as verify_key by GET /applications/@me. */
  publicKeyHex?: string;
}

interface Fault {
  error?: ChannelError;
  status?: { status: number; remaining: number };
  delayMs?: number;
}

export class DiscordStandIn extends StandInRecords {
  readonly token: string;
  readonly applicationId: string;
  readonly botApiUser: Json;
  readonly options: Required<Omit<DiscordStandInOptions, 'callbackDeadlineMs' | 'publicKeyHex'>> &
    Pick<DiscordStandInOptions, 'callbackDeadlineMs' | 'publicKeyHex'>;
  readonly gateway: StandInGateway;

  private readonly faults = new Map<string, Fault>();
  private readonly limiter: RateLimiter;
  private readonly server: Server;
  private port = 0;

  private constructor(opts: DiscordStandInOptions) {
    super();
    const botUser = opts.botUser ?? { id: '1000000000000000001', username: 'sitrep-stand-in' };
    this.token = opts.token ?? 'stand-in-bot-token.not-a-real-token';
    this.applicationId = opts.applicationId ?? botUser.id;
    this.botApiUser = apiBotUser(botUser);
    this.options = {
      token: this.token,
      applicationId: this.applicationId,
      botUser,
      applicationFlags: opts.applicationFlags ?? 0,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      channelMessageLimit: opts.channelMessageLimit ?? { limit: 5, windowMs: 5000 },
      routeLimit: opts.routeLimit ?? { limit: 50, windowMs: 1000 },
      interactionLimit: opts.interactionLimit ?? { limit: 30, windowMs: 1000 },
      globalLimitPerSecond: opts.globalLimitPerSecond ?? 50,
      retryAfterHeader: opts.retryAfterHeader ?? 'ceil',
      nonceWindowMs: opts.nonceWindowMs ?? 5 * 60_000,
      nonceScope: opts.nonceScope ?? 'author',
      callbackDeadlineMs: opts.callbackDeadlineMs,
      publicKeyHex: opts.publicKeyHex,
    };
    this.limiter = new RateLimiter(this.options.globalLimitPerSecond, this.options.retryAfterHeader);
    this.gateway = new StandInGateway({
      token: this.token,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      applicationId: this.applicationId,
      applicationFlags: this.options.applicationFlags,
      botUser: this.botApiUser,
      baseUrl: () => `ws://127.0.0.1:${this.port}`,
    });
    for (const e of ['identify', 'resume', 'heartbeat', 'close', 'connection']) this.gateway.on(e, () => this.notify());
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(opts: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
    const s = new DiscordStandIn(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** Pass as discord.js `rest: { api }` / @discordjs/rest `api`. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  get identifyCount(): number {
    return this.gateway.identifies.length;
  }
  get resumeCount(): number {
    return this.gateway.resumes.filter((r) => r.ok).length;
  }
  get heartbeatCount(): number {
    return this.gateway.heartbeats;
  }
  get rateLimitedCount(): number {
    return this.rateLimited.length;
  }

  gatewayBotInfo(): Json {
    return {
      url: this.gatewayUrl,
      shards: 1,
      session_start_limit: {
        total: 1000,
        remaining: Math.max(0, 1000 - this.identifyCount),
        reset_after: 86_400_000,
        max_concurrency: 1,
      },
    };
  }

  applicationObject(): Json {
    return apiApplication(
      this.applicationId,
      this.botApiUser,
      this.options.applicationFlags,
      this.options.publicKeyHex,
    );
  }

  channelObject(channelId: string): Json {
    return apiChannel(
      channelId,
      this.messagesIn(channelId)
        .filter((m) => !m.deleted)
        .at(-1)?.id ?? null,
    );
  }

  // ------------------------------------------------------------ fault injection

  private fault(channelId: string): Fault {
    let f = this.faults.get(channelId);
    if (!f) {
      f = {};
      this.faults.set(channelId, f);
    }
    return f;
  }

  /** Answer every /channels/{id}/… request with a Discord JSON error (null clears). */
  setChannelError(channelId: string, error: ChannelError | null): void {
    this.fault(channelId).error = error ?? undefined;
  }
  /** Answer /channels/{id}/… with this HTTP status (e.g. 500); `times` limits it to the next N requests. */
  setChannelStatus(channelId: string, status: number | null, times = Number.POSITIVE_INFINITY): void {
    this.fault(channelId).status = status === null ? undefined : { status, remaining: times };
  }
  /** Delay responses for /channels/{id}/… by `ms` (0 clears). */
  setChannelDelay(channelId: string, ms: number): void {
    this.fault(channelId).delayMs = ms;
  }
  clearChannelFaults(channelId?: string): void {
    if (channelId) this.faults.delete(channelId);
    else this.faults.clear();
  }
  /** The next matching request (default: any) gets a 429 with these values. */
  failNextWithRateLimit(opts: { retryAfter: number; global?: boolean } & Omit<Partial<OneShot>, 'retryAfter'>): void {
    this.limiter.failNext({ ...opts, global: opts.global ?? false });
  }

  // ------------------------------------------------------------ waiting (see records.ts for the rest)

  /** Resolves once `identifyCount >= n`. */
  waitForIdentify(n = 1, timeoutMs?: number): Promise<number> {
    return this.waitFor(() => this.identifyCount >= n && this.identifyCount, timeoutMs, `identify #${n}`);
  }
  /** Resolves once `resumeCount >= n` (successful RESUMEs). */
  waitForResume(n = 1, timeoutMs?: number): Promise<number> {
    return this.waitFor(() => this.resumeCount >= n && this.resumeCount, timeoutMs, `resume #${n}`);
  }
  waitForHeartbeats(n: number, timeoutMs?: number): Promise<number> {
    return this.waitFor(() => this.heartbeatCount >= n && this.heartbeatCount, timeoutMs, `${n} heartbeats`);
  }

  // ------------------------------------------------------------ gateway driving

  /** Build a complete interaction (see fixtures.buildInteraction); command ids resolve from registered commands. */
  buildInteraction(input: InteractionInput): Json {
    const guild = input.guildId === undefined ? DEFAULT_GUILD_ID : input.guildId;
    const known = [...(guild ? (this.commands.guilds.get(guild) ?? []) : []), ...this.commands.global].find(
      (c) => c.name === input.commandName && c.type === 1,
    );
    // Discord offers a command only to members holding its default_member_permissions (or
    // Administrator), and only in the contexts it lists; nobody else can invoke it.
    const permissions = BigInt(input.permissions ?? DEFAULT_PERMISSIONS);
    const needed = known?.default_member_permissions;
    if (guild && typeof needed === 'string' && needed !== '') {
      const holds = (permissions & BigInt(needed)) === BigInt(needed) || (permissions & ADMINISTRATOR) !== 0n;
      if (!holds) throw new Error(`Discord does not offer /${input.commandName} to this member (needs ${needed})`);
    }
    const contexts = known?.contexts;
    if (Array.isArray(contexts) && !contexts.includes(guild ? 0 : 1))
      throw new Error(`Discord does not offer /${input.commandName} ${guild ? 'in servers' : 'in DMs'}`);
    return buildInteraction(input, this.applicationId, known?.id);
  }

  /** Dispatch INTERACTION_CREATE over the gateway. Pass a full raw object via `{ raw }` to send it verbatim. */
  sendInteraction(input: InteractionInput | { raw: Json }): SentInteraction {
    const payload = 'raw' in input ? input.raw : this.buildInteraction(input);
    const state = this.register(payload);
    const seq = this.gateway.dispatch('INTERACTION_CREATE', payload);
    return {
      id: state.id,
      token: state.token,
      payload,
      seq,
      callback: (t) => this.waitForCallback(state.id, t),
      originalEdit: (t) => this.waitForOriginalEdit(state.token, t),
    };
  }

  /**
   * The member fills in and submits the modal that answered `opened` (callback type 9): a
   * MODAL_SUBMIT interaction (type 5) carrying each label's component with its value, as Discord
   * sends it. Values name the components' custom_ids; a select takes its values as an array.
   * Throws, as Discord's client would not send it, when a required field is left empty.
   */
  async submitModal(opened: SentInteraction, values: Record<string, string | string[]>): Promise<SentInteraction> {
    const callback = await opened.callback();
    if (callback.type !== 9)
      throw new Error(`interaction ${opened.id} was answered with type ${callback.type}, not a modal`);
    const modal = callback.data as { custom_id: string; components: Json[] };
    const components = modal.components.map((label, i) => {
      const inner = (
        label as {
          component: Json & {
            custom_id: string;
            type: number;
            required?: boolean;
            value?: string;
            options?: Array<{ value: string; default?: boolean }>;
          };
        }
      ).component;
      const given = values[inner.custom_id];
      const chosen =
        inner.type === 3
          ? given === undefined
            ? (inner.options ?? []).filter((o) => o.default).map((o) => o.value)
            : [given].flat()
          : undefined;
      const text = inner.type === 4 ? (typeof given === 'string' ? given : (inner.value ?? '')) : undefined;
      if (inner.required && (chosen ? chosen.length === 0 : !text)) throw new Error(`${inner.custom_id} is required`);
      const component = {
        type: inner.type,
        id: i * 2 + 2,
        custom_id: inner.custom_id,
        ...(chosen ? { values: chosen } : { value: text }),
      };
      return { type: 18, id: i * 2 + 1, component };
    });
    const raw = {
      ...opened.payload,
      id: snowflake(),
      token: `aW50ZXJhY3Rpb246${randomToken(48)}`,
      type: 5,
      data: { custom_id: modal.custom_id, components },
    };
    return this.sendInteraction({ raw });
  }

  /** Dispatch any gateway event on the current session. */
  dispatch(t: string, d: unknown): number {
    return this.gateway.dispatch(t, d);
  }

  dropConnection(opts?: { code?: number; reason?: string; terminate?: boolean }): Promise<void> {
    return this.gateway.dropConnection(opts);
  }

  /**
   * POST a signed interaction to an app's interactions endpoint like Discord. The interaction is
   * registered (so REST followups / @original edits with its token work) and a JSON response with a
   * `type` is recorded as its callback (via 'http').
   */
  async sendHttpInteraction(url: string, body: Json, opts: HttpInteractionOptions): Promise<HttpInteractionResult> {
    const state = typeof body.id === 'string' && typeof body.token === 'string' ? this.register(body) : undefined;
    const result = await sendSignedInteraction(url, body, opts);
    const reply = result.body as Json | undefined;
    if (state && !state.callback && result.status === 200 && reply && typeof reply.type === 'number') {
      // Added for the Discord adapter (issue #4): an interaction answered in the HTTP response gets
      // its @original message too, as over REST, so a deferred answer (type 5) can be completed by
      // PATCH webhooks/{app}/{token}/messages/@original and a type 4 answer can be fetched or edited.
      if (reply.type === 4 || reply.type === 5) {
        const data = (reply.data as Json | undefined) ?? {};
        const flags = typeof data.flags === 'number' ? data.flags : 0;
        state.original = newMessage(
          state.channelId,
          this.botApiUser,
          reply.type === 5 ? { flags: (flags & 64) | 128 } : data,
          {
            type: 20,
            webhook_id: this.applicationId,
            application_id: this.applicationId,
            interaction_metadata: { id: state.id, type: state.payload.type, user: state.user },
          },
        );
      }
      state.callback = {
        at: Date.now(),
        elapsedMs: Date.now() - state.dispatchedAt,
        interactionId: state.id,
        token: state.token,
        type: reply.type,
        data: (reply.data as Json | undefined) ?? null,
        body: reply,
        via: 'http',
      };
      this.callbacks.push(state.callback);
      this.notify();
    }
    return result;
  }

  // ------------------------------------------------------------ HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const rec: RecordedRequest = {
      at: Date.now(),
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
      authorization: req.headers.authorization ?? null,
      body: undefined,
      files: [],
    };
    this.requests.push(rec);
    let reply: Reply;
    let headers: Record<string, string> = {};
    try {
      const parsed = await readBody(req);
      rec.body = parsed.body;
      rec.files = parsed.files;
      if (!url.pathname.startsWith('/api/v10/')) throw errors.notFound();
      const path = url.pathname
        .slice('/api/v10'.length)
        .split('/')
        .map((seg) => decodeURIComponent(seg))
        .join('/');
      const match = matchRoute(method, path);
      if (match === null) throw errors.notFound();
      if (match === 'method') throw errors.methodNotAllowed();
      const { route, params } = match;
      const unauthorized = route.auth && req.headers.authorization !== `Bot ${this.token}`;
      const spec =
        route.limit === 'messages'
          ? this.options.channelMessageLimit
          : route.limit === 'interaction'
            ? this.options.interactionLimit
            : this.options.routeLimit;
      const decision = this.limiter.check({
        method,
        path,
        template: route.template,
        major: majorParameter(route, params),
        spec,
        globalKey: route.auth ? String(req.headers.authorization) : null,
        peek: unauthorized,
      });
      headers = decision.headers;
      if (unauthorized) throw errors.unauthorized();
      if (decision.limited) {
        this.rateLimited.push({
          at: Date.now(),
          method,
          path,
          global: decision.limited.global,
          scope: decision.limited.scope,
          retryAfter: decision.limited.body.retry_after,
          oneShot: decision.limited.oneShot,
        });
        reply = { status: 429, body: decision.limited.body };
      } else {
        if (route.template.startsWith('/channels/')) await this.applyFaults(params[0]!);
        reply = await route.handle({
          s: this,
          params,
          query: url.searchParams,
          body: parsed.body,
          files: parsed.files,
        });
      }
    } catch (err) {
      if (err instanceof ApiError) reply = { status: err.status, body: err.body };
      else reply = { status: 500, body: { message: `500: Internal Server Error (${String(err)})`, code: 0 } };
    }
    reply.headers = { ...headers, ...(reply.headers ?? {}) };
    rec.status = reply.status;
    this.notify();
    if (!res.destroyed) send(res, reply);
  }

  private async applyFaults(channelId: string): Promise<void> {
    const f = this.faults.get(channelId);
    if (!f) return;
    if (f.delayMs) await sleep(f.delayMs);
    if (f.error === 'missing_access') throw errors.missingAccess();
    if (f.error === 'unknown_channel') throw errors.unknownChannel();
    if (f.error === 'missing_permissions') throw errors.missingPermissions();
    if (f.status && f.status.remaining > 0) {
      f.status.remaining--;
      throw errors.status(f.status.status);
    }
  }

  /** Forget records and rate-limit state (keeps registered commands and gateway session). */
  override resetRecords(): void {
    super.resetRecords();
    this.limiter.reset();
  }

  async close(): Promise<void> {
    await this.gateway.shutdown();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.events.removeAllListeners();
  }
}

export function startDiscordStandIn(opts?: DiscordStandInOptions): Promise<DiscordStandIn> {
  return DiscordStandIn.start(opts);
}
