/**
 * Slack stand-in for end-to-end tests: a local HTTP + WebSocket server on 127.0.0.1 (random port) that
 * behaves like Slack as far as its documentation says — Web API envelope and errors, HTTP 429 with
 * Retry-After, Socket Mode, signed slash commands / block actions, and response_url.
 *
 *   const slack = await startSlackStandIn({ workspaces: makeWorkspaces(10) });
 *   const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
 *   …
 *   await slack.close();
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ackBodyAsMessage,
  type BlockActionInput,
  blockActionsPayload,
  newTriggerId,
  type PayloadContext,
  postSigned,
  type SignedPostResult,
  type SigningOptions,
  type SlashCommandInput,
  slashCommandPayload,
  type WhereAndWho,
} from './delivery.js';
import { handleApi, sendJson } from './http-util.js';
import { ResponseRegistry } from './responses.js';
import { type EnvelopeOptions, SocketModeHub } from './socket-mode.js';
import type {
  HttpDeliveryResult,
  RecordedResponse,
  ResolvedWorkspace,
  SlackStandInOptions,
  SocketAck,
  StoredMessage,
  WorkspaceConfig,
} from './types.js';
import { SlackWebApi } from './web-api.js';

export type { BlockActionInput, SigningOptions, SlashCommandInput } from './delivery.js';
export { slackSignature } from './delivery.js';
export type * from './types.js';

/** `n` workspaces T0000001…, tokens xoxb-test-1… — handy for multi-workspace tests. */
export function makeWorkspaces(n: number): WorkspaceConfig[] {
  return Array.from({ length: n }, (_, i) => ({
    teamId: `T${String(i + 1).padStart(7, '0')}`,
    botToken: `xoxb-test-${i + 1}`,
    teamName: `Workspace ${i + 1}`,
    teamDomain: `workspace-${i + 1}`,
  }));
}

function resolveWorkspace(w: WorkspaceConfig, i: number): ResolvedWorkspace {
  return {
    teamId: w.teamId,
    botToken: w.botToken,
    teamName: w.teamName ?? `Test Workspace ${i + 1}`,
    teamDomain: w.teamDomain ?? `test-workspace-${i + 1}`,
    botUserId: w.botUserId ?? `U0BOT${String(i + 1).padStart(4, '0')}`,
    botId: w.botId ?? `B0BOT${String(i + 1).padStart(4, '0')}`,
    installerUserId: w.installerUserId ?? `U0INST${String(i + 1).padStart(4, '0')}`,
    ...(w.channels ? { channels: w.channels } : {}),
  };
}

export class SlackStandIn {
  readonly port: number;
  readonly baseUrl: string;
  /** Pass as WebClient `slackApiUrl`. */
  readonly apiUrl: string;
  readonly appToken: string;
  readonly appId: string;
  readonly workspaces: ResolvedWorkspace[];
  /** @internal */
  readonly registry: ResponseRegistry;
  private readonly ackTimeoutMs: number;
  private readonly verificationToken: string;

  /** @internal use startSlackStandIn() */
  constructor(
    private readonly server: Server,
    readonly api: SlackWebApi,
    readonly socket: SocketModeHub,
    opts: {
      appToken: string;
      appId: string;
      workspaces: ResolvedWorkspace[];
      ackTimeoutMs: number;
      verificationToken: string;
    },
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.appToken = opts.appToken;
    this.appId = opts.appId;
    this.workspaces = opts.workspaces;
    this.ackTimeoutMs = opts.ackTimeoutMs;
    this.verificationToken = opts.verificationToken;
    this.registry = new ResponseRegistry(api, () => this.baseUrl, this.appId);
  }

  /** Everything the app sent back to user interactions (response_url posts, HTTP ack bodies, socket ack payloads). */
  get responses(): RecordedResponse[] {
    return this.registry.responses;
  }

  /** Bot token of the first workspace. */
  get botToken(): string {
    return this.workspaces[0]?.botToken ?? 'xoxb-test';
  }
  get teamId(): string {
    return this.workspaces[0]?.teamId ?? 'T0000TEST';
  }
  get posted() {
    return this.api.posted;
  }
  get updates() {
    return this.api.updates;
  }
  get ephemerals() {
    return this.api.ephemerals;
  }
  get requests() {
    return this.api.requests;
  }
  /** Number of HTTP 429 answers sent so far. */
  get rateLimited(): number {
    return this.api.rateLimited;
  }
  get socketConnections() {
    return this.socket.connections;
  }
  get openSocketCount(): number {
    return this.socket.openCount;
  }
  get socketAcks(): SocketAck[] {
    return this.socket.acks;
  }

