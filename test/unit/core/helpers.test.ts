import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { within } from '../../../src/core/helpers.js';

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
