// Object builders for the Discord stand-in: snowflakes, users, messages, interactions, commands.
// Shapes follow discord.com/developers/docs (resources/user, resources/message,
// interactions/receiving-and-responding, interactions/application-commands).
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake (timestamp << 22 | worker/process/increment bits). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export type Json = Record<string, unknown>;

export interface StandInUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

export function apiUser(user: StandInUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.global_name ?? null,
    avatar: null,
    bot: user.bot ?? false,
    system: false,
    public_flags: 0,
    flags: 0,
  };
}

export function apiBotUser(user: StandInUser): Json {
  return { ...apiUser({ ...user, bot: true }), verified: true, mfa_enabled: false };
}

export function apiApplication(id: string, bot: Json, flags: number, verifyKey?: string): Json {
  return {
    id,
    name: String(bot.username),
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: verifyKey ?? '0'.repeat(64),
    flags,
    team: null,
    owner: { ...bot, bot: false, id: '1000000000000000009', username: 'owner' },
    bot,
    approximate_guild_count: 1,
    interactions_endpoint_url: null,
    redirect_uris: [],
  };
}

/** A guild text channel (type 0) in DEFAULT_GUILD_ID. */
export function apiChannel(id: string, lastMessageId: string | null): Json {
  return {
    id,
    type: 0,
    guild_id: DEFAULT_GUILD_ID,
    name: `channel-${id.slice(-4)}`,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    parent_id: null,
    last_message_id: lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** Fields the API accepts on message create / edit and echoes back. */
export const MESSAGE_FIELDS = ['content', 'embeds', 'components', 'flags', 'tts', 'attachments', 'poll'] as const;

export interface StoredMessage {
  id: string;
  channel_id: string;
  author: Json;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  allowed_mentions: unknown;
  nonce: string | number | null;
  enforce_nonce: boolean;
  flags: number;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
  message_reference?: unknown;
  /** How many create requests resolved to this message (> 1 means nonce dedupe hits). */
  createRequests: number;
  deleted: boolean;
}

/** The public API representation (drops stand-in bookkeeping and request-only fields). */
export function apiMessage(m: StoredMessage): Json {
  const out: Json = {
    id: m.id,
    type: m.type,
    channel_id: m.channel_id,
    author: m.author,
    content: m.content,
    timestamp: m.timestamp,
    edited_timestamp: m.edited_timestamp,
    tts: m.tts,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: m.attachments,
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    flags: m.flags,
  };
  if (m.nonce !== null) out.nonce = m.nonce;
  if (m.webhook_id) out.webhook_id = m.webhook_id;
  if (m.application_id) out.application_id = m.application_id;
  if (m.interaction_metadata) out.interaction_metadata = m.interaction_metadata;
  if (m.message_reference) out.message_reference = m.message_reference;
  return out;
}

export function newMessage(
  channelId: string,
  author: Json,
  body: Json,
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  return {
    id: snowflake(),
    channel_id: channelId,
    author,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments: Array.isArray(body.attachments) ? body.attachments : [],
    allowed_mentions: body.allowed_mentions ?? null,
    nonce: typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : null,
    enforce_nonce: body.enforce_nonce === true,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    tts: body.tts === true,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: 0,
    message_reference: body.message_reference,
    createRequests: 1,
    deleted: false,
    ...extra,
  };
}

/** Apply an edit body (PATCH) to a stored message. */
export function applyEdit(m: StoredMessage, body: Json): void {
  for (const key of MESSAGE_FIELDS) {
    if (!(key in body) || body[key] === undefined) continue;
    const value = body[key];
    if (key === 'content') m.content = typeof value === 'string' ? value : '';
    else if (key === 'flags') m.flags = (m.flags & ~128) | (typeof value === 'number' ? value & ~128 : 0);
    else if (key === 'tts') m.tts = value === true;
    else if (key === 'embeds' || key === 'components' || key === 'attachments')
      m[key] = Array.isArray(value) ? value : [];
  }
  if ('allowed_mentions' in body) m.allowed_mentions = body.allowed_mentions;
  m.flags &= ~128; // an edit always clears LOADING (deferred "thinking…")
  m.edited_timestamp = new Date().toISOString();
}

// ---------------------------------------------------------------- interactions

export type OptionValue = string | number | boolean;

export interface InteractionOptionInput {
  name: string;
  /** Option type: 3 STRING (default for strings), 4 INTEGER, 5 BOOLEAN, 10 NUMBER, 6 USER, 7 CHANNEL, 8 ROLE… */
  type?: number;
  value: OptionValue;
  focused?: boolean;
}

export interface InteractionInput {
  /** 2 APPLICATION_COMMAND (default) or 4 APPLICATION_COMMAND_AUTOCOMPLETE (or 'command' / 'autocomplete'). */
  type?: 2 | 4 | 'command' | 'autocomplete';
  commandName: string;
  /** Defaults to the id of a registered command with that name, else a fresh snowflake. */
  commandId?: string;
  group?: string;
  subcommand?: string;
  options?: InteractionOptionInput[];
  guildId?: string | null;
  channelId?: string;
  user?: StandInUser;
  /** Member permissions bitfield as a decimal string. */
  permissions?: string;
  appPermissions?: string;
  locale?: string;
  guildLocale?: string;
  /** Shallow overrides merged into the final interaction object. */
  overrides?: Json;
}

export const DEFAULT_GUILD_ID = '1100000000000000001';
export const DEFAULT_CHANNEL_ID = '1100000000000000002';
export const DEFAULT_USER: StandInUser = { id: '1100000000000000003', username: 'reporter', global_name: 'Reporter' };

function optionType(o: InteractionOptionInput): number {
  if (o.type !== undefined) return o.type;
  if (typeof o.value === 'boolean') return 5;
  if (typeof o.value === 'number') return Number.isInteger(o.value) ? 4 : 10;
  return 3;
}

/** What a member holds unless a test says otherwise: most permissions, Administrator included. */
export const DEFAULT_PERMISSIONS = '2248473465835073';
export const ADMINISTRATOR = 0x8n;

export function buildInteraction(input: InteractionInput, applicationId: string, commandId?: string): Json {
  const type = input.type === 'autocomplete' || input.type === 4 ? 4 : 2;
  const leafOptions = (input.options ?? []).map((o) => ({
    name: o.name,
    type: optionType(o),
    value: o.value,
    ...(o.focused ? { focused: true } : {}),
  }));
  let options: Json[] = leafOptions;
  if (input.subcommand) options = [{ type: 1, name: input.subcommand, options: leafOptions }];
  if (input.group) options = [{ type: 2, name: input.group, options }];
  const guildId = input.guildId === undefined ? DEFAULT_GUILD_ID : input.guildId;
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const user = apiUser(input.user ?? DEFAULT_USER);
  const permissions = input.permissions ?? DEFAULT_PERMISSIONS;
  const base: Json = {
    id: snowflake(),
    application_id: applicationId,
    type,
    data: { id: input.commandId ?? commandId ?? snowflake(), name: input.commandName, type: 1, options },
    channel_id: channelId,
    channel: guildId
      ? {
          id: channelId,
          type: 0,
          guild_id: guildId,
          name: 'briefings',
          position: 0,
          nsfw: false,
          flags: 0,
          permissions,
        }
      : { id: channelId, type: 1, flags: 0, recipients: [user] },
    token: `aW50ZXJhY3Rpb246${randomToken(48)}`,
    version: 1,
    locale: input.locale ?? 'en-US',
    app_permissions: input.appPermissions ?? '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10_485_760,
  };
  if (guildId) {
    (base.data as Json).guild_id = guildId;
    base.guild_id = guildId;
    base.guild = { id: guildId, locale: input.guildLocale ?? 'en-US', features: [] };
    base.guild_locale = input.guildLocale ?? 'en-US';
    base.member = {
      user,
      roles: [],
      premium_since: null,
      permissions,
      pending: false,
      nick: null,
      mute: false,
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      flags: 0,
      deaf: false,
      communication_disabled_until: null,
      avatar: null,
    };
  } else {
    base.user = user;
  }
  return { ...base, ...(input.overrides ?? {}) };
}

// ---------------------------------------------------------------- commands

export type StoredCommand = Json & { id: string; name: string; type: number };

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validate a bulk-overwrite body; returns an "Invalid Form Body" errors object or null. */
export function validateCommands(body: unknown): Json | null {
  if (!Array.isArray(body)) return { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] };
  const errors: Json = {};
  const seen = new Set<string>();
  body.forEach((raw, i) => {
    const c = (raw ?? {}) as Json;
    const name = typeof c.name === 'string' ? c.name : '';
    const type = typeof c.type === 'number' ? c.type : 1;
    const problems: Json = {};
    if (!NAME_RE.test(name) || (type === 1 && name !== name.toLowerCase()))
      problems.name = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] };
    if (type === 1) {
      const d = typeof c.description === 'string' ? c.description : '';
      if (d.length < 1 || d.length > 100)
        problems.description = {
          _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }],
        };
    }
    const key = `${type}:${name}`;
    if (seen.has(key))
      problems._errors = [
        { code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' },
      ];
    seen.add(key);
    if (Object.keys(problems).length > 0) errors[String(i)] = problems;
  });
  if (body.length > 100)
    errors._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }];
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Bulk overwrite: commands whose (type, name) already exist keep their id. */
export function overwriteCommands(
  previous: StoredCommand[],
  body: Json[],
  applicationId: string,
  guildId: string | null,
): StoredCommand[] {
  return body.map((c) => {
    const type = typeof c.type === 'number' ? c.type : 1;
    const prior = previous.find((p) => p.type === type && p.name === c.name);
    const next: StoredCommand = {
      default_member_permissions: null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      description: '',
      options: [],
      ...c,
      id: prior?.id ?? snowflake(),
      application_id: applicationId,
      name: String(c.name),
      type,
      version: snowflake(),
    };
    if (guildId) next.guild_id = guildId;
    if (prior && JSON.stringify({ ...prior, version: 0 }) === JSON.stringify({ ...next, version: 0 }))
      next.version = prior.version;
    return next;
  });
}
