import { IANAZone } from 'luxon';
import { cronMatchesDate } from './cron.js';
import type { ScheduleSpec } from './spec.js';

/**
 * One scheduled fire. `key` is the local wall-clock slot (`2026-03-08T02:30` in the schedule's zone) and
 * stays the same whatever DST does, so it is what "already delivered" records should be keyed by.
 */
export interface Slot {
  key: string;
  at: Date;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Every UTC offset in use lies within ±14h, so probing 15h outside a local day brackets all of its instants. */
const OFFSET_PROBE_MS = 15 * 3_600_000;
/** One Gregorian cycle: every month/day/weekday combination occurs within it (e.g. Feb 29 on a Monday). */
const SEARCH_LIMIT_DAYS = 146_097;

function zoneFor(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
  return zone;
}

/** Days since 1970-01-01 of the calendar date the zone's clocks show at `instant`. */
function localDayNumber(zone: IANAZone, instant: number): number {
  return Math.floor((instant + zone.offset(instant) * MINUTE_MS) / DAY_MS);
}

function wallClockAt(zone: IANAZone, instant: number): number {
  return instant + zone.offset(instant) * MINUTE_MS;
}

/**
 * The instant a local wall-clock time fires: the first instant at which the zone's clocks read that time
 * or later. This picks the first occurrence in a fall-back overlap and, for a time skipped by a
 * spring-forward gap, the transition itself (the first valid local instant after the gap).
 */
function resolveWallTime(zone: IANAZone, wall: number, offsetBefore: number, offsetAfter: number): number {
  const exact = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wallClockAt(zone, instant) === wall);
  if (exact.length > 0) return Math.min(...exact);

  // In a gap: clocks read earlier than `wall` at `low` and later at `high`; find the jump to the second.
  let low = wall - Math.max(offsetBefore, offsetAfter) * MINUTE_MS;
  let high = wall - Math.min(offsetBefore, offsetAfter) * MINUTE_MS;
  if (wallClockAt(zone, low) >= wall || wallClockAt(zone, high) < wall) return high;
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    if (wallClockAt(zone, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** All slots of the local days firstDay..lastDay in order; fire instants never decrease along the way. */
function* slotsOfDays(spec: ScheduleSpec, zone: IANAZone, firstDay: number, lastDay: number): Generator<Slot> {
  const { hours, minutes } = spec.fields;
  for (let day = firstDay; day <= lastDay; day++) {
    const dayStart = day * DAY_MS;
    const date = new Date(dayStart);
    if (!cronMatchesDate(spec.fields, date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay())) continue;

    const offsetBefore = zone.offset(dayStart - OFFSET_PROBE_MS);
    const offsetAfter = zone.offset(dayStart + DAY_MS + OFFSET_PROBE_MS);
    const datePrefix = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    for (const hour of hours) {
      for (const minute of minutes) {
        const wall = dayStart + (hour * 60 + minute) * MINUTE_MS;
        const at =
          offsetBefore === offsetAfter
            ? wall - offsetBefore * MINUTE_MS
            : resolveWallTime(zone, wall, offsetBefore, offsetAfter);
        yield { key: `${datePrefix}T${pad(hour)}:${pad(minute)}`, at: new Date(at) };
      }
    }
  }
}

/**
 * Slots strictly after `after`, one per distinct fire instant. Several slots can land on the same instant
 * only inside a spring-forward gap (`*\/15 2 * * *` puts 02:00-02:45 all at 03:00); those are merged into
 * the earliest key so a channel gets one briefing, not four identical ones at once.
 */
function* distinctSlotsAfter(spec: ScheduleSpec, zone: IANAZone, after: number, lastDay: number): Generator<Slot> {
  // A day earlier than `after`'s local date, because a gap slot can fire on the next local day.
  const firstDay = localDayNumber(zone, after) - 1;
  let previousAt = Number.NEGATIVE_INFINITY;
  for (const slot of slotsOfDays(spec, zone, firstDay, lastDay)) {
    const at = slot.at.getTime();
    if (at === previousAt) continue;
    previousAt = at;
    if (at > after) yield slot;
  }
}

/** The next `count` slots strictly after `from`. */
export function nextSlots(spec: ScheduleSpec, zone: string, from: Date, count: number): Slot[] {
  const result: Slot[] = [];
  if (count <= 0) return result;
  const ianaZone = zoneFor(zone);
  const after = from.getTime();
  const lastDay = localDayNumber(ianaZone, after) + SEARCH_LIMIT_DAYS;
  for (const slot of distinctSlotsAfter(spec, ianaZone, after, lastDay)) {
    result.push(slot);
    if (result.length >= count) break;
  }
  return result;
}

/** Slots with fromExclusive < at <= toInclusive, oldest first: for catch-up after downtime and each tick. */
export function slotsBetween(spec: ScheduleSpec, zone: string, fromExclusive: Date, toInclusive: Date): Slot[] {
  const result: Slot[] = [];
  const after = fromExclusive.getTime();
  const until = toInclusive.getTime();
  if (until <= after) return result;
  const ianaZone = zoneFor(zone);
  // A day past `until`'s local date, because a midnight fall-back can put its first slot before `until`.
  const lastDay = localDayNumber(ianaZone, until) + 1;
  for (const slot of distinctSlotsAfter(spec, ianaZone, after, lastDay)) {
    if (slot.at.getTime() > until) break;
    result.push(slot);
  }
  return result;
}
