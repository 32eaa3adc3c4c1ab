import { UserError } from '../../errors.js';

export interface FetchLimits {
  /** Whole request, headers and body (default 10 s). */
  timeoutMs?: number;
  /** Largest body read (default 5 MB); a bigger page is refused, not truncated. */
  maxBytes?: number;
}

export interface FetchedPage {
  url: string;
  contentType: string;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Fetches an article page. Every way it can fail becomes a UserError that says what happened in
 * words an editor understands (the page answered 404, took too long, was not a web page, was too
 * big), because whoever asked for proposals sees this message and nothing else.
 */
export async function fetchPage(address: string, limits: FetchLimits = {}): Promise<FetchedPage> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new UserError(`"${address}" is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`Only http and https addresses can be read, not ${url.protocol.replace(':', '')}.`);
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9', 'user-agent': 'Sitrep article reader' },
    });
  } catch (error) {
    if (signal.aborted) throw new UserError(`${url.host} did not answer within ${timeoutMs / 1000} s.`, 'timeout');
    throw new UserError(`Could not reach ${url.host}: ${networkReason(error)}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UserError(
      `${url.host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for that page.`,
    );
  }
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (contentType && !/^(text\/html|application\/xhtml\+xml|text\/plain)/.test(contentType)) {
    await response.body?.cancel();
    throw new UserError(`That address is not an article page (it is ${contentType.split(';')[0]}).`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new UserError(`That page is larger than ${Math.round(maxBytes / 1024)} KB; it is not read.`);
  }
  const body = await readLimited(response, maxBytes, signal, url.host, timeoutMs);
  return { url: response.url || url.href, contentType, body };
}

async function readLimited(response: Response, maxBytes: number, signal: AbortSignal, host: string, timeoutMs: number) {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new UserError(`That page is larger than ${Math.round(maxBytes / 1024)} KB; it is not read.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (signal.aborted)
      throw new UserError(`${host} did not finish sending the page within ${timeoutMs / 1000} s.`, 'timeout');
    throw new UserError(`The page from ${host} broke off: ${networkReason(error)}.`);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ENOTFOUND') return 'no such host';
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
