// REST routes of the Discord stand-in (/api/v10/...). Each route names its template (for the
// rate-limit bucket), whether it needs `Authorization: Bot <token>`, and its handler.
import { componentErrors } from './components.js';
import type { Json, StoredCommand, StoredMessage } from './fixtures.js';
import {
  apiMessage,
  applyEdit,
  DEFAULT_GUILD_ID,
  newMessage,
  overwriteCommands,
  validateCommands,
} from './fixtures.js';
import { errors, fieldError, type Reply } from './http.js';
import type { InteractionState } from './records.js';
import type { DiscordStandIn } from './server.js';

export interface RouteContext {
  s: DiscordStandIn;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  files: Json[];
}

export interface Route {
  method: string;
  pattern: RegExp;
  template: string;
  auth: boolean;
  /** Which rate-limit spec applies. */
  limit: 'messages' | 'route' | 'interaction';
  handle: (c: RouteContext) => Reply | Promise<Reply>;
}

const ID = '([0-9]{1,20})';
const TOKEN = '([A-Za-z0-9_.\\-]+)';
const ok = (body: unknown): Reply => ({ status: 200, body });
const asJson = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function checkApp(c: RouteContext): void {
  if (c.params[0] !== c.s.applicationId) throw errors.missingAccess();
}

function commandsPut(c: RouteContext, guildId: string | null): Reply {
  checkApp(c);
  const invalid = validateCommands(c.body);
  if (invalid) throw errors.invalidForm(invalid);
  const prev = guildId ? (c.s.commands.guilds.get(guildId) ?? []) : c.s.commands.global;
  const next = overwriteCommands(prev, c.body as Json[], c.s.applicationId, guildId);
  if (guildId) c.s.commands.guilds.set(guildId, next);
  else c.s.commands.global = next;
  c.s.commandPuts.push({ at: Date.now(), guildId, body: c.body as Json[] });
  c.s.notify();
  return ok(next);
}

function commandsGet(c: RouteContext, guildId: string | null): Reply {
  checkApp(c);
  return ok(guildId ? (c.s.commands.guilds.get(guildId) ?? []) : c.s.commands.global);
}

function commandPost(c: RouteContext, guildId: string | null): Reply {
  checkApp(c);
  const body = asJson(c.body);
  const invalid = validateCommands([body]);
  if (invalid) throw errors.invalidForm(asJson(invalid['0']));
  const prev = guildId ? (c.s.commands.guilds.get(guildId) ?? []) : c.s.commands.global;
  const [cmd] = overwriteCommands(prev, [body], c.s.applicationId, guildId) as [StoredCommand];
  const list = [...prev.filter((p) => p.id !== cmd.id), cmd];
  if (guildId) c.s.commands.guilds.set(guildId, list);
  else c.s.commands.global = list;
  c.s.notify();
  return { status: prev.some((p) => p.id === cmd.id) ? 200 : 201, body: cmd };
}

function validateMessageBody(body: Json, files: Json[], create: boolean): void {
  const errs: Json = {};
  if (typeof body.content === 'string' && body.content.length > 2000)
    errs.content = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  if (Array.isArray(body.embeds) && body.embeds.length > 10)
    errs.embeds = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  if (typeof body.nonce === 'string' && body.nonce.length > 25)
    errs.nonce = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  Object.assign(errs, componentErrors(body.components));
  if (Object.keys(errs).length > 0) throw errors.invalidForm(errs);
  if (!create) return;
  const hasContent = typeof body.content === 'string' && body.content.length > 0;
  const hasOther = ['embeds', 'components', 'sticker_ids'].some((k) => Array.isArray(body[k]) && body[k].length > 0);
  if (!hasContent && !hasOther && !body.poll && files.length === 0) throw errors.emptyMessage();
}

function withFiles(body: Json, files: Json[]): Json {
  return files.length > 0 ? { ...body, attachments: files } : body;
}

