import type { Caller, ChannelAddress, IncomingCommand } from '../../core/ports.js';
import { parseChannelAddress } from '../../core/ports.js';
import { ACTION_PREFIX } from './render.js';

/** Slack payloads → the core's platform-free commands. No I/O here. */

/** Whether channel addresses name their workspace (Slack OAuth) or not (one bot token). */
export type Addressing = 'qualified' | 'bare';

/** The fields of a slash command body that Sitrep reads (Slack sends them all as strings). */
export interface SlashCommandBody {
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  team_id: string;
  enterprise_id?: string;
  response_url?: string;
  /** Opens a modal for this user within 3 s (views.open). */
  trigger_id?: string;
}

/** The fields of a block_actions payload that Sitrep reads. */
export interface BlockActionsBody {
  type: string;
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string } | null;
  container?: { channel_id?: string; is_ephemeral?: boolean; message_ts?: string } | null;
  message?: unknown;
  response_url?: string;
  actions?: ReadonlyArray<{ action_id: string; type: string; value?: string }>;
}

/**
 * A Slack channel's address: `slack:T0123/C0456` when its workspace is part of it (Slack OAuth, many
 * workspaces), `slack:C0456` for single-token deployments, where every channel is in the token's one
 * workspace. Both are read everywhere.
 */
export function slackChannel(channelId: string, teamId?: string): ChannelAddress {
  return teamId ? `slack:${teamId}/${channelId}` : `slack:${channelId}`;
}

const SLACK_ID = /^[A-Z0-9]+$/i;

/** The workspace (when the address names it) and channel id of a Slack address. */
export function parseSlackAddress(address: string): { teamId?: string; channelId: string } | undefined {
  const parsed = parseChannelAddress(address);
  if (parsed?.platform !== 'slack') return undefined;
  const [first, second, ...rest] = parsed.id.split('/');
  if (rest.length > 0 || !first || !SLACK_ID.test(first)) return undefined;
  if (second === undefined) return { channelId: first };
  return SLACK_ID.test(second) ? { teamId: first, channelId: second } : undefined;
}

/** The Slack channel id of an address, or undefined when it is not a Slack address. */
export function slackChannelId(address: string): string | undefined {
  return parseSlackAddress(address)?.channelId;
}

/** `/sitrep actor putin` → the core's command, as the person who typed it. */
export function commandFromSlash(body: SlashCommandBody, addressing: Addressing = 'bare'): IncomingCommand {
  const caller: Caller = {
    platform: 'slack',
    userId: body.user_id,
    channel: slackChannel(body.channel_id, addressing === 'qualified' ? body.team_id : undefined),
    workspace: body.team_id,
  };
  if (body.user_name) caller.displayName = body.user_name;
  return { text: unescapeSlackText(body.text ?? '').trim(), caller };
}

/** Slack sends typed `&`, `<`, `>` as entities; the core wants what the person typed. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A press on one of our buttons → the command it carries, run as the person who pressed it. */
export function commandFromAction(
  body: BlockActionsBody,
  actionId?: string,
  addressing: Addressing = 'bare',
): IncomingCommand | undefined {
  const action = body.actions?.find((a) =>
    actionId ? a.action_id === actionId : a.action_id.startsWith(ACTION_PREFIX),
  );
  if (action?.type !== 'button' || !action.action_id.startsWith(ACTION_PREFIX)) return undefined;
  const text = action.value?.trim();
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!text || !channelId) return undefined;
  const workspace = body.team?.id ?? body.user.team_id;
  const caller: Caller = {
    platform: 'slack',
    userId: body.user.id,
    channel: slackChannel(channelId, addressing === 'qualified' ? workspace : undefined),
  };
  if (workspace) caller.workspace = workspace;
  const name = body.user.username ?? body.user.name;
  if (name) caller.displayName = name;
  return { text, caller };
}

/**
 * Whether the message carrying a pressed button is only visible to the presser (so an answer may
 * replace it). Slack marks ephemeral containers, and sends no `message` for them.
 */
export function pressedOnEphemeral(body: BlockActionsBody): boolean {
  if (body.container?.is_ephemeral === true) return true;
  return body.message === undefined || body.message === null;
}
