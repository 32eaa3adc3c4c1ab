import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { discordPublicKey, verifyDiscordRequest } from '../../../../src/adapters/discord/verify.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const key = discordPublicKey(hex);
const now = 1_700_000_000_000;
const ts = String(now / 1000);
const body = Buffer.from('{"type":1}');
const signature = (t: string, b: Buffer) => sign(null, Buffer.concat([Buffer.from(t), b]), privateKey).toString('hex');

describe('verifyDiscordRequest (Ed25519 over timestamp + raw body)', () => {
  it('accepts a valid signature', () => {
    expect(verifyDiscordRequest(key, signature(ts, body), ts, body, now)).toEqual({ ok: true });
  });

  it('refuses a changed body, a changed timestamp and a flipped bit', () => {
    const sig = signature(ts, body);
    expect(verifyDiscordRequest(key, sig, ts, Buffer.from('{"type":2}'), now)).toMatchObject({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyDiscordRequest(key, sig, String(Number(ts) + 1), body, now)).toMatchObject({ ok: false });
    const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
    expect(verifyDiscordRequest(key, flipped, ts, body, now)).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it('refuses a timestamp more than 5 minutes away, either way', () => {
    for (const skew of [-301, 301]) {
      const t = String(now / 1000 + skew);
      expect(verifyDiscordRequest(key, signature(t, body), t, body, now)).toEqual({
        ok: false,
        reason: 'stale timestamp',
      });
    }
    const t = String(now / 1000 - 299);
    expect(verifyDiscordRequest(key, signature(t, body), t, body, now)).toEqual({ ok: true });
  });

  it('refuses missing or malformed headers without throwing', () => {
    expect(verifyDiscordRequest(key, undefined, ts, body, now)).toMatchObject({ ok: false });
    expect(verifyDiscordRequest(key, 'zz', ts, body, now)).toMatchObject({ ok: false, reason: 'malformed signature' });
    expect(verifyDiscordRequest(key, signature(ts, body), 'soon', body, now)).toMatchObject({ ok: false });
  });

  it('the public key must be 64 hex characters', () => {
    expect(() => discordPublicKey('abc')).toThrow(/64 hex/);
  });
});