function channelMessage(c: RouteContext, id: string | undefined): StoredMessage {
  const m = c.s.messagesIn(c.params[0]!).find((x) => x.id === id && !x.deleted);
  if (!m) throw errors.unknownMessage();
  return m;
}

function createChannelMessage(c: RouteContext): Reply {
  const channelId = c.params[0]!;
  const body = asJson(c.body);
  validateMessageBody(body, c.files, true);
  const author = c.s.botApiUser;
  const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : null;
  const nonceKey = nonce && body.enforce_nonce === true ? c.s.nonceKey(channelId, nonce) : null;
  if (nonceKey) {
    const prior = c.s.nonceIndex.get(nonceKey);
    if (prior && Date.now() - prior.at <= c.s.options.nonceWindowMs) {
      if (prior.message.deleted) throw errors.unknownMessage();
      prior.message.createRequests++;
      c.s.notify();
      return ok(apiMessage(prior.message));
    }
  }
  c.s.threads.beforeMessage(channelId);
  const message = newMessage(channelId, author, withFiles(body, c.files));
  c.s.messagesIn(channelId).push(message);
  if (nonceKey) c.s.nonceIndex.set(nonceKey, { at: Date.now(), message });
  c.s.notify();
  return ok(apiMessage(message));
}

function listChannelMessages(c: RouteContext): Reply {
  const limit = Math.min(100, Math.max(1, Number(c.query.get('limit') ?? 50) || 50));
  const before = c.query.get('before');
  const after = c.query.get('after');
  let list = c.s.messagesIn(c.params[0]!).filter((m) => !m.deleted);
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
  const newestFirst = [...list].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  return ok((after ? newestFirst.slice(-limit) : newestFirst.slice(0, limit)).map(apiMessage));
}

function interactionFor(c: RouteContext): InteractionState {
  if (c.params[0] !== c.s.applicationId) throw errors.unknownWebhook();
  const state = c.s.interactionByToken(c.params[1]!);
  if (!state) throw errors.unknownWebhook();
  return state;
}

function webhookMessage(state: InteractionState, messageId: string): StoredMessage {
  const m = messageId === '@original' ? state.original : state.followups.find((f) => f.id === messageId);
  if (!m || m.deleted) throw errors.unknownMessage();
  return m;
}

function interactionCallback(c: RouteContext): Reply {
  const state = c.s.interactions.get(c.params[0]!);
  if (!state || state.token !== c.params[1]) throw errors.unknownInteraction();
  const deadline = c.s.options.callbackDeadlineMs;
  if (!state.callback && deadline !== undefined && Date.now() - state.dispatchedAt > deadline)
    throw errors.unknownInteraction();
  if (state.callback) throw errors.alreadyAcknowledged();
  const body = asJson(c.body);
  const type = body.type;
  const data = asJson(body.data);
  const isAutocomplete = state.payload.type === 4;
  const allowed = isAutocomplete ? [8] : state.payload.type === 1 ? [1] : [4, 5, 6, 7, 9, 10, 12];
  if (typeof type !== 'number' || !allowed.includes(type))
    throw errors.invalidForm({
      type: fieldError('INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type'),
    });
  if (type === 4 || type === 7) validateMessageBody(data, c.files, false);
  if (type === 4 || type === 5) {
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const msgBody = type === 5 ? { flags: (flags & 64) | 128 } : withFiles(data, c.files);
    state.original = newMessage(state.channelId, c.s.botApiUser, msgBody, {
      type: 20,
      webhook_id: c.s.applicationId,
      application_id: c.s.applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.payload.type,
        user: state.user,
        authorizing_integration_owners: state.payload.authorizing_integration_owners,
      },
    });
  } else if (type === 6 || type === 7) {
    state.original ??= newMessage(state.channelId, c.s.botApiUser, { content: '' }, { webhook_id: c.s.applicationId });
    if (type === 7) applyEdit(state.original, withFiles(data, c.files));
  }
  state.callback = {
    at: Date.now(),
    elapsedMs: Date.now() - state.dispatchedAt,
    interactionId: state.id,
    token: state.token,
    type,
    data: body.data === undefined ? null : data,
    body,
  };
  c.s.callbacks.push(state.callback);
  c.s.notify();
  if (c.query.get('with_response') !== 'true') return { status: 204 };
  const resource: Json = { type };
  if (state.original && type !== 6 && type !== 8) resource.message = apiMessage(state.original);
  return ok({
    interaction: {
      id: state.id,
      type: state.payload.type,
      response_message_id: state.original?.id,
      response_message_loading: type === 5,
      response_message_ephemeral: Boolean((state.original?.flags ?? 0) & 64),
    },
    resource,
  });
}