  // ---- behaviour knobs -------------------------------------------------------------------------

  /** Every Web API call naming this channel answers `{ok:false, error}` (null clears). */
  setChannelError(channel: string, error: string | null): void {
    this.api.setChannelFailure(channel, error ? { kind: 'error', error } : undefined);
  }
  /** Every Web API call naming this channel answers this HTTP status (e.g. 500; null clears). */
  setChannelStatus(channel: string, status: number | null): void {
    this.api.setChannelFailure(channel, status ? { kind: 'status', status } : undefined);
  }
  /** Delay answers for calls naming this channel (0 clears). */
  setChannelDelay(channel: string, ms: number): void {
    this.api.setChannelDelay(channel, ms);
  }
  clearChannel(channel: string): void {
    this.api.setChannelFailure(channel, undefined);
    this.api.setChannelDelay(channel, 0);
  }
  /** The next Web API call (optionally only of `method`) answers HTTP 429 with this Retry-After. */
  failNextWithRateLimit(retryAfterSeconds = 1, method?: string): void {
    this.api.failNextWithRateLimit(retryAfterSeconds, method);
  }
  resetRateLimits(): void {
    this.api.resetRateLimits();
  }
  /** A member of a workspace, e.g. `{ id: 'U1', is_admin: true }` for a workspace admin (users.info). */
  setUser(teamId: string, user: Parameters<SlackWebApi['setUser']>[1]) {
    return this.api.setUser(teamId, user);
  }
  addWorkspace(w: WorkspaceConfig): ResolvedWorkspace {
    const ws = resolveWorkspace(w, this.workspaces.length);
    this.workspaces.push(ws);
    this.api.addWorkspace(ws);
    return ws;
  }

  /** Channel history, oldest first, including internal fields (metadata always present if posted). */
  history(channel: string, teamId = this.teamId): StoredMessage[] {
    return this.api.channelMessages(teamId, channel);
  }

  // ---- inbound to the app: HTTP -----------------------------------------------------------------

  private context(who: WhereAndWho, kind: 'command' | 'action', messageTs?: string, triggerId?: string) {
    const teamId = who.teamId ?? this.teamId;
    const ws = this.api.workspaceByTeam(teamId);
    const channelId = who.channelId ?? 'C0000TEST';
    const { responseId, responseUrl } = this.registry.create(kind, teamId, channelId, messageTs);
    this.api.knowUser(teamId, who.userId ?? 'U0000USER', who.userName);
    const ctx: PayloadContext = {
      appId: this.appId,
      verificationToken: this.verificationToken,
      teamId,
      teamDomain: who.teamDomain ?? ws?.teamDomain ?? 'test-workspace',
      channelId,
      channelName: who.channelName ?? 'general',
      userId: who.userId ?? 'U0000USER',
      userName: who.userName ?? 'tester',
      responseUrl,
      triggerId: triggerId ?? newTriggerId(),
    };
    this.api.views.issueTrigger(ctx.triggerId, ctx.userId);
    return { ctx, responseId };
  }

  private blockActionMessage(input: BlockActionInput, teamId: string, channelId: string) {
    if (input.message) return input.message;
    if (!input.messageTs) return undefined;
    const found = this.api.findMessage(teamId, channelId, input.messageTs);
    if (!found) return undefined;
    const { channel: _c, via: _v, ...rest } = found;
    return rest as Record<string, unknown>;
  }

  private async deliverHttp(
    url: string,
    rawBody: string,
    signing: SigningOptions,
    responseId: string,
    responseUrl: string,
  ): Promise<HttpDeliveryResult> {
    const res = await postSigned(url, rawBody, signing, this.ackTimeoutMs);
    if (res.status === 200) {
      const msg = ackBodyAsMessage(res.body, res.headers['content-type']);
      if (msg) this.registry.record(responseId, msg, 'http_ack');
    }
    return { ...res, responseId, responseUrl, sentBody: rawBody };
  }

  /** POSTs a (correctly, or deliberately wrongly) signed slash command to the app's Request URL. */
  async sendSlashCommand(input: SlashCommandInput & SigningOptions & { url: string }): Promise<HttpDeliveryResult> {
    const { ctx, responseId } = this.context(input, 'command', undefined, input.triggerId);
    const rawBody = new URLSearchParams(slashCommandPayload(ctx, input)).toString();
    return this.deliverHttp(input.url, rawBody, input, responseId, ctx.responseUrl);
  }

