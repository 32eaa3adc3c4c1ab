import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { UserError } from '../../errors.js';

export interface FetchLimits {
  /** Whole request, headers and body (default 10 s). */
  timeoutMs?: number;
  /** Largest body read (default 5 MB); a bigger page is refused, not truncated. */
  maxBytes?: number;
  /**
   * `refuse` (the default): addresses on this machine or a private network are not fetched, nor
   * redirects to them, so a chat command cannot make the server read its own network. The command
   * line, run by whoever runs the server, allows them.
   */
  privateAddresses?: 'allow' | 'refuse';
  /** Hosts (`host:port` as in the URL) read even when private: a newsroom's own intranet site. */
  allowedHosts?: readonly string[];
}

const MAX_REDIRECTS = 5;

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT and unspecified ranges. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Refuses a host that is, or resolves to, a private or local address. */
async function assertPublic(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => {
          throw new UserError(`Could not reach ${url.host}: no such host.`);
        },
      );
  if (addresses.some(isPrivateAddress))
    throw new UserError(`${url.host} is on a private or local network; articles are read only from the public web.`);
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
  const refusePrivate = limits.privateAddresses !== 'allow';
  let response: Response;
  try {
    // Redirects are followed here, so each address is checked before it is fetched.
    for (let hops = 0; ; hops++) {
      if (refusePrivate && !limits.allowedHosts?.includes(url.host)) await assertPublic(url);
      response = await fetch(url, {
        signal,
        redirect: 'manual',
        headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9', 'user-agent': 'Sitrep article reader' },
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel();
      if (hops >= MAX_REDIRECTS) throw new UserError(`${url.host} redirected more than ${MAX_REDIRECTS} times.`);
      url = new URL(location, url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new UserError(`The page redirected to a ${url.protocol.replace(':', '')} address, which cannot be read.`);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
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
  return { url: url.href, contentType, body };
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
