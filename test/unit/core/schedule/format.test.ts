import { describe, expect, it } from 'vitest';
import { formatFireTime, parseDuration } from '../../../../src/core/schedule/format.js';

describe('formatFireTime', () => {
  it('formats with the offset in force at that instant', () => {
    expect(formatFireTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08T03:00:00-04:00');
    expect(formatFireTime(new Date('2026-03-08T06:59:00Z'), 'America/New_York')).toBe('2026-03-08T01:59:00-05:00');
    expect(formatFireTime(new Date('2026-01-01T03:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T09:00:00+05:30');
    expect(formatFireTime(new Date('2026-01-01T09:00:00.250Z'), 'UTC')).toBe('2026-01-01T09:00:00+00:00');
  });

  it('rejects an unknown zone', () => {
    expect(() => formatFireTime(new Date(), 'Europe/Lundon')).toThrow(/Europe\/Lundon/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    [' 2H ', 7_200_000],
    ['0m', 0],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2', 'h', '2x', '1.5h', '-1h', '2 h', 'soon'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(
      `invalid duration "${text}": use a whole number followed by s, m, h or d`,
    );
  });
});
