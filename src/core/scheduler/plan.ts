import { planCatchUp } from '../schedule/catchup.js';
import { type Slot, slotsBetween } from '../schedule/slots.js';
import type { Schedule } from '../store.js';
import { specOf } from './describe.js';

export interface SlotPlanOptions {
  /** A due slot younger than this is delivered (marked late when older than `lateAfterMs`). */
  graceMs: number;
  /** A slot delivered later than this after its time says so ("Late: …"). Covers the tick interval. */
  lateAfterMs: number;
  /** At most this many (the most recent) missed slots are recorded per schedule and pass. */
  maxMissed: number;
}

export type SlotPlan =
  | { ok: true; deliver: { slot: Slot; late: boolean } | undefined; missed: Slot[] }
  | { ok: false; message: string };

/**
 * What to do with one schedule's slots in (from, now]: deliver the latest if it is within the grace
 * window, record the others as missed. A slow tick and a restart are the same case: only the most
 * recent slot is worth sending, since a briefing shows the story as it stands now.
 */
export function planSlots(schedule: Schedule, from: Date, now: Date, options: SlotPlanOptions): SlotPlan {
  const spec = specOf(schedule);
  if (!spec) return { ok: false, message: `schedule ${schedule.id} has an invalid spec "${schedule.spec}"` };
  let slots: Slot[];
  try {
    slots = slotsBetween(spec, schedule.timezone, from, now);
  } catch (error) {
    return { ok: false, message: `schedule ${schedule.id}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const plan = planCatchUp(slots, now, options.graceMs);
  const latest = plan.deliverLate[0];
  const deliver = latest && { slot: latest, late: now.getTime() - latest.at.getTime() > options.lateAfterMs };
  const missed = options.maxMissed > 0 ? plan.missed.slice(-options.maxMissed) : [];
  return { ok: true, deliver, missed };
}
