import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/**
 * Discord signs every HTTP interaction with the application's Ed25519 key:
 * `X-Signature-Ed25519` = hex(sign(timestamp + raw body)), `X-Signature-Timestamp` = unix seconds.
 * A request that does not verify, or whose timestamp is more than five minutes from now either
 * way (a replay), is refused.
 */

export const MAX_SKEW_MS = 5 * 60_000;

/** A KeyObject from the 64-hex-character public key the Developer Portal shows. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('the Discord public key must be 64 hex characters');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export function verifyDiscordRequest(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  now: number = Date.now(),
): VerifyResult {
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(now - Number(timestamp) * 1000) > MAX_SKEW_MS) return { ok: false, reason: 'stale timestamp' };
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  const good = verify(null, message, key, Buffer.from(signature, 'hex'));
  return good ? { ok: true } : { ok: false, reason: 'bad signature' };
}
