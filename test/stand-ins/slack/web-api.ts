/**
 * Web API semantics of the Slack stand-in: authentication, per-channel behaviour, rate limits and
 * the methods the product uses (auth.test, chat.postMessage, chat.update, chat.postEphemeral,
 * conversations.history, apps.connections.open). Transport (HTTP parsing) lives in server.ts.
 */
import { type ApiReply, fail, messageContent, ok, str } from './args.js';
import { withBlockIds } from './blocks.js';
import { conversationsHistory, conversationsReplies, publicMessage } from './history.js';
import { type OAuthAppConfig, SlackOAuthDesk } from './oauth.js';
import { SlidingWindowLimiter, TsClock } from './rate-limit.js';
import type {
  ChannelFailure,
  EphemeralMessage,
  PostedMessage,
  RecordedRequest,
  ResolvedWorkspace,
  StoredMessage,
  UpdatedMessage,
} from './types.js';
import { SlackViews } from './views.js';

export interface ApiRequest {
  method: string;
  args: Record<string, unknown>;
  /** Token from `Authorization: Bearer …`, if any. */
  headerToken: string | undefined;
  /** True for application/json bodies (Slack reads the token only from the header then). */
  isJson: boolean;
  /** JSON body sent without `charset` — Slack answers with a `missing_charset` warning. */
  missingCharset: boolean;
  contentType: string;
  /** The raw Authorization header (oauth.v2.access takes HTTP Basic). */
  authorization?: string;
}

export interface WebApiConfig {
  workspaces: ResolvedWorkspace[];
  appToken: string;
  appId: string;
  channels: Set<string> | undefined;
  postMessageBurst: number;
  postMessageWindowMs: number;
  methodBudgetPerMinute: Record<string, number>;
  oauth: OAuthAppConfig;
  /** Issues a single-use Socket Mode URL. */
  openSocketUrl: () => string;
}

const KNOWN_METHODS = new Set([
  'api.test',
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'conversations.history',
  'conversations.replies',
  'apps.connections.open',
  'oauth.v2.access',
  'users.info',
  'views.open',
  'views.publish',
]);

