// Small HTTP helpers for the Discord stand-in: body parsing (JSON / multipart with payload_json) and replies.
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Json } from './fixtures.js';
import { snowflake } from './fixtures.js';

export interface Reply {
  status: number;
  /** undefined → no body and no Content-Type (e.g. 204). */
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message));
  }
}

/** Discord's JSON error codes used by the stand-in (docs: topics/opcodes-and-status-codes#json). */
export const errors = {
  unauthorized: () => new ApiError(401, { message: '401: Unauthorized', code: 0 }),
  notFound: () => new ApiError(404, { message: '404: Not Found', code: 0 }),
  methodNotAllowed: () => new ApiError(405, { message: '405: Method Not Allowed', code: 0 }),
  unknownChannel: () => new ApiError(404, { message: 'Unknown Channel', code: 10003 }),
  unknownMessage: () => new ApiError(404, { message: 'Unknown Message', code: 10008 }),
  unknownWebhook: () => new ApiError(404, { message: 'Unknown Webhook', code: 10015 }),
  unknownInteraction: () => new ApiError(404, { message: 'Unknown interaction', code: 10062 }),
  missingAccess: () => new ApiError(403, { message: 'Missing Access', code: 50001 }),
  missingPermissions: () => new ApiError(403, { message: 'Missing Permissions', code: 50013 }),
  emptyMessage: () => new ApiError(400, { message: 'Cannot send an empty message', code: 50006 }),
  alreadyAcknowledged: () => new ApiError(400, { message: 'Interaction has already been acknowledged.', code: 40060 }),
  invalidJson: () => new ApiError(400, { message: 'The request body contains invalid JSON.', code: 50109 }),
  invalidForm: (errs: Json) => new ApiError(400, { message: 'Invalid Form Body', code: 50035, errors: errs }),
  status: (status: number) =>
    new ApiError(status, { message: `${status}: ${STATUS_CODES[status] ?? 'Error'}`, code: 0 }),
};

export function fieldError(code: string, message: string): Json {
  return { _errors: [{ code, message }] };
}

export interface ParsedBody {
  body: unknown;
  /** Uploaded files (multipart `files[n]`), described like message attachments. */
  files: Json[];
}

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://stand-in/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    let body: unknown = {};
    const files: Json[] = [];
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') {
        try {
          body = JSON.parse(value);
        } catch {
          throw errors.invalidJson();
        }
      } else if (typeof value !== 'string') {
        const id = /^files\[(\d+)\]$/.exec(key)?.[1] ?? String(files.length);
        files.push({
          id,
          filename: value.name,
          size: value.size,
          content_type: value.type || 'application/octet-stream',
          url: `https://cdn.stand-in.invalid/attachments/${snowflake()}/${encodeURIComponent(value.name)}`,
        });
      }
    }
    return { body, files };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw errors.invalidJson();
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
