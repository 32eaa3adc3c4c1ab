import { createTask } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { nextSlots } from '../../../../src/core/schedule/slots.js';
import { parseScheduleSpec } from '../../../../src/core/schedule/spec.js';

/**
 * node-cron is the reference for what a cron expression means. It cannot be the scheduler itself
 * (it skips a daily slot in a spring-forward gap and keeps nothing across restarts), so Sitrep
 * evaluates expressions itself; in UTC, where no DST rule applies, both must agree on every run.
 */
const EXPRESSIONS = [
  '* * * * *',
  '*/5 * * * *',
  '0 9 * * *',
  '30 2 * * *',
  '0 9 * * 1-5',
  '15 14 1 * *',
  '0 0 1 1 *',
  '0 12 * * 0',
  '0 12 * * 7',
  '0 8-18/2 * * *',
  '5,35 6 * * MON,WED,FRI',
  '0 0 29 2 *',
  '0 22 * JAN-MAR *',
  '45 23 L * *'.replace('L', '28-31'),
];

function nodeCronRuns(expression: string, count: number): Date[] {
  const task = createTask(expression, () => undefined, { timezone: 'UTC' });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

describe('cron evaluation agrees with node-cron (UTC)', () => {
  it.each(EXPRESSIONS)('%s: the next 12 runs', (expression) => {
    const parsed = parseScheduleSpec(expression);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // node-cron counts from "now": take ours from the same minute, and retry once if a minute
    // boundary passes in between.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const minute = Math.floor(Date.now() / 60_000);
      const theirs = nodeCronRuns(expression, 12).map((d) => d.toISOString());
      const ours = nextSlots(parsed.spec, 'UTC', new Date(), 12).map((s) => s.at.toISOString());
      if (Math.floor(Date.now() / 60_000) !== minute && attempt === 0) continue;
      expect(ours).toEqual(theirs);
      return;
    }
  });
});

describe('where Sitrep and node-cron differ on purpose', () => {
  it('day-of-month and day-of-week both restricted: either matches, as crontab(5) says (node-cron needs both)', () => {
    const parsed = parseScheduleSpec('0 0 13 * 5');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const from = new Date('2026-11-01T00:00:00Z');
    // Fridays and the 13th: Fri 6 Nov, Fri 13 Nov (both), Fri 20 Nov, Fri 27 Nov, Fri 4 Dec, Fri 11 Dec, Sun 13 Dec.
    expect(nextSlots(parsed.spec, 'UTC', from, 7).map((s) => s.at.toISOString().slice(0, 10))).toEqual([
      '2026-11-06',
      '2026-11-13',
      '2026-11-20',
      '2026-11-27',
      '2026-12-04',
      '2026-12-11',
      '2026-12-13',
    ]);
    // node-cron only fires on a Friday the 13th.
    const fridaysThe13th = nodeCronRuns('0 0 13 * 5', 2);
    expect(fridaysThe13th).toHaveLength(2);
    expect(fridaysThe13th.every((d) => d.getUTCDate() === 13 && d.getUTCDay() === 5)).toBe(true);
  });
});
