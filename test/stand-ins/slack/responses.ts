/**
 * response_url handling (docs.slack.dev/interactivity/handling-user-interaction): the app POSTs JSON
 * `{text, blocks, response_type: "ephemeral"|"in_channel", replace_original, delete_original}`;
 * "up to five times within 30 minutes". `in_channel` posts become channel messages; `replace_original`
 * on an interaction replaces the message that carried the button.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateBlocks } from './blocks.js';
import { readBody, sendJson } from './http-util.js';
import type { RecordedResponse } from './types.js';
import type { SlackWebApi } from './web-api.js';

interface ResponseTarget {
  team: string;
  channel: string;
  messageTs: string | undefined;
  uses: number;
  createdAt: number;
}

export class ResponseRegistry {
  readonly responses: RecordedResponse[] = [];
  private readonly targets = new Map<string, ResponseTarget>();

  constructor(
    private readonly api: SlackWebApi,
    private readonly baseUrl: () => string,
    private readonly appId: string,
  ) {}

  /** Creates a response_url for an interaction in `team`/`channel`. */
  create(
    kind: 'command' | 'action',
    team: string,
    channel: string,
    messageTs?: string,
  ): { responseId: string; responseUrl: string } {
    const responseId = randomUUID();
    this.targets.set(responseId, { team, channel, messageTs, uses: 0, createdAt: Date.now() });
    const prefix = kind === 'command' ? 'commands' : 'actions';
    return { responseId, responseUrl: `${this.baseUrl()}/${prefix}/${team}/${responseId}` };
  }

  record(
    responseId: string,
    body: Record<string, unknown>,
    source: RecordedResponse['source'],
    status = 200,
  ): RecordedResponse {
    const truthy = (v: unknown) => v === true || v === 'true';
    const rec: RecordedResponse = {
      responseId,
      source,
      body,
      text: typeof body.text === 'string' ? body.text : undefined,
      blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
      response_type: body.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
      replace_original: truthy(body.replace_original),
      delete_original: truthy(body.delete_original),
      status,
      at: Date.now(),
    };
    this.responses.push(rec);
    const target = this.targets.get(responseId);
    const ws = target ? this.api.workspaceByTeam(target.team) : undefined;
    if (!target || !ws) return rec;
    const original = target.messageTs ? this.api.findMessage(target.team, target.channel, target.messageTs) : undefined;
    if (rec.replace_original && original) {
      original.text = rec.text ?? original.text;
      if (rec.blocks) original.blocks = rec.blocks;
      original.edited = { user: ws.botUserId, ts: this.api.clock.next() };
    } else if (rec.response_type === 'in_channel' && !rec.delete_original) {
      this.api.storeMessage({
        team: target.team,
        channel: target.channel,
        text: rec.text ?? '',
        user: ws.botUserId,
        bot_id: ws.botId,
        app_id: this.appId,
        ...(rec.blocks ? { blocks: rec.blocks } : {}),
        via: 'response_url',
      });
    }
    return rec;
  }

  async handle(responseId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = this.targets.get(responseId);
    if (!target || Date.now() - target.createdAt > 30 * 60_000)
      return sendJson(res, 404, { ok: false, error: 'expired_url' });
    if (target.uses >= 5) return sendJson(res, 404, { ok: false, error: 'used_url' });
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    const b = body as Record<string, unknown>;
    if (b.blocks !== undefined) {
      const errors = validateBlocks(b.blocks);
      if (errors.length > 0) return sendJson(res, 400, { ok: false, error: 'invalid_blocks', errors });
    }
    const deleting = b.delete_original === true || b.delete_original === 'true';
    if (!deleting && (typeof b.text !== 'string' || b.text === '') && !Array.isArray(b.blocks)) {
      return sendJson(res, 400, { ok: false, error: 'no_text' });
    }
    target.uses += 1;
    this.record(responseId, b, 'response_url', 200);
    sendJson(res, 200, { ok: true });
  }
}
