import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  parseScheduleSpec,
  splitScheduleArgs,
  validateTimeZone,
} from '../../../../src/core/schedule/spec.js';

describe('parseScheduleSpec', () => {
  it.each([
    ['daily 09:00', 'daily', 'daily 09:00'],
    ['  DAILY   9:05 ', 'daily', 'daily 09:05'],
    ['weekdays 07:30', 'weekdays', 'weekdays 07:30'],
    ['0 9 * * mon-fri', 'cron', '0 9 * * MON-FRI'],
    ['*/5   *  * * *', 'cron', '*/5 * * * *'],
  ])('normalises %j', (text, kind, normalised) => {
    const result = parseScheduleSpec(text);
    expect(result).toMatchObject({ ok: true, spec: { kind, text: normalised } });
  });

  it('compiles keywords to cron fields', () => {
    const result = parseScheduleSpec('weekdays 07:30');
    if (!result.ok) throw new Error(result.message);
    expect(result.spec.fields).toMatchObject({ minutes: [30], hours: [7], daysOfWeek: [1, 2, 3, 4, 5] });
  });

  it('expands ranges, steps, lists and names', () => {
    const result = parseScheduleSpec('0,30 8-18/5 1,15-16 JAN,Jun-aug 5-7');
    if (!result.ok) throw new Error(result.message);
    expect(result.spec.fields).toEqual({
      minutes: [0, 30],
      hours: [8, 13, 18],
      daysOfMonth: [1, 15, 16],
      months: [1, 6, 7, 8],
      daysOfWeek: [0, 5, 6],
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: true,
    });
  });

  it('treats a day field starting with * as unrestricted, per crontab(5)', () => {
    const result = parseScheduleSpec('0 0 */2 * MON');
    expect(result).toMatchObject({
      ok: true,
      spec: { fields: { dayOfMonthRestricted: false, dayOfWeekRestricted: true } },
    });
  });

  it.each([
    ['0 25 * * *', 'hour', 'hour "25" is out of range 0-23'],
    ['60 * * * *', 'minute', 'minute "60" is out of range 0-59'],
    ['0 0 0 * *', 'day-of-month', 'day-of-month "0" is out of range 1-31'],
    ['0 0 * 13 *', 'month', 'month "13" is out of range 1-12'],
    ['0 0 * FOO *', 'month', 'month "FOO" is not a number or a month name (JAN-DEC)'],
    ['0 0 * * 8', 'day-of-week', 'day-of-week "8" is out of range 0-7'],
    ['0 0 * * MOO', 'day-of-week', 'day-of-week "MOO" is not a number or a day name (SUN-SAT)'],
    ['*/0 * * * *', 'minute', 'minute step in "*/0" must be at least 1'],
    ['*/x * * * *', 'minute', 'minute step "x" is not a number'],
    ['1/2/3 * * * *', 'minute', 'minute "1/2/3" has more than one "/"'],
    ['0 20-10 * * *', 'hour', 'hour range "20-10" runs backwards'],
    ['0 1-2-3 * * *', 'hour', 'hour range "1-2-3" must look like 1-5'],
    ['0 1,,2 * * *', 'hour', 'hour "1,,2" has an empty list item'],
    ['0 0 30 2 *', 'day-of-month', 'day-of-month "30" never occurs in month "2"'],
    ['daily 25:00', 'time', 'time "25:00" is out of range 00:00-23:59'],
    ['daily 9am', 'time', 'time "9am" must be HH:MM in 24-hour form, e.g. 09:00'],
  ])('%j fails on the %s field', (text, field, message) => {
    expect(parseScheduleSpec(text)).toEqual({ ok: false, field, message });
  });

  it.each([
    ['', /empty schedule/],
    ['daily', /"daily" takes exactly one HH:MM time/],
    ['weekdays 09:00 10:00', /"weekdays" takes exactly one HH:MM time/],
    ['* * * *', /needs 5 fields .* got 4/],
    ['0 0 * * * *', /needs 5 fields .* got 6/],
    ['09:00', /write "daily 09:00"/],
  ])('%j is a syntax error', (text, message) => {
    const result = parseScheduleSpec(text);
    expect(result).toMatchObject({ ok: false, field: 'syntax' });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('accepts Feb 30 when day-of-week makes it an OR', () => {
    expect(parseScheduleSpec('0 0 30 2 MON').ok).toBe(true);
  });
});

describe('time zones', () => {
  it('recognises IANA names and UTC', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Lundon')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('returns the canonical spelling', () => {
    expect(validateTimeZone('america/new_york')).toEqual({ ok: true, zone: 'America/New_York' });
  });

  it('suggests a close match', () => {
    expect(validateTimeZone('Europe/Lundon')).toEqual({
      ok: false,
      message: 'unknown time zone "Europe/Lundon"; did you mean "Europe/London"?',
    });
    expect(validateTimeZone('new york')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"America/New_York"'),
    });
  });

  it('gives a generic hint when nothing is close', () => {
    expect(validateTimeZone('Nowhere/Atall')).toEqual({
      ok: false,
      message: 'unknown time zone "Nowhere/Atall" (use an IANA name like "Europe/London" or "UTC")',
    });
  });
});

describe('splitScheduleArgs', () => {
  it('splits a keyword spec from zone, story and tier', () => {
    expect(splitScheduleArgs(['daily', '09:00', 'Europe/London', 'kim-jong-un', 'short'])).toEqual({
      ok: true,
      specText: 'daily 09:00',
      zone: 'Europe/London',
      story: 'kim-jong-un',
      tier: 'short',
    });
  });

  it('takes the first five tokens as a cron expression', () => {
    expect(splitScheduleArgs(['0', '9', '*', '*', '1-5', 'full'])).toEqual({
      ok: true,
      specText: '0 9 * * 1-5',
      zone: undefined,
      story: undefined,
      tier: 'full',
    });
  });

  it('accepts the optional parts in any combination', () => {
    expect(splitScheduleArgs(['weekdays', '07:30', 'gaza-ceasefire'])).toMatchObject({
      ok: true,
      story: 'gaza-ceasefire',
      zone: undefined,
    });
    expect(splitScheduleArgs(['daily', '07:30', 'utc', 'HEADLINE'])).toMatchObject({
      ok: true,
      zone: 'UTC',
      tier: 'headline',
    });
  });

  it('reads single-word legacy zone names as story ids', () => {
    expect(splitScheduleArgs(['daily', '09:00', 'iran'])).toMatchObject({ ok: true, story: 'iran', zone: undefined });
  });

  it('reports a misspelt zone instead of taking it as a story', () => {
    expect(splitScheduleArgs(['daily', '09:00', 'Europe/Lundon'])).toEqual({
      ok: false,
      message: 'unknown time zone "Europe/Lundon"; did you mean "Europe/London"?',
    });
  });

  it.each([
    [[], /missing schedule/],
    [['daily'], /"daily" needs a time/],
    [['0', '9', '*'], /needs 5 fields, got 3/],
    [['daily', '09:00', 'a', 'b'], /unexpected argument "b" after story "a"/],
    [['daily', '09:00', 'short', 'full'], /two tiers/],
    [['daily', '09:00', 'UTC', 'Europe/Paris'], /two time zones/],
  ])('rejects %j', (tokens, message) => {
    const result = splitScheduleArgs(tokens);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
