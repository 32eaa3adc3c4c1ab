import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { FormSubmission } from '../../core/message.js';
import { CHOICE_SLOT, choiceCommand } from '../../core/message.js';
import type { Caller, IncomingCommand } from '../../core/ports.js';
import { ADMIN_COMMAND_NAME, COMMAND_NAME, SHARE_OPTION } from './commands.js';
import { CUSTOM_ID_PREFIX } from './components.js';
import { type SubmittedComponent, submissionOf } from './forms.js';

/**
 * Discord interactions → the core's `IncomingCommand`. Works on the interaction's API JSON, as it
 * arrives over HTTP; the gateway transport hands discord.js interactions over in the same shape
 * (see `fromDiscordJs` in transport.ts), so both paths parse alike.
 */

/** Interaction types (Discord API). */

/** A value picked from one of our menus: one word, as ids are. */
const PICKED_VALUE = /^[^\s"'“”‘’]{1,100}$/;

export interface RawUser {
  id: string;
  username?: string;
  global_name?: string | null;
}

export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: RawOption[];
  focused?: boolean;
}

/** The part of an interaction (API JSON) that Sitrep reads. */
export interface RawInteraction {
  id: string;
  token: string;
  type: number;
  application_id?: string;
  guild_id?: string | null;
  channel_id?: string | null;
  channel?: { id: string } | null;
  member?: { permissions?: string | null; nick?: string | null; user?: RawUser | null } | null;
  user?: RawUser | null;
  data?: {
    name?: string;
    options?: RawOption[];
    custom_id?: string;
    component_type?: number;
    /** A submitted modal's components (MODAL_SUBMIT). */
    components?: SubmittedComponent[];
    /** What was picked in a select menu. */
    values?: string[];
  } | null;
}

export type ParsedInteraction =
  | { kind: 'ping' }
  /** A slash command, a button or a pick from a menu: `shared` when the answer is meant for the channel. */
  | { kind: 'command'; command: IncomingCommand; shared: boolean; via: 'command' | 'button' | 'select' }
  | { kind: 'autocomplete'; path: string; option: string; value: string; caller: Caller }
  /** A submitted form (modal). */
  | { kind: 'form'; submission: FormSubmission; caller: Caller }
  | { kind: 'ignored'; reason: string };

function callerOf(raw: RawInteraction): Caller | undefined {
  const user = raw.member?.user ?? raw.user;
  const channelId = raw.channel_id ?? raw.channel?.id;
  if (!user?.id || !channelId) return undefined;
  const caller: Caller = { platform: 'discord', userId: user.id, channel: `discord:${channelId}` };
  const displayName = raw.member?.nick ?? user.global_name ?? user.username;
  if (displayName) caller.displayName = displayName;
  if (raw.guild_id) caller.workspace = raw.guild_id;
  if (raw.guild_id && raw.member?.permissions) {
    try {
      const bits = BigInt(raw.member.permissions);
      if ((bits & PermissionFlagsBits.ManageGuild) !== 0n || (bits & PermissionFlagsBits.Administrator) !== 0n)
        caller.platformManager = true;
    } catch {
      // Not a number: no platform manager claim.
    }
  }
  return caller;
}

/** The subcommand path (`actor`, `schedule add`) and the options under it. */
export function commandPath(options: readonly RawOption[] = []): { path: string; leaves: RawOption[] } {
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    if (sub?.type === ApplicationCommandOptionType.Subcommand)
      return { path: `${first.name} ${sub.name}`, leaves: sub.options ?? [] };
    return { path: first.name, leaves: [] };
  }
  if (first?.type === ApplicationCommandOptionType.Subcommand) return { path: first.name, leaves: first.options ?? [] };
  return { path: '', leaves: [...options] };
}

function quote(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) return value;
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/**
 * A typed invocation. Option values become strings; the `share` boolean becomes `share: 'true'`
 * (and is left out when false). `text` is the same command as typed text, for logs and help.
 */
function commandFrom(raw: RawInteraction, caller: Caller): { command: IncomingCommand; shared: boolean } {
  const { path, leaves } = commandPath(raw.data?.options);
  const name = path || 'help';
  const args: Record<string, string | undefined> = {};
  const words: string[] = [name];
  let shared = false;
  for (const option of leaves) {
    if (option.value === undefined) continue;
    if (option.name === SHARE_OPTION && typeof option.value === 'boolean') {
      shared = option.value;
      if (shared) args[SHARE_OPTION] = 'true';
      continue;
    }
    const value = String(option.value);
    args[option.name] = value;
    words.push(quote(value));
  }
  if (shared) words.push(SHARE_OPTION);
  return { command: { text: words.join(' '), caller, invocation: { name, args } }, shared };
}

/**
 * Both commands reach the same core: the subcommand path names the command, and the core decides
 * who may run it from the member's permissions, whichever command carried it.
 */
function isOurs(name: string | undefined): boolean {
  return name === COMMAND_NAME || name === ADMIN_COMMAND_NAME;
}

export function parseInteraction(raw: RawInteraction): ParsedInteraction {
  if (raw.type === InteractionType.Ping) return { kind: 'ping' };
  const caller = callerOf(raw);
  if (!caller) return { kind: 'ignored', reason: 'no user or channel' };

  if (raw.type === InteractionType.ApplicationCommand) {
    if (!isOurs(raw.data?.name)) return { kind: 'ignored', reason: `unknown command ${raw.data?.name}` };
    return { kind: 'command', via: 'command', ...commandFrom(raw, caller) };
  }

  if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
    if (!isOurs(raw.data?.name)) return { kind: 'ignored', reason: `unknown command ${raw.data?.name}` };
    const { path, leaves } = commandPath(raw.data?.options);
    const focused = leaves.find((o) => o.focused);
    if (!focused) return { kind: 'ignored', reason: 'autocomplete without a focused option' };
    return { kind: 'autocomplete', path, option: focused.name, value: String(focused.value ?? ''), caller };
  }

  if (raw.type === InteractionType.MessageComponent) {
    const id = raw.data?.custom_id ?? '';
    if (!id.startsWith(CUSTOM_ID_PREFIX)) return { kind: 'ignored', reason: 'not a Sitrep component' };
    const carried = id.slice(CUSTOM_ID_PREFIX.length).trim();
    let text = carried;
    let via: 'button' | 'select' = 'button';
    if (raw.data?.component_type === ComponentType.StringSelect) {
      const picked = raw.data.values?.[0] ?? '';
      // The pick fills the menu's one slot; it is an id, one word, so it cannot add words of its own.
      if (!carried.includes(CHOICE_SLOT) || !PICKED_VALUE.test(picked))
        return { kind: 'ignored', reason: 'not a Sitrep pick' };
      text = choiceCommand(carried, picked);
      via = 'select';
    }
    const shared = /(^|\s)share$/i.test(text);
    return { kind: 'command', via, command: { text, caller }, shared };
  }

  if (raw.type === InteractionType.ModalSubmit) {
    const submission = submissionOf(raw.data?.custom_id ?? '', raw.data?.components ?? []);
    if (!submission) return { kind: 'ignored', reason: 'not a Sitrep form' };
    return { kind: 'form', submission, caller };
  }

  return { kind: 'ignored', reason: `interaction type ${raw.type}` };
}