function webhookEdit(c: RouteContext, method: 'PATCH' | 'DELETE'): Reply {
  const state = interactionFor(c);
  const messageId = c.params[2]!;
  const m = webhookMessage(state, messageId);
  const body = method === 'PATCH' ? withFiles(asJson(c.body), c.files) : null;
  if (body) {
    validateMessageBody(body, c.files, false);
    applyEdit(m, body);
  } else {
    m.deleted = true;
  }
  c.s.edits.push({
    at: Date.now(),
    method,
    kind: 'interaction',
    token: state.token,
    interactionId: state.id,
    channelId: m.channel_id,
    messageId,
    body,
  });
  c.s.notify();
  return body ? ok(apiMessage(m)) : { status: 204 };
}

function followup(c: RouteContext): Reply {
  const state = interactionFor(c);
  if (!state.callback) throw errors.unknownWebhook();
  const body = asJson(c.body);
  validateMessageBody(body, c.files, true);
  const m = newMessage(state.channelId, c.s.botApiUser, withFiles(body, c.files), {
    webhook_id: c.s.applicationId,
    application_id: c.s.applicationId,
  });
  state.followups.push(m);
  c.s.followups.push({ at: Date.now(), token: state.token, interactionId: state.id, messageId: m.id, body });
  c.s.notify();
  return ok(apiMessage(m));
}

function channelEdit(c: RouteContext, method: 'PATCH' | 'DELETE'): Reply {
  const m = channelMessage(c, c.params[1]);
  const body = method === 'PATCH' ? asJson(c.body) : null;
  if (body) {
    validateMessageBody(body, c.files, false);
    applyEdit(m, withFiles(body, c.files));
  } else m.deleted = true;
  c.s.edits.push({
    at: Date.now(),
    method,
    kind: 'channel',
    token: null,
    interactionId: null,
    channelId: m.channel_id,
    messageId: m.id,
    body,
  });
  c.s.notify();
  return body ? ok(apiMessage(m)) : { status: 204 };
}

const route = (
  method: string,
  template: string,
  pattern: string,
  handle: Route['handle'],
  opts: { auth?: boolean; limit?: Route['limit'] } = {},
): Route => ({
  method,
  template,
  pattern: new RegExp(`^${pattern}$`),
  auth: opts.auth ?? true,
  limit: opts.limit ?? 'route',
  handle,
});

const APP = `/applications/${ID}`;
const HOOK = `/webhooks/${ID}/${TOKEN}`;

/** A route on one message of an interaction's webhook (`@original` or a follow-up's id): no bot token, the interaction's limit. */
const webhookMessageRoute = (method: string, handle: Route['handle']): Route =>
  route(
    method,
    '/webhooks/{webhook.id}/{webhook.token}/messages/{message.id}',
    `${HOOK}/messages/(@original|${ID})`,
    handle,
    { auth: false, limit: 'interaction' },
  );

