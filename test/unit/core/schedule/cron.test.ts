import { describe, expect, it } from 'vitest';
import { nextSlots, type Slot, slotsBetween } from '../../../../src/core/schedule/slots.js';
import { specOf } from './helpers.js';

const NEW_YEAR_2026 = new Date('2026-01-01T00:00:00Z'); // a Thursday

function nextFires(expression: string, count: number, zone = 'UTC', from = NEW_YEAR_2026): string[] {
  return nextSlots(specOf(expression), zone, from, count).map((slot) => slot.at.toISOString().slice(0, 16));
}

/** The slots of the spec `text` in `zone` after `from` up to `to` (ISO instants). */
function slotsOf(text: string, zone: string, from: string, to: string): Slot[] {
  return slotsBetween(specOf(text), zone, new Date(from), new Date(to));
}

describe('cron expressions vs known next fire times (UTC, from 2026-01-01T00:00Z)', () => {
  it.each([
    ['*/15 * * * *', ['2026-01-01T00:15', '2026-01-01T00:30', '2026-01-01T00:45']],
    ['0 9 * * MON-FRI', ['2026-01-01T09:00', '2026-01-02T09:00', '2026-01-05T09:00']],
    ['0 0 1,15 * *', ['2026-01-15T00:00', '2026-02-01T00:00', '2026-02-15T00:00']],
    ['0 12 13 * FRI', ['2026-01-02T12:00', '2026-01-09T12:00', '2026-01-13T12:00', '2026-01-16T12:00']],
    ['0 0 29 2 *', ['2028-02-29T00:00', '2032-02-29T00:00']],
    ['30 4 * * 7', ['2026-01-04T04:30', '2026-01-11T04:30']],
    ['30 4 * * 0', ['2026-01-04T04:30', '2026-01-11T04:30']],
    [
      '0 0 * jan,jul sun',
      ['2026-01-04T00:00', '2026-01-11T00:00', '2026-01-18T00:00', '2026-01-25T00:00', '2026-07-05T00:00'],
    ],
    ['0 0 */10 * MON', ['2026-05-11T00:00']],
    [
      '5/20 8-10/2 * * *',
      [
        '2026-01-01T08:05',
        '2026-01-01T08:25',
        '2026-01-01T08:45',
        '2026-01-01T10:05',
        '2026-01-01T10:25',
        '2026-01-01T10:45',
        '2026-01-02T08:05',
      ],
    ],
    ['0 22 * * FRI-SUN', ['2026-01-02T22:00', '2026-01-03T22:00', '2026-01-04T22:00', '2026-01-09T22:00']],
    ['0 0 1 1 *', ['2027-01-01T00:00']],
    ['59 23 31 12 *', ['2026-12-31T23:59']],
  ])('%s', (expression, expected) => {
    expect(nextFires(expression, expected.length)).toEqual(expected);
  });

  it('is strictly after `from`', () => {
    expect(nextFires('0 0 * * *', 1)).toEqual(['2026-01-02T00:00']);
  });

  it('uses the zone for wall-clock fields', () => {
    expect(nextFires('0 9 * * *', 2, 'Asia/Kolkata')).toEqual(['2026-01-01T03:30', '2026-01-02T03:30']);
    const [slot] = nextSlots(specOf('0 9 * * *'), 'Asia/Kolkata', NEW_YEAR_2026, 1);
    expect(slot?.key).toBe('2026-01-01T09:00');
  });
});

describe('weekdays', () => {
  it('fires Monday to Friday only, at the local time', () => {
    // 2026-03-06 is a Friday; the weekend in between is the NY spring-forward.
    const slots = nextSlots(specOf('weekdays 07:30'), 'America/New_York', new Date('2026-03-05T13:00:00Z'), 4);
    expect(slots.map((slot) => [slot.key, slot.at.toISOString()])).toEqual([
      ['2026-03-06T07:30', '2026-03-06T12:30:00.000Z'],
      ['2026-03-09T07:30', '2026-03-09T11:30:00.000Z'],
      ['2026-03-10T07:30', '2026-03-10T11:30:00.000Z'],
      ['2026-03-11T07:30', '2026-03-11T11:30:00.000Z'],
    ]);
  });

  it('gives 261 slots in 2026', () => {
    const slots = slotsOf('weekdays 09:00', 'Europe/London', '2025-12-31T12:00:00Z', '2026-12-31T12:00:00Z');
    expect(slots).toHaveLength(261);
  });
});

describe('sub-daily crons across DST', () => {
  it('merges the gap slots of a spring-forward day into one fire', () => {
    const slots = slotsOf('*/30 * * * *', 'America/New_York', '2026-03-08T04:59:00Z', '2026-03-09T03:59:00Z');
    // 48 local slots; 02:00, 02:30 and 03:00 all fall on 03:00 EDT and fire once, under the first key.
    expect(slots).toHaveLength(46);
    const atTransition = slots.filter((slot) => slot.at.toISOString() === '2026-03-08T07:00:00.000Z');
    expect(atTransition.map((slot) => slot.key)).toEqual(['2026-03-08T02:00']);
  });

  it('fires each slot of a fall-back day once, in the first pass of the repeated hour', () => {
    const slots = slotsOf('*/30 * * * *', 'America/New_York', '2026-11-01T03:59:00Z', '2026-11-02T04:59:00Z');
    expect(slots).toHaveLength(48);
    expect(new Set(slots.map((slot) => slot.key)).size).toBe(48);
    // Nothing fires during the second 01:00-01:59 (EST), i.e. 06:00Z-06:59Z.
    expect(slots.filter((slot) => slot.at.toISOString().startsWith('2026-11-01T06'))).toEqual([]);
  });

  it('covers a minute-level cron over a month quickly', () => {
    const started = performance.now();
    const slots = slotsOf('* * * * *', 'America/New_York', '2026-03-01T04:59:00Z', '2026-04-01T03:59:00Z');
    expect(slots).toHaveLength(31 * 1440 - 60);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('finds a rare slot without scanning minutes', () => {
    const started = performance.now();
    expect(nextFires('0 0 29 2 MON', 1)).toEqual(['2026-02-02T00:00']);
    expect(nextFires('0 0 29 2 *', 1, 'UTC', new Date('2096-03-01T00:00:00Z'))).toEqual(['2104-02-29T00:00']);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('slotsBetween bounds', () => {
  const spec = specOf('daily 09:00');
  it('excludes the start and includes the end', () => {
    const at = new Date('2026-01-05T09:00:00Z');
    expect(slotsBetween(spec, 'UTC', at, new Date('2026-01-06T09:00:00Z')).map((slot) => slot.key)).toEqual([
      '2026-01-06T09:00',
    ]);
  });
  it('is empty for an empty or reversed range', () => {
    const at = new Date('2026-01-05T09:00:00Z');
    expect(slotsBetween(spec, 'UTC', at, at)).toEqual([]);
    expect(slotsBetween(spec, 'UTC', at, new Date('2026-01-01T00:00:00Z'))).toEqual([]);
  });
  it('rejects an unknown zone', () => {
    expect(() => nextSlots(spec, 'Mars/Olympus', NEW_YEAR_2026, 1)).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
  it('returns nothing for a zero count', () => {
    expect(nextSlots(spec, 'UTC', NEW_YEAR_2026, 0)).toEqual([]);
  });
});
