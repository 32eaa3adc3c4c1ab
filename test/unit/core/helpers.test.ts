import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { capitalise, counted, within } from '../../../src/core/helpers.js';

describe('within', () => {
  it('settles as the work does when the work comes first', async () => {
    await expect(within(delay(5, 'answer'), 60_000, () => 'late')).resolves.toBe('answer');
    await expect(within(Promise.reject(new Error('refused')), 60_000, () => 'late')).rejects.toThrow('refused');
  });

  it("settles with onTimeout's value when the time is up first", async () => {
    await expect(within(new Promise<string>(() => {}), 10, () => 'working on it')).resolves.toBe('working on it');
  });

  it('rejects when onTimeout throws', async () => {
    const timedOut = within(new Promise<string>(() => {}), 10, () => {
      throw new Error('too slow');
    });
    await expect(timedOut).rejects.toThrow('too slow');
  });
});

describe('words for counts and sentences', () => {
  it('counts in the singular only for one: "1 change", "0 changes", "3 changes"', () => {
    expect([1, 0, 3].map((n) => counted(n, 'change'))).toEqual(['1 change', '0 changes', '3 changes']);
  });

  it('capitalises the first letter and leaves the rest as written', () => {
    expect(capitalise('no proposal #9; see NATO')).toBe('No proposal #9; see NATO');
    expect(capitalise('')).toBe('');
  });
});
