import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/core/sha256.js';

const whole = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256 of a long text, fed in slices', () => {
  it('gives the digest of the whole text, so stored revision hashes still match', () => {
    const text = 'Kim Jong Un — “reportedly” — 平壤. '.repeat(20_000);
    expect(sha256(text, 'hex')).toBe(whole(text));
  });

  it('keeps a surrogate pair whole where a slice would end between its halves', () => {
    // Emoji (two UTF-16 units each) placed so that every 40,000-unit boundary falls inside a pair.
    const text = `${'a'.repeat(39_999)}${'🛰'.repeat(60_000)}`;
    expect(text.charCodeAt(39_999)).toBeGreaterThanOrEqual(0xd800);
    expect(sha256(text, 'base64')).toBe(createHash('sha256').update(text).digest('base64'));
  });

  it('hashes an empty text', () => {
    expect(sha256('', 'hex')).toBe(whole(''));
  });
});