/** A workspace member as users.info describes one (the fields Sitrep and Slack's docs care about here). */
export interface StandInUser {
  id: string;
  name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SlackWebApi {
  readonly posted: PostedMessage[] = [];
  readonly updates: UpdatedMessage[] = [];
  readonly ephemerals: EphemeralMessage[] = [];
  readonly requests: RecordedRequest[] = [];
  rateLimited = 0;
  readonly clock = new TsClock();

  private readonly history = new Map<string, StoredMessage[]>();
  private readonly failures = new Map<string, ChannelFailure>();
  private readonly delays = new Map<string, number>();
  private readonly oneShot429: Array<{ retryAfter: number; method: string | undefined }> = [];
  private readonly postLimiter: SlidingWindowLimiter;
  private readonly methodLimiters = new Map<string, SlidingWindowLimiter>();
  private readonly byToken = new Map<string, ResolvedWorkspace>();
  private readonly revoked = new Set<string>();
  private readonly users = new Map<string, StandInUser>();
  readonly oauth: SlackOAuthDesk;
  readonly views = new SlackViews();

  constructor(private readonly cfg: WebApiConfig) {
    for (const ws of cfg.workspaces) this.addWorkspace(ws);
    this.oauth = new SlackOAuthDesk(
      cfg.oauth,
      (teamId) => (teamId ? this.workspaceByTeam(teamId) : cfg.workspaces[0]),
      cfg.appId,
    );
    this.postLimiter = new SlidingWindowLimiter(cfg.postMessageBurst, cfg.postMessageWindowMs);
    for (const [method, perMinute] of Object.entries(cfg.methodBudgetPerMinute)) {
      this.methodLimiters.set(method, new SlidingWindowLimiter(perMinute, 60_000));
    }
  }

  addWorkspace(ws: ResolvedWorkspace): void {
    this.byToken.set(ws.botToken, ws);
  }

  /** Adds or changes a member; `is_admin`/`is_owner` default to false. */
  setUser(teamId: string, user: Partial<StandInUser> & { id: string }): StandInUser {
    const current = this.users.get(`${teamId}|${user.id}`);
    const next: StandInUser = {
      name: user.id.toLowerCase(),
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      ...current,
      ...user,
    };
    this.users.set(`${teamId}|${user.id}`, next);
    return next;
  }

  /** A person who typed a command exists in that workspace (as a plain member unless set otherwise). */
  knowUser(teamId: string, userId: string, name?: string): void {
    if (!this.users.has(`${teamId}|${userId}`)) this.setUser(teamId, { id: userId, ...(name ? { name } : {}) });
  }

  /** The workspace uninstalled the app: its bot token stops working (`invalid_auth`, as Slack answers revoked tokens). */
  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  workspaceByTeam(teamId: string): ResolvedWorkspace | undefined {
    for (const ws of this.byToken.values()) if (ws.teamId === teamId) return ws;
    return undefined;
  }

  setChannelFailure(channel: string, failure: ChannelFailure | undefined): void {
    if (failure) this.failures.set(channel, failure);
    else this.failures.delete(channel);
  }

  setChannelDelay(channel: string, ms: number): void {
    if (ms > 0) this.delays.set(channel, ms);
    else this.delays.delete(channel);
  }

  failNextWithRateLimit(retryAfterSeconds: number, method?: string): void {
    this.oneShot429.push({ retryAfter: retryAfterSeconds, method });
  }

  resetRateLimits(): void {
    this.postLimiter.reset();
    for (const l of this.methodLimiters.values()) l.reset();
  }

  /** Messages of a channel, oldest first (a copy). */
  channelMessages(teamId: string, channel: string): StoredMessage[] {
    return [...(this.history.get(`${teamId}|${channel}`) ?? [])];
  }

  findMessage(teamId: string, channel: string, ts: string): StoredMessage | undefined {
    return this.history.get(`${teamId}|${channel}`)?.find((m) => m.ts === ts);
  }

  /** Stores a message in channel history (chat.postMessage, or an in_channel response_url post). */
  storeMessage(msg: Omit<StoredMessage, 'type' | 'ts'> & { ts?: string }): StoredMessage {
    const stored: StoredMessage = { type: 'message', ...msg, ts: msg.ts ?? this.clock.next() };
    const key = `${msg.team}|${msg.channel}`;
    const list = this.history.get(key) ?? [];
    list.push(stored);
    this.history.set(key, list);
    return stored;
  }

  async handle(req: ApiRequest): Promise<ApiReply> {
    const reply = await this.dispatch(req);
    if (reply.status === 429) this.rateLimited += 1;
    const body = typeof reply.body === 'string' ? undefined : reply.body;
    const record: RecordedRequest = {
      method: req.method,
      status: reply.status,
      ok: body?.ok === true,
      body: req.args,
      contentType: req.contentType,
      at: Date.now(),
    };
    if (typeof body?.error === 'string') record.error = body.error;
    const team = this.resolveToken(req)?.teamId;
    if (team) record.team = team;
    const channel = str(req.args.channel);
    if (channel) record.channel = channel;
    this.requests.push(record);
    if (body?.ok === true && req.missingCharset) {
      body.warning = 'missing_charset';
      body.response_metadata = { warnings: ['missing_charset'] };
    }
    return reply;
  }

  private resolveToken(req: ApiRequest): ResolvedWorkspace | undefined {
    const token = req.headerToken ?? (req.isJson ? undefined : str(req.args.token));
    return token ? this.byToken.get(token) : undefined;
  }

  private rateLimitedReply(retryAfter: number): ApiReply {
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(retryAfter) } };
  }

  private async dispatch(req: ApiRequest): Promise<ApiReply> {
    const channel = str(req.args.channel);
    const delay = channel ? this.delays.get(channel) : undefined;
    if (delay) await sleep(delay);

    const oneShotIdx = this.oneShot429.findIndex((o) => o.method === undefined || o.method === req.method);
    if (oneShotIdx >= 0) {
      const [o] = this.oneShot429.splice(oneShotIdx, 1);
      return this.rateLimitedReply(o?.retryAfter ?? 1);
    }
    if (!KNOWN_METHODS.has(req.method)) return fail('unknown_method', { req_method: req.method });
    if (req.method === 'api.test') return ok({ args: req.args });
    if (req.method === 'oauth.v2.access') return this.oauth.access(req.args, req.authorization);

    // Authentication.
    if (req.method === 'apps.connections.open') {
      // "you will need to pass this token in the HTTP Authorization header of your request;
      //  passing it as a POST parameter will result in an error."
      if (!req.headerToken) return fail(req.args.token !== undefined ? 'invalid_auth' : 'not_authed');
      if (req.headerToken === this.cfg.appToken) return ok({ url: this.cfg.openSocketUrl() });
      if (this.byToken.has(req.headerToken)) return fail('not_allowed_token_type');
      return fail('invalid_auth');
    }
    const token = req.headerToken ?? (req.isJson ? undefined : str(req.args.token));
    if (!token) return fail('not_authed');
    if (token === this.cfg.appToken) return fail('not_allowed_token_type');
    const ws = this.byToken.get(token);
    if (!ws) return fail('invalid_auth');
    if (this.revoked.has(token)) return fail('token_revoked');

    // Per-channel behaviour configured by the test.
    const failure = channel ? this.failures.get(channel) : undefined;
    if (failure?.kind === 'status') {
      return {
        status: failure.status,
        body: `<html><body>${failure.status} Server Error</body></html>`,
        headers: { 'Content-Type': 'text/html' },
      };
    }
    if (failure?.kind === 'error') return fail(failure.error);

    // Method-level budget per workspace (tiers are "per API method per workspace per app").
    const limiter = this.methodLimiters.get(req.method);
    if (limiter) {
      const wait = limiter.take(`${ws.teamId}|${req.method}`);
      if (wait !== null) return this.rateLimitedReply(wait);
    }

    switch (req.method) {
      case 'auth.test':
        return ok({
          url: `https://${ws.teamDomain}.slack.com/`,
          team: ws.teamName,
          user: 'sitrep',
          team_id: ws.teamId,
          user_id: ws.botUserId,
          bot_id: ws.botId,
          is_enterprise_install: false,
        });
      case 'chat.postMessage':
        return this.postMessage(ws, req.args);
      case 'chat.update':
        return this.update(ws, req.args);
      case 'chat.postEphemeral':
        return this.postEphemeral(ws, req.args);
      case 'users.info': {
        const user = str(req.args.user);
        const found = user ? this.users.get(`${ws.teamId}|${user}`) : undefined;
        if (!found) return fail('user_not_found');
        return ok({
          user: {
            ...found,
            team_id: ws.teamId,
            deleted: false,
            real_name: found.name,
            is_bot: false,
            is_app_user: false,
            is_restricted: false,
            is_ultra_restricted: false,
            updated: Math.floor(Date.now() / 1000),
          },
        });
      }
      case 'views.open':
      case 'views.publish':
        return this.views.handle(ws.teamId, req.method, req.args);
      case 'conversations.history': {
        const channel = str(req.args.channel);
        if (this.channelMissing(channel, ws) || !channel) return fail('channel_not_found');
        return conversationsHistory(this.channelMessages(ws.teamId, channel), req.args);
      }
      case 'conversations.replies': {
        const channel = str(req.args.channel);
        if (this.channelMissing(channel, ws) || !channel) return fail('channel_not_found');
        return conversationsReplies(this.channelMessages(ws.teamId, channel), req.args);
      }
      default:
        return fail('unknown_method', { req_method: req.method });
    }
  }

  private channelMissing(channel: string | undefined, ws: ResolvedWorkspace): boolean {
    if (!channel) return true;
    if (ws.channels && !ws.channels.includes(channel)) return true;
    return this.cfg.channels !== undefined && !this.cfg.channels.has(channel);
  }

  private postMessage(ws: ResolvedWorkspace, args: Record<string, unknown>): ApiReply {
    const channel = str(args.channel);
    if (this.channelMissing(channel, ws) || !channel) return fail('channel_not_found');
    const content = messageContent(args);
    if ('error' in content) return content.error;
    // "chat.postMessage generally allows posting one message per second per channel" (short bursts tolerated).
    const wait = this.postLimiter.take(`${ws.teamId}|${channel}`);
    if (wait !== null) return this.rateLimitedReply(wait);
    const threadTs = str(args.thread_ts);
    const stored = this.storeMessage({
      team: ws.teamId,
      channel,
      text: content.text ?? '',
      user: ws.botUserId,
      bot_id: ws.botId,
      app_id: this.cfg.appId,
      ...(content.blocks ? { blocks: withBlockIds(content.blocks) } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(content.metadata ? { metadata: content.metadata } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      via: 'chat.postMessage',
    });
    this.posted.push({
      team: ws.teamId,
      channel,
      ts: stored.ts,
      text: content.text,
      blocks: content.blocks,
      metadata: content.metadata,
      thread_ts: threadTs,
      args,
      at: Date.now(),
    });
    return ok({ channel, ts: stored.ts, message: publicMessage(stored, true) });
  }

  private update(ws: ResolvedWorkspace, args: Record<string, unknown>): ApiReply {
    const channel = str(args.channel);
    if (this.channelMissing(channel, ws) || !channel) return fail('channel_not_found');
    const ts = str(args.ts);
    const target = ts ? this.findMessage(ws.teamId, channel, ts) : undefined;
    if (!target || !ts) return fail('message_not_found');
    if (target.bot_id !== ws.botId) return fail('cant_update_message');
    const content = messageContent(args);
    if ('error' in content) return content.error;
    if (content.text !== undefined) target.text = content.text;
    if (content.blocks !== undefined) target.blocks = withBlockIds(content.blocks);
    if (content.attachments !== undefined) target.attachments = content.attachments;
    if (content.metadata !== undefined) target.metadata = content.metadata;
    target.edited = { user: ws.botUserId, ts: this.clock.next() };
    this.updates.push({
      team: ws.teamId,
      channel,
      ts,
      text: content.text,
      blocks: content.blocks,
      metadata: content.metadata,
      args,
      at: Date.now(),
    });
    return ok({ channel, ts, text: target.text, message: publicMessage(target, true) });
  }

  private postEphemeral(ws: ResolvedWorkspace, args: Record<string, unknown>): ApiReply {
    const channel = str(args.channel);
    if (this.channelMissing(channel, ws) || !channel) return fail('channel_not_found');
    const user = str(args.user);
    if (!user) return fail('user_not_found');
    const content = messageContent(args);
    if ('error' in content) return content.error;
    const messageTs = this.clock.next();
    this.ephemerals.push({
      team: ws.teamId,
      channel,
      user,
      message_ts: messageTs,
      text: content.text,
      blocks: content.blocks,
      args,
      at: Date.now(),
    });
    return ok({ message_ts: messageTs });
  }
}