  /** POSTs a signed `payload=<block_actions JSON>` interaction to the app's Request URL. */
  async sendBlockAction(input: BlockActionInput & SigningOptions & { url: string }): Promise<HttpDeliveryResult> {
    const { ctx, responseId } = this.context(input, 'action', input.messageTs, input.triggerId);
    const message = this.blockActionMessage(input, ctx.teamId, ctx.channelId);
    const payload = blockActionsPayload(ctx, input, message);
    const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.deliverHttp(input.url, rawBody, input, responseId, ctx.responseUrl);
  }

  /**
   * The user submits an opened modal: POSTs a signed `payload=<view_submission JSON>` and gives back
   * the app's ack (`response_action` errors, update or clear, as JSON).
   */
  async sendViewSubmission(
    input: SigningOptions & { url: string; viewId: string; values: Record<string, Record<string, unknown>> },
  ): Promise<SignedPostResult & { ack: Record<string, unknown> | undefined }> {
    const payload = this.api.views.submission(input.viewId, input.values, this.appId);
    const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await postSigned(input.url, rawBody, input, this.ackTimeoutMs);
    return { ...res, ack: ackBodyAsMessage(res.body, res.headers['content-type']) };
  }

  // ---- inbound to the app: Socket Mode ----------------------------------------------------------

  /** Sends a `slash_commands` envelope; resolves with the client's ack (Bolt: `{envelope_id, payload}`). */
  async socketSlashCommand(
    input: SlashCommandInput & EnvelopeOptions,
  ): Promise<SocketAck & { responseId: string; responseUrl: string }> {
    const { ctx, responseId } = this.context(input, 'command', undefined, input.triggerId);
    const ack = await this.socket.sendEnvelope('slash_commands', slashCommandPayload(ctx, input), {
      acceptsResponsePayload: true,
      ...input,
    });
    this.recordSocketAck(responseId, ack);
    return { ...ack, responseId, responseUrl: ctx.responseUrl };
  }

  /** Sends an `interactive` envelope carrying a block_actions payload. */
  async socketBlockAction(
    input: BlockActionInput & EnvelopeOptions,
  ): Promise<SocketAck & { responseId: string; responseUrl: string }> {
    const { ctx, responseId } = this.context(input, 'action', input.messageTs, input.triggerId);
    const payload = blockActionsPayload(ctx, input, this.blockActionMessage(input, ctx.teamId, ctx.channelId));
    const ack = await this.socket.sendEnvelope('interactive', payload, { acceptsResponsePayload: false, ...input });
    this.recordSocketAck(responseId, ack);
    return { ...ack, responseId, responseUrl: ctx.responseUrl };
  }

