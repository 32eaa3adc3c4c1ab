import { DateTime } from 'luxon';
import { formatFireTime } from '../schedule/format.js';
import { nextSlots, type Slot } from '../schedule/slots.js';
import { parseScheduleSpec, type ScheduleSpec } from '../schedule/spec.js';
import type { Schedule } from '../store.js';

/** A stored schedule's spec, compiled; undefined if it no longer parses (it was validated when saved). */
export function specOf(schedule: Pick<Schedule, 'spec'>): ScheduleSpec | undefined {
  const parsed = parseScheduleSpec(schedule.spec);
  return parsed.ok ? parsed.spec : undefined;
}

/** The schedule's next `count` fire slots after `now` (none for an unparseable spec or zone). */
export function upcomingSlots(schedule: Pick<Schedule, 'spec' | 'timezone'>, now: Date, count: number): Slot[] {
  const spec = specOf(schedule);
  if (!spec) return [];
  try {
    return nextSlots(spec, schedule.timezone, now, count);
  } catch {
    return [];
  }
}

/** The schedule's next fire instants, as ISO-8601 with the zone's offset. */
export function nextFireTimes(schedule: Pick<Schedule, 'spec' | 'timezone'>, now: Date, count: number): string[] {
  return upcomingSlots(schedule, now, count).map((slot) => formatFireTime(slot.at, schedule.timezone));
}

/** A slot time as people read it: `09:00 on Sun 8 Mar (Europe/London)`. */
export function describeInstant(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) return at.toISOString();
  return `${local.toFormat("HH:mm 'on' ccc d LLL")} (${zone})`;
}

/** `daily 09:00 Europe/London · short · kim-putin-summit` */
export function describeSchedule(schedule: Schedule): string {
  const story = schedule.story ?? 'the loaded story';
  return `${schedule.spec} ${schedule.timezone} · ${schedule.tier} · ${story}`;
}
