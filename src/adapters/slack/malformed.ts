import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Slack's interaction payloads are small; anything larger is not from Slack. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * Refuses, with 400, an interaction payload that Bolt would fail on with a server error (a
 * `block_actions` or `view_submission` without the user Slack always names). Everything else goes
 * on to Bolt unchanged, as a request whose body is the bytes read here.
 */
export function refuseMalformed(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !refused) {
        refused = true;
        res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large');
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const raw = Buffer.concat(chunks);
      if (missingUser(raw, req.headers['content-type'])) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('malformed interaction: no user');
        return;
      }
      const again = Object.assign(Readable.from([raw]), {
        headers: req.headers,
        method: req.method,
        url: req.url,
        httpVersion: req.httpVersion,
        socket: req.socket,
        connection: req.socket,
      });
      listener(again as unknown as IncomingMessage, res);
    });
  };
}

function missingUser(raw: Buffer, contentType: string | undefined): boolean {
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return false;
  const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
  if (payload === null) return false;
  try {
    const parsed = JSON.parse(payload) as { type?: string; user?: { id?: unknown } | null };
    return (
      (parsed.type === 'block_actions' || parsed.type === 'view_submission') && typeof parsed.user?.id !== 'string'
    );
  } catch {
    return false;
  }
}
