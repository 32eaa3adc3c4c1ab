import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BufferedIncomingMessage } from '@slack/bolt';

/** Slack's interaction payloads are small; anything larger is not from Slack. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * Refuses, with 400, an interaction payload that Bolt would fail on with a server error (a
 * `block_actions` or `view_submission` without the user Slack always names). Everything else goes
 * on to Bolt unchanged, with the bytes read here as its `rawBody`: Bolt's receivers take a request
 * so buffered as it is, rather than reading the body a second time.
 */
export function refuseMalformed(
  listener: (req: BufferedIncomingMessage, res: ServerResponse) => void,
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
      listener(Object.assign(req, { rawBody: raw }), res);
    });
  };
}

function missingUser(raw: Buffer, contentType: string | undefined): boolean {
  // Slash commands, the most frequent request, carry no `payload` field: no parse for them.
  if (!contentType?.startsWith('application/x-www-form-urlencoded') || !raw.includes('payload=')) return false;
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