export const routes: Route[] = [
  route('GET', '/gateway', '/gateway', (c) => ok({ url: c.s.gatewayUrl }), { auth: false }),
  route('GET', '/gateway/bot', '/gateway/bot', (c) => ok(c.s.gatewayBotInfo())),
  route('GET', '/users/@me', '/users/@me', (c) => ok(c.s.botApiUser)),
  route('GET', '/applications/@me', '/applications/@me', (c) => ok(c.s.applicationObject())),
  route('GET', '/oauth2/applications/@me', '/oauth2/applications/@me', (c) => ok(c.s.applicationObject())),
  route('PUT', '/applications/{application.id}/commands', `${APP}/commands`, (c) => commandsPut(c, null)),
  route('GET', '/applications/{application.id}/commands', `${APP}/commands`, (c) => commandsGet(c, null)),
  route('POST', '/applications/{application.id}/commands', `${APP}/commands`, (c) => commandPost(c, null)),
  route('PUT', '/applications/{application.id}/guilds/{guild.id}/commands', `${APP}/guilds/${ID}/commands`, (c) =>
    commandsPut(c, c.params[1]!),
  ),
  route('GET', '/applications/{application.id}/guilds/{guild.id}/commands', `${APP}/guilds/${ID}/commands`, (c) =>
    commandsGet(c, c.params[1]!),
  ),
  route('POST', '/applications/{application.id}/guilds/{guild.id}/commands', `${APP}/guilds/${ID}/commands`, (c) =>
    commandPost(c, c.params[1]!),
  ),
  route(
    'POST',
    '/interactions/{interaction.id}/{interaction.token}/callback',
    `/interactions/${ID}/${TOKEN}/callback`,
    interactionCallback,
    { auth: false, limit: 'interaction' },
  ),
  route('POST', '/webhooks/{webhook.id}/{webhook.token}', HOOK, followup, { auth: false, limit: 'interaction' }),
  webhookMessageRoute('GET', (c) => ok(apiMessage(webhookMessage(interactionFor(c), c.params[2]!)))),
  webhookMessageRoute('PATCH', (c) => webhookEdit(c, 'PATCH')),
  webhookMessageRoute('DELETE', (c) => webhookEdit(c, 'DELETE')),
  route('GET', '/channels/{channel.id}', `/channels/${ID}`, (c) => ok(c.s.channelObject(c.params[0]!))),
  route('POST', '/channels/{channel.id}/messages', `/channels/${ID}/messages`, createChannelMessage, {
    limit: 'messages',
  }),
  route('GET', '/channels/{channel.id}/messages', `/channels/${ID}/messages`, listChannelMessages),
  route('GET', '/channels/{channel.id}/messages/{message.id}', `/channels/${ID}/messages/${ID}`, (c) =>
    ok(apiMessage(channelMessage(c, c.params[1]))),
  ),
  route('PATCH', '/channels/{channel.id}/messages/{message.id}', `/channels/${ID}/messages/${ID}`, (c) =>
    channelEdit(c, 'PATCH'),
  ),
  route('DELETE', '/channels/{channel.id}/messages/{message.id}', `/channels/${ID}/messages/${ID}`, (c) =>
    channelEdit(c, 'DELETE'),
  ),
  route(
    'POST',
    '/channels/{channel.id}/messages/{message.id}/threads',
    `/channels/${ID}/messages/${ID}/threads`,
    (c) => {
      channelMessage(c, c.params[1]);
      const thread = c.s.threads.start(c.params[0]!, c.params[1]!, asJson(c.body));
      c.s.notify();
      return { status: 201, body: c.s.threads.api(thread, DEFAULT_GUILD_ID, String(c.s.botApiUser.id)) };
    },
  ),
];

/** Top-level resource for per-route buckets (docs: channel, guild, webhook id + token). */
export function majorParameter(r: Route, params: string[]): string {
  if (r.template.startsWith('/channels/')) return `channel:${params[0]}`;
  if (r.template.startsWith('/webhooks/')) return `webhook:${params[0]}:${params[1]}`;
  if (r.template.startsWith('/interactions/')) return `interaction:${params[0]}`;
  if (r.template.includes('/guilds/{guild.id}')) return `guild:${params[1]}`;
  return 'global';
}

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | 'method' | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params: m.slice(1) };
  }
  return pathMatched ? 'method' : null;
}
