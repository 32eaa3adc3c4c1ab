// Ed25519 request signing as Discord does for HTTP interactions
// (discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers):
// X-Signature-Ed25519 = hex(sign(timestamp + rawBody)), X-Signature-Timestamp = unix seconds.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export interface InteractionKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte public key, hex — what the Developer Portal shows as "Public Key". */
  publicKeyHex: string;
}

/** Raw 32-byte Ed25519 public key as hex (accepts the public or the private KeyObject). */
export function publicKeyHex(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('hex');
}

export function generateInteractionKeyPair(): InteractionKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, publicKeyHex: publicKeyHex(publicKey) };
}

export function signInteraction(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body, 'utf8'), privateKey).toString('hex');
}

export interface HttpInteractionOptions {
  privateKey: KeyObject;
  /**
   * Send a signature that must not verify: `true`/'signature' flips a byte of a valid
   * signature, 'body' signs a different body, 'key' signs with an unrelated key.
   */
  forge?: boolean | 'signature' | 'body' | 'key';
  /** X-Signature-Timestamp (unix seconds as a string); default now. */
  timestamp?: string | number;
  /** Omit one of the signature headers entirely. */
  omitHeader?: 'signature' | 'timestamp';
  headers?: Record<string, string>;
}

export interface HttpInteractionResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else the text ('' when empty). */
  body: unknown;
  rawBody: string;
}

export async function sendSignedInteraction(
  url: string,
  body: unknown,
  options: HttpInteractionOptions,
): Promise<HttpInteractionResult> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const forge = options.forge === true ? 'signature' : options.forge || undefined;
  let signature: string;
  if (forge === 'key') signature = signInteraction(generateKeyPairSync('ed25519').privateKey, timestamp, raw);
  else if (forge === 'body') signature = signInteraction(options.privateKey, timestamp, `${raw} `);
  else signature = signInteraction(options.privateKey, timestamp, raw);
  if (forge === 'signature') {
    const bytes = Buffer.from(signature, 'hex');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    signature = bytes.toString('hex');
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    ...(options.headers ?? {}),
  };
  if (options.omitHeader !== 'signature') headers['X-Signature-Ed25519'] = signature;
  if (options.omitHeader !== 'timestamp') headers['X-Signature-Timestamp'] = timestamp;
  const res = await fetch(url, { method: 'POST', headers, body: raw });
  const rawBody = await res.text();
  let parsed: unknown = rawBody;
  if ((res.headers.get('content-type') ?? '').includes('json') && rawBody) {
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      parsed = rawBody;
    }
  }
  const outHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    outHeaders[k] = v;
  });
  return { status: res.status, headers: outHeaders, body: parsed, rawBody };
}
