/** HTTP plumbing for the Slack stand-in: body reading, JSON answers, Web API request decoding. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackWebApi } from './web-api.js';

const MAX_BODY = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Objects are sent as `application/json; charset=utf-8`, strings as text. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...headers,
  });
  res.end(text);
}

function headerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/**
 * Decodes a Web API call: query string plus a JSON or form-encoded body (Slack accepts both;
 * with JSON the token must come from the Authorization header).
 */
export async function handleApi(
  api: SlackWebApi,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const contentType = req.headers['content-type'] ?? '';
  const raw = req.method === 'POST' ? await readBody(req) : '';
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const isJson = /application\/json/i.test(contentType);
  if (raw.length > 0) {
    if (isJson) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        Object.assign(args, parsed);
      } catch {
        return sendJson(res, 200, { ok: false, error: 'invalid_json' });
      }
    } else if (/multipart\/form-data/i.test(contentType)) {
      return sendJson(res, 200, { ok: false, error: 'invalid_form_data' });
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  const reply = await api.handle({
    method,
    args,
    headerToken: headerToken(req),
    isJson,
    missingCharset: isJson && raw.length > 0 && !/charset=/i.test(contentType),
    contentType,
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  });
  sendJson(res, reply.status, reply.body, reply.headers);
}
