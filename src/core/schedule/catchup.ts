import type { Slot } from './slots.js';

export interface CatchUpPlan {
  /** At most one slot: the most recent due slot, if it is still within the grace window. */
  deliverLate: Slot[];
  /** Every other due slot, oldest first, to be recorded as missed rather than delivered. */
  missed: Slot[];
}

/**
 * Decides what to do with the due slots of ONE schedule after downtime (or a slow tick).
 *
 * Only the most recent due slot is delivered late, and only if `now - at <= graceMs`. Older slots are
 * recorded as missed even when they are inside the grace window: a briefing summarises the story as it
 * stands now, so sending three in a row after an outage would repeat the same content three times and
 * flood the channel. Slots not yet due (`at > now`) are neither; they are left for the normal schedule.
 */
export function planCatchUp(slots: readonly Slot[], now: Date, graceMs: number): CatchUpPlan {
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new RangeError(`grace must be a non-negative number of milliseconds, got ${graceMs}`);
  }
  const nowMs = now.getTime();
  const due = slots
    .filter((slot) => slot.at.getTime() <= nowMs)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
  const latest = due.at(-1);
  if (latest === undefined || nowMs - latest.at.getTime() > graceMs) return { deliverLate: [], missed: due };
  return { deliverLate: [latest], missed: due.slice(0, -1) };
}
