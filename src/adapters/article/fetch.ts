import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';
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

/**
 * Loopback, private, link-local (cloud metadata), carrier-grade NAT, benchmarking, multicast,
 * reserved and unspecified ranges: none of them is the public web.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  // NAT64 prefix for local use only (RFC 8215), unlike the well-known 64:ff9b::/96.
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  // Site-local: deprecated, but still a network's own.
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address, a trailing dotted quad included. */
function groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const [head, tail] = text.split('::');
  const front = parse(head);
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address an IPv6 one carries and is routed to: IPv4-mapped, -compatible and -translated,
 * NAT64 (64:ff9b::/96) and 6to4 (2002::/16). 64:ff9b::7f00:1 reaches 127.0.0.1 through a
 * translator just as ::ffff:127.0.0.1 does through the local stack.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = groups(address);
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (g[0] === 0x2002) return quad(g[1] ?? 0, g[2] ?? 0);
  const mapped = zeros(0, 5) && (g[5] === 0xffff || g[5] === 0);
  const translated = zeros(0, 4) && g[4] === 0xffff && g[5] === 0;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6);
  if (mapped || translated || nat64) return quad(g[6] ?? 0, g[7] ?? 0);
  return undefined;
}

export function isPrivateAddress(address: string): boolean {
  if (isIP(address) !== 6) return PRIVATE.check(address, 'ipv4');
  const ipv4 = embeddedIpv4(address);
  return ipv4 ? PRIVATE.check(ipv4, 'ipv4') : PRIVATE.check(address.replace(/%.*$/, ''), 'ipv6');
}

/** Why a host was not connected to; fetchPage words it for the editor with the host it asked for. */
class Unreachable extends Error {
  constructor(readonly why: 'private' | 'unknown') {
    super(why === 'private' ? 'private or local address' : 'no such host');
  }
}

function unreachable(url: URL, why: Unreachable['why']): UserError {
  return why === 'private'
    ? new UserError(`${url.host} is on a private or local network; articles are read only from the public web.`)
    : new UserError(`Could not reach ${url.host}: no such host.`);
}

/**
 * Connects only to addresses it has checked. Checking a name and then letting fetch resolve it
 * again would let a name that answers a public address first and 127.0.0.1 next (DNS rebinding)
 * reach this machine's network; here the checked answer is the one connected to.
 */
function publicOnlyAgent(): Agent {
  return new Agent({
    connect: {
      lookup(hostname: string, options: LookupOptions, callback) {
        lookup(hostname, { all: true }).then(
          (found) => {
            if (found.length === 0) return callback(new Unreachable('unknown'), []);
            if (found.some((a) => isPrivateAddress(a.address))) return callback(new Unreachable('private'), []);
            const family = { IPv4: 4, IPv6: 6 }[String(options.family)] ?? options.family;
            const usable: LookupAddress[] = family ? found.filter((a) => a.family === family) : found;
            const first = usable[0];
            if (!first) return callback(new Unreachable('unknown'), []);
            if (options.all) callback(null, usable);
            else callback(null, first.address, first.family);
          },
          () => callback(new Unreachable('unknown'), []),
        );
      },
    },
  });
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
  const agent = limits.privateAddresses === 'allow' ? undefined : publicOnlyAgent();
  try {
    return await fetchVia(address, limits, agent);
  } finally {
    await agent?.destroy();
  }
}

/** `agent` connects only to public addresses; without one, or for an allowed host, fetch's own. */
async function fetchVia(address: string, limits: FetchLimits, agent: Agent | undefined): Promise<FetchedPage> {
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
    // Redirects are followed here, so each address is checked before it is fetched.
    for (let hops = 0; ; hops++) {
      let dispatcher: Agent | undefined;
      if (agent && !limits.allowedHosts?.includes(url.host)) {
        // A literal address is connected to as written, without a lookup to check it in.
        const literal = url.hostname.replace(/^\[|\]$/g, '');
        if (isIP(literal) && isPrivateAddress(literal)) throw unreachable(url, 'private');
        dispatcher = agent;
      }
      response = await fetch(url, {
        // Node's fetch takes an undici dispatcher; its RequestInit type does not name it.
        ...({ dispatcher } as RequestInit),
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
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Unreachable) throw unreachable(url, cause.why);
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
