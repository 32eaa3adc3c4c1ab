import { describe, expect, it } from 'vitest';
import { planCatchUp } from '../../../../src/core/schedule/catchup.js';
import type { Slot } from '../../../../src/core/schedule/slots.js';

const HOUR = 3_600_000;
const now = new Date('2026-03-10T12:00:00Z');

function slotHoursAgo(hours: number): Slot {
  const at = new Date(now.getTime() - hours * HOUR);
  return { key: at.toISOString().slice(0, 16), at };
}

describe('planCatchUp', () => {
  it('delivers only the most recent slot within grace and records the rest as missed', () => {
    const slots = [slotHoursAgo(1), slotHoursAgo(3), slotHoursAgo(2)];
    expect(planCatchUp(slots, now, 4 * HOUR)).toEqual({
      deliverLate: [slotHoursAgo(1)],
      missed: [slotHoursAgo(3), slotHoursAgo(2)],
    });
  });

  it('misses everything older than grace', () => {
    expect(planCatchUp([slotHoursAgo(5), slotHoursAgo(30)], now, 2 * HOUR)).toEqual({
      deliverLate: [],
      missed: [slotHoursAgo(30), slotHoursAgo(5)],
    });
  });

  it('includes a slot exactly at the grace boundary', () => {
    expect(planCatchUp([slotHoursAgo(2)], now, 2 * HOUR).deliverLate).toEqual([slotHoursAgo(2)]);
  });

  it('treats a slot due exactly now as deliverable even with zero grace', () => {
    expect(planCatchUp([slotHoursAgo(0)], now, 0).deliverLate).toEqual([slotHoursAgo(0)]);
  });

  it('ignores slots that are not due yet', () => {
    expect(planCatchUp([slotHoursAgo(-1), slotHoursAgo(1)], now, HOUR)).toEqual({
      deliverLate: [slotHoursAgo(1)],
      missed: [],
    });
  });

  it('handles no slots', () => {
    expect(planCatchUp([], now, HOUR)).toEqual({ deliverLate: [], missed: [] });
  });

  it('rejects a negative grace', () => {
    expect(() => planCatchUp([], now, -1)).toThrow(/non-negative/);
  });
});