  /** The Events API's `event_callback` wrapper around `event`, as Slack sends it. */
  private eventCallback(event: Record<string, unknown>, teamId: string): Record<string, unknown> {
    return {
      token: this.verificationToken,
      team_id: teamId,
      api_app_id: this.appId,
      event: { event_ts: `${(Date.now() / 1000).toFixed(6)}`, ...event },
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          team_id: teamId,
          user_id: this.api.workspaceByTeam(teamId)?.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
  }

  /** Sends an `events_api` envelope with the standard event_callback wrapper around `event`. */
  socketEvent(event: Record<string, unknown>, opts: EnvelopeOptions & { teamId?: string } = {}): Promise<SocketAck> {
    return this.socket.sendEnvelope('events_api', this.eventCallback(event, opts.teamId ?? this.teamId), opts);
  }

  /** POSTs a signed Events API `event_callback` (JSON) to the app's Request URL. */
  sendEvent(
    event: Record<string, unknown>,
    opts: SigningOptions & { url: string; teamId?: string },
  ): Promise<SignedPostResult> {
    const body = JSON.stringify(this.eventCallback(event, opts.teamId ?? this.teamId));
    return postSigned(opts.url, body, opts, this.ackTimeoutMs, 'application/json');
  }

  /**
   * A workspace removes the app: its bot token stops working at once, then Slack sends
   * `app_uninstalled` and `tokens_revoked` to the Request URL (docs.slack.dev, events reference).
   */
  async uninstallApp(teamId: string, opts: SigningOptions & { url: string }): Promise<SignedPostResult[]> {
    const ws = this.api.workspaceByTeam(teamId);
    if (!ws) throw new Error(`no workspace ${teamId}`);
    this.api.revokeToken(ws.botToken);
    return [
      await this.sendEvent({ type: 'app_uninstalled' }, { ...opts, teamId }),
      await this.sendEvent({ type: 'tokens_revoked', tokens: { oauth: [], bot: [ws.botUserId] } }, { ...opts, teamId }),
    ];
  }

  /** Sends `{type:"disconnect", reason}` to open sockets (all or one); they are closed after a grace period. */
  disconnectSockets(reason = 'refresh_requested', connectionId?: number): number[] {
    return this.socket.disconnect(reason, connectionId);
  }
  dropSockets(): void {
    this.socket.dropConnections();
  }

  private recordSocketAck(responseId: string, ack: SocketAck): void {
    const p = ack.payload;
    if (p && (p.text !== undefined || p.blocks !== undefined || p.response_type !== undefined)) {
      this.registry.record(responseId, p, 'socket_ack');
    }
  }

  // ---- waiting -----------------------------------------------------------------------------------

  /** Polls `probe` until it returns something other than undefined/false/null, or times out. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`Slack stand-in: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  waitForResponse(
    responseId: string,
    timeoutMs = 3000,
    source?: RecordedResponse['source'],
  ): Promise<RecordedResponse> {
    return this.waitFor(
      () => this.responses.find((r) => r.responseId === responseId && (!source || r.source === source)),
      timeoutMs,
      `a response to ${responseId}`,
    );
  }
  waitForPosted(predicate: (m: SlackWebApi['posted'][number]) => boolean = () => true, timeoutMs = 3000) {
    return this.waitFor(() => this.posted.find(predicate), timeoutMs, 'a chat.postMessage');
  }
  waitForSocketConnections(n = 1, timeoutMs = 5000): Promise<number> {
    return this.waitFor(
      () => (this.socket.openCount >= n ? this.socket.openCount : undefined),
      timeoutMs,
      `${n} socket connection(s)`,
    );
  }

  /** Shuts down HTTP and WebSocket servers, terminating every connection. */
  async close(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Starts the stand-in on 127.0.0.1 with a random port. */
export async function startSlackStandIn(opts: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const workspaces = (opts.workspaces ?? [{ teamId: 'T0000TEST', botToken: 'xoxb-test' }]).map(resolveWorkspace);
  const appToken = opts.appToken ?? 'xapp-test';
  const appId = opts.appId ?? 'A0000TEST';
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  let standIn: SlackStandIn | undefined;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const done = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: String(err) });
      });
    if (path === '/oauth/v2/authorize' && req.method === 'GET' && standIn)
      return standIn.api.oauth.authorizePage(req, res);
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (api?.[1] && standIn) return void done(handleApi(standIn.api, api[1], req, res));
    const resp = /^\/(?:commands|actions)\/[^/]+\/([0-9a-f-]+)$/.exec(path);
    if (resp?.[1] && standIn && req.method === 'POST') return void done(standIn.registry.handle(resp[1], req, res));
    sendJson(res, 404, 'Not Found');
  });
  const socket = new SocketModeHub({
    appId,
    wsBase: () => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxConnections: opts.maxSocketConnections ?? 10,
    pingIntervalMs: opts.socketPingIntervalMs ?? 10_000,
    disconnectGraceMs: opts.disconnectGraceMs ?? 2000,
    ackTimeoutMs,
  });
  server.on('upgrade', (req, sock, head) => {
    if (!socket.handleUpgrade(req, sock, head)) {
      sock.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      sock.destroy();
    }
  });
  const api = new SlackWebApi({
    workspaces,
    appToken,
    appId,
    channels: opts.channels ? new Set(opts.channels) : undefined,
    postMessageBurst: opts.postMessageBurst ?? 1,
    postMessageWindowMs: opts.postMessageWindowMs ?? 1000,
    methodBudgetPerMinute: opts.methodBudgetPerMinute ?? {},
    oauth: opts.oauth ?? { clientId: '1111.2222', clientSecret: 'stand-in-client-secret' },
    openSocketUrl: () => socket.issueUrl(),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  standIn = new SlackStandIn(server, api, socket, {
    appToken,
    appId,
    workspaces,
    ackTimeoutMs,
    verificationToken: opts.verificationToken ?? 'verification-token-stand-in',
  });
  return standIn;
}
