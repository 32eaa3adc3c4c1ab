/**
 * Web API argument decoding shared by the message methods. Form-encoded bodies carry `blocks`,
 * `attachments` and `metadata` as JSON strings; JSON bodies carry them as values.
 */
import { validateBlocks } from './blocks.js';
import type { MessageMetadata } from './types.js';

export interface ApiReply {
  status: number;
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
}

export const ok = (body: Record<string, unknown> = {}): ApiReply => ({ status: 200, body: { ok: true, ...body } });
export const fail = (error: string, extra: Record<string, unknown> = {}): ApiReply => ({
  status: 200,
  body: { ok: false, error, ...extra },
});

export function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === 'true' || v === '1';
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function parseJsonArg(v: unknown): { value: unknown; bad: boolean } {
  if (typeof v !== 'string') return { value: v, bad: false };
  try {
    return { value: JSON.parse(v), bad: false };
  } catch {
    return { value: v, bad: true };
  }
}

export interface MessageContent {
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: MessageMetadata | undefined;
}

/**
 * Decodes and validates text/blocks/attachments/metadata (decoded values are written back into `args`
 * so recorded requests show structured data). Returns an error reply the way Slack words it.
 */
export function messageContent(args: Record<string, unknown>): { error: ApiReply } | MessageContent {
  const text = str(args.text);
  let blocks: unknown[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const parsed = parseJsonArg(args.blocks);
    if (parsed.bad || !Array.isArray(parsed.value)) return { error: fail('invalid_blocks_format') };
    const errors = validateBlocks(parsed.value);
    if (errors.length > 0) {
      return {
        error: fail('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } }),
      };
    }
    blocks = parsed.value;
    args.blocks = parsed.value;
  }
  let attachments: unknown[] | undefined;
  if (args.attachments !== undefined && args.attachments !== '') {
    const parsed = parseJsonArg(args.attachments);
    if (parsed.bad || !Array.isArray(parsed.value)) return { error: fail('invalid_attachments') };
    if (parsed.value.length > 100) return { error: fail('too_many_attachments') };
    attachments = parsed.value;
    args.attachments = parsed.value;
  }
  let metadata: MessageMetadata | undefined;
  if (args.metadata !== undefined && args.metadata !== '') {
    const parsed = parseJsonArg(args.metadata);
    const m = parsed.value as Record<string, unknown> | null;
    if (parsed.bad || typeof m !== 'object' || m === null) return { error: fail('invalid_metadata_format') };
    if (typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) {
      return { error: fail('invalid_metadata_schema') };
    }
    metadata = { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
    args.metadata = metadata;
  }
  if ((text === undefined || text === '') && !blocks?.length && !attachments?.length) return { error: fail('no_text') };
  if (text !== undefined && text.length > 40_000) return { error: fail('msg_too_long') };
  return { text, blocks, attachments, metadata };
}
