/**
 * What Slack sends to an app's Request URL, built per docs.slack.dev:
 *  - slash commands: `application/x-www-form-urlencoded` body with token, team_id, team_domain, channel_id,
 *    channel_name, user_id, user_name, command, text, api_app_id, is_enterprise_install, response_url, trigger_id;
 *  - interactivity: form body `payload=<JSON>` (block_actions …);
 *  - signing: `X-Slack-Request-Timestamp: <unix seconds>` and
 *    `X-Slack-Signature: v0=` + hex(HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`)).
 * Slack waits 3 seconds for the HTTP acknowledgement.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function slackSignature(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function newTriggerId(): string {
  const n = () => String(Math.floor(Math.random() * 1e12)).padStart(12, '0');
  return `${n()}.${n()}.${randomBytes(16).toString('hex')}`;
}

export interface SigningOptions {
  signingSecret: string;
  /** Unix seconds to put in X-Slack-Request-Timestamp (e.g. 10 minutes ago for a stale request). */
  timestampOverride?: number;
  /** Sign with a different secret, as a forger would. */
  forgeSignature?: boolean;
  /** Send this exact X-Slack-Signature header. */
  signatureOverride?: string;
  /** How long to wait for the app's answer. Default: the stand-in's ack timeout (3000 ms). */
  timeoutMs?: number;
}

export interface WhereAndWho {
  teamId?: string;
  teamDomain?: string;
  channelId?: string;
  channelName?: string;
  userId?: string;
  userName?: string;
}

export interface SlashCommandInput extends WhereAndWho {
  text?: string;
  command?: string;
  triggerId?: string;
}

export interface BlockActionInput extends WhereAndWho {
  actionId: string;
  value?: string;
  blockId?: string;
  /** Element type; default `button`. */
  actionType?: string;
  /** ts of the message carrying the button; if the stand-in knows it, the message is included. */
  messageTs?: string;
  message?: Record<string, unknown>;
  triggerId?: string;
}

export interface PayloadContext {
  appId: string;
  verificationToken: string;
  teamId: string;
  teamDomain: string;
  channelId: string;
  channelName: string;
  userId: string;
  userName: string;
  responseUrl: string;
  triggerId: string;
}

/** The slash command body, field order as Slack sends it. All values are strings. */
export function slashCommandPayload(ctx: PayloadContext, input: SlashCommandInput): Record<string, string> {
  return {
    token: ctx.verificationToken,
    team_id: ctx.teamId,
    team_domain: ctx.teamDomain,
    channel_id: ctx.channelId,
    channel_name: ctx.channelName,
    user_id: ctx.userId,
    user_name: ctx.userName,
    command: input.command ?? '/sitrep',
    text: input.text ?? '',
    api_app_id: ctx.appId,
    is_enterprise_install: 'false',
    response_url: ctx.responseUrl,
    trigger_id: ctx.triggerId,
  };
}

export function blockActionsPayload(
  ctx: PayloadContext,
  input: BlockActionInput,
  message: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  const messageTs = input.messageTs ?? (typeof message?.ts === 'string' ? message.ts : actionTs);
  const action: Record<string, unknown> = {
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    type: input.actionType ?? 'button',
    action_ts: actionTs,
  };
  if (input.value !== undefined) action.value = input.value;
  if ((input.actionType ?? 'button') === 'button') {
    action.text = { type: 'plain_text', text: input.actionId, emoji: true };
  }
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: ctx.userId, username: ctx.userName, name: ctx.userName, team_id: ctx.teamId },
    api_app_id: ctx.appId,
    token: ctx.verificationToken,
    container: { type: 'message', message_ts: messageTs, channel_id: ctx.channelId, is_ephemeral: false },
    trigger_id: ctx.triggerId,
    team: { id: ctx.teamId, domain: ctx.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: ctx.channelId, name: ctx.channelName },
    state: { values: {} },
    response_url: ctx.responseUrl,
    actions: [action],
  };
  if (message) payload.message = message;
  return payload;
}

export interface SignedPostResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  timedOut: boolean;
  /** Headers that were sent (including X-Slack-Signature / X-Slack-Request-Timestamp). */
  sentHeaders: Record<string, string>;
}

/** POSTs a signed form body to the app the way Slack does, waiting at most `timeoutMs` for the ack. */
export async function postSigned(
  url: string,
  rawBody: string,
  opts: SigningOptions,
  defaultTimeoutMs: number,
  contentType = 'application/x-www-form-urlencoded',
): Promise<SignedPostResult> {
  const timestamp = opts.timestampOverride ?? Math.floor(Date.now() / 1000);
  const secret = opts.forgeSignature
    ? `forged-${opts.signingSecret}-${randomBytes(4).toString('hex')}`
    : opts.signingSecret;
  const signature = opts.signatureOverride ?? slackSignature(secret, timestamp, rawBody);
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const sentHeaders = {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': signature,
  };
  try {
    const res = await fetch(url, { method: 'POST', headers: sentHeaders, body: rawBody, signal: controller.signal });
    const body = await res.text();
    return {
      status: res.status,
      body,
      headers: Object.fromEntries(res.headers.entries()),
      timedOut: false,
      sentHeaders,
    };
  } catch (err) {
    if (controller.signal.aborted) return { status: 0, body: '', headers: {}, timedOut: true, sentHeaders };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Interprets an ack body the way Slack does: JSON message, or plain text shown as the message text. */
export function ackBodyAsMessage(body: string, contentType: string | undefined): Record<string, unknown> | undefined {
  if (body.trim() === '') return undefined;
  if (contentType?.includes('application/json') || /^\s*[{[]/.test(body)) {
    try {
      const parsed = JSON.parse(body) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      /* fall through to text */
    }
  }
  return { text: body };
}
