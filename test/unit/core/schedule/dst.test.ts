import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatFireTime } from '../../../../src/core/schedule/format.js';
import type { Slot } from '../../../../src/core/schedule/slots.js';
import { nextSlots, slotsBetween } from '../../../../src/core/schedule/slots.js';
import { specOf } from './helpers.js';

interface TransitionCase {
  label: string;
  zone: string;
  days: [string, string, string];
  /** time of day -> UTC fire instants on the three days (before, transition, after). */
  expected: Record<string, [string, string, string]>;
}

const transitions: TransitionCase[] = [
  {
    label: 'New York spring forward',
    zone: 'America/New_York',
    days: ['2026-03-07', '2026-03-08', '2026-03-09'],
    expected: {
      '01:30': ['2026-03-07T06:30:00Z', '2026-03-08T06:30:00Z', '2026-03-09T05:30:00Z'],
      '02:30': ['2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z'],
      '09:00': ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z'],
    },
  },
  {
    label: 'London spring forward',
    zone: 'Europe/London',
    days: ['2026-03-28', '2026-03-29', '2026-03-30'],
    expected: {
      '01:30': ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
      '02:30': ['2026-03-28T02:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T01:30:00Z'],
      '09:00': ['2026-03-28T09:00:00Z', '2026-03-29T08:00:00Z', '2026-03-30T08:00:00Z'],
    },
  },
  {
    label: 'New York fall back',
    zone: 'America/New_York',
    days: ['2026-10-31', '2026-11-01', '2026-11-02'],
    expected: {
      '01:30': ['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
      '02:30': ['2026-10-31T06:30:00Z', '2026-11-01T07:30:00Z', '2026-11-02T07:30:00Z'],
      '09:00': ['2026-10-31T13:00:00Z', '2026-11-01T14:00:00Z', '2026-11-02T14:00:00Z'],
    },
  },
  {
    label: 'London fall back',
    zone: 'Europe/London',
    days: ['2026-10-24', '2026-10-25', '2026-10-26'],
    expected: {
      '01:30': ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
      '02:30': ['2026-10-24T01:30:00Z', '2026-10-25T02:30:00Z', '2026-10-26T02:30:00Z'],
      '09:00': ['2026-10-24T08:00:00Z', '2026-10-25T09:00:00Z', '2026-10-26T09:00:00Z'],
    },
  },
];

function iso(slot: Slot): string {
  return slot.at.toISOString().replace('.000Z', 'Z');
}

describe.each(transitions)('$label ($zone)', ({ zone, days, expected }) => {
  const windowStart = new Date(`${shiftDay(days[0], -2)}T00:00:00Z`);
  const windowEnd = new Date(`${shiftDay(days[2], 2)}T00:00:00Z`);

  it.each(Object.entries(expected))(
    'daily %s fires exactly once per local day with the right instant',
    (time, instants) => {
      const slots = slotsBetween(specOf(`daily ${time}`), zone, windowStart, windowEnd);
      const keys = slots.map((slot) => slot.key);
      expect(new Set(keys.map((key) => key.slice(0, 10))).size).toBe(keys.length);
      for (const [index, day] of days.entries()) {
        const matching = slots.filter((slot) => slot.key === `${day}T${time}`);
        expect(matching).toHaveLength(1);
        expect(iso(matching[0] as Slot)).toBe(instants[index]);
      }
    },
  );

  it('nextSlots agrees with slotsBetween across the transition', () => {
    for (const time of Object.keys(expected)) {
      const spec = specOf(`daily ${time}`);
      const between = slotsBetween(spec, zone, windowStart, windowEnd);
      expect(nextSlots(spec, zone, windowStart, between.length)).toEqual(between);
    }
  });
});

function shiftDay(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() ?? '';
}

describe('gap and overlap fire times in local terms', () => {
  it('fires a gap slot at the first valid local instant after the gap, the same day', () => {
    const [ny] = nextSlots(specOf('daily 02:30'), 'America/New_York', new Date('2026-03-08T00:00:00Z'), 1);
    expect(ny?.key).toBe('2026-03-08T02:30');
    expect(formatFireTime(ny?.at as Date, 'America/New_York')).toBe('2026-03-08T03:00:00-04:00');

    const [london] = nextSlots(specOf('daily 01:30'), 'Europe/London', new Date('2026-03-28T12:00:00Z'), 1);
    expect(london?.key).toBe('2026-03-29T01:30');
    expect(formatFireTime(london?.at as Date, 'Europe/London')).toBe('2026-03-29T02:00:00+01:00');
  });

  it('fires an overlap slot at its first occurrence only', () => {
    const spec = specOf('daily 01:30');
    const [first] = nextSlots(spec, 'America/New_York', new Date('2026-11-01T00:00:00Z'), 1);
    expect(formatFireTime(first?.at as Date, 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    // Starting inside the repeated hour, after the first 01:30, the next fire is tomorrow.
    const [next] = nextSlots(spec, 'America/New_York', new Date('2026-11-01T06:10:00Z'), 1);
    expect(next?.key).toBe('2026-11-02T01:30');
  });

  it('handles a midnight spring-forward (Santiago 00:00 -> 01:00)', () => {
    const [slot] = nextSlots(specOf('daily 00:30'), 'America/Santiago', new Date('2026-09-05T12:00:00Z'), 1);
    expect(slot?.key).toBe('2026-09-06T00:30');
    expect(formatFireTime(slot?.at as Date, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
  });

  it('handles a midnight fall-back (Santiago 00:00 -> 23:00 the day before)', () => {
    const spec = specOf('daily 23:30');
    const slots = slotsBetween(
      spec,
      'America/Santiago',
      new Date('2026-04-04T12:00:00Z'),
      new Date('2026-04-05T12:00:00Z'),
    );
    expect(slots.map((slot) => [slot.key, iso(slot)])).toEqual([['2026-04-04T23:30', '2026-04-05T02:30:00Z']]);
  });

  it('handles a 30-minute shift (Lord Howe)', () => {
    const [slot] = nextSlots(specOf('daily 02:15'), 'Australia/Lord_Howe', new Date('2026-10-03T00:00:00Z'), 1);
    expect(formatFireTime(slot?.at as Date, 'Australia/Lord_Howe')).toBe('2026-10-04T02:30:00+11:00');
  });
});

describe('a whole year, one fire per local day', () => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'UTC',
  ];
  const times = ['00:00', '00:30', '01:30', '02:30', '09:00', '23:30'];

  it.each(zones)('%s', (zone) => {
    for (const time of times) {
      const spec = specOf(`daily ${time}`);
      const slots = slotsBetween(spec, zone, new Date('2025-12-20T00:00:00Z'), new Date('2027-01-10T00:00:00Z')).filter(
        (slot) => slot.key.startsWith('2026-'),
      );
      expect(slots).toHaveLength(365);
      expect(new Set(slots.map((slot) => slot.key.slice(0, 10))).size).toBe(365);
      for (const [index, slot] of slots.entries()) {
        expect(slot.key.slice(11)).toBe(time);
        const previous = slots[index - 1];
        if (previous) expect(slot.at.getTime()).toBeGreaterThan(previous.at.getTime());
        expectFirstInstantShowingAtLeast(slot, zone);
      }
    }
  });
});

/** The defining property: the clocks read the slot time (or, in a gap, just passed it) for the first time. */
function expectFirstInstantShowingAtLeast(slot: Slot, zone: string): void {
  const wallAt = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
  const at = slot.at.getTime();
  expect(wallAt(at) >= slot.key).toBe(true);
  for (const earlier of [1_000, 30 * 60_000, 60 * 60_000]) {
    expect(wallAt(at - earlier) < slot.key, `${slot.key} in ${zone}: ${earlier}ms earlier`).toBe(true);
  }
}
