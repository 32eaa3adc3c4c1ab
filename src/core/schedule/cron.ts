/**
 * A small 5-field cron parser (minute hour day-of-month month day-of-week). Our own rather than
 * node-cron's so errors name the field in our words and slot computation can handle DST itself;
 * test/unit/core/schedule/node-cron-oracle.test.ts checks both agree wherever no DST rule applies.
 */

export type CronFieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

export interface CronFields {
  /** Sorted, de-duplicated allowed values. Day-of-week uses 0-6 with 0 = Sunday. */
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  daysOfWeek: readonly number[];
  /** Per crontab(5): a day field is "restricted" when it does not start with `*` (so `*\/2` is not). */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

export type ParseCronResult = { ok: true; fields: CronFields } | { ok: false; field: CronFieldName; message: string };

interface FieldRule {
  name: CronFieldName;
  min: number;
  max: number;
  names?: readonly string[];
  namesLabel?: string;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Longest each month can be (February in a leap year), to reject specs like `0 0 30 2 *` that never fire. */
const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const RULES: readonly FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesLabel: 'a month name (JAN-DEC)' },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesLabel: 'a day name (SUN-SAT)' },
];

type FieldResult = { ok: true; values: number[] } | { ok: false; message: string };
type ValueResult = { ok: true; value: number } | { ok: false; message: string };

export function parseCronExpression(expression: string): ParseCronResult {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== RULES.length) {
    throw new Error(`parseCronExpression expects ${RULES.length} fields, got ${texts.length}`);
  }
  const values: number[][] = [];
  for (const [index, rule] of RULES.entries()) {
    const text = texts[index] ?? '';
    const parsed = parseField(rule, text);
    if (!parsed.ok) return { ok: false, field: rule.name, message: parsed.message };
    values.push(parsed.values);
  }
  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = values;
  const fields: CronFields = {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted: !(texts[2] ?? '').startsWith('*'),
    dayOfWeekRestricted: !(texts[4] ?? '').startsWith('*'),
  };
  // With OR semantics any matching weekday fires, so only the day-of-month-only case can be impossible.
  const orSemantics = fields.dayOfMonthRestricted && fields.dayOfWeekRestricted;
  const someDateExists = months.some((month) => daysOfMonth.some((day) => day <= (MAX_DAYS_IN_MONTH[month - 1] ?? 0)));
  if (!orSemantics && !someDateExists) {
    return {
      ok: false,
      field: 'day-of-month',
      message: `day-of-month "${texts[2] ?? ''}" never occurs in month "${texts[3] ?? ''}"`,
    };
  }
  return { ok: true, fields };
}

/** Whether a calendar date is one the cron fires on (month: 1-12, weekday: 0-6 with 0 = Sunday). */
export function cronMatchesDate(fields: CronFields, month: number, day: number, weekday: number): boolean {
  if (!fields.months.includes(month)) return false;
  const dayOfMonthMatches = fields.daysOfMonth.includes(day);
  const dayOfWeekMatches = fields.daysOfWeek.includes(weekday);
  if (fields.dayOfMonthRestricted && fields.dayOfWeekRestricted) return dayOfMonthMatches || dayOfWeekMatches;
  return dayOfMonthMatches && dayOfWeekMatches;
}

function parseField(rule: FieldRule, text: string): FieldResult {
  const found = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') return { ok: false, message: `${rule.name} "${text}" has an empty list item` };
    const [rangeText = '', stepText, ...extra] = part.split('/');
    if (extra.length > 0) return { ok: false, message: `${rule.name} "${part}" has more than one "/"` };

    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText)) return { ok: false, message: `${rule.name} step "${stepText}" is not a number` };
      step = Number(stepText);
      if (step < 1) return { ok: false, message: `${rule.name} step in "${part}" must be at least 1` };
    }

    let start: number;
    let end: number;
    if (rangeText === '*') {
      start = rule.min;
      end = rule.max;
    } else if (rangeText.includes('-')) {
      const [startText = '', endText = '', ...more] = rangeText.split('-');
      if (more.length > 0 || startText === '' || endText === '') {
        return { ok: false, message: `${rule.name} range "${rangeText}" must look like 1-5` };
      }
      const first = parseValue(rule, startText, false);
      if (!first.ok) return first;
      const last = parseValue(rule, endText, true);
      if (!last.ok) return last;
      if (first.value > last.value) return { ok: false, message: `${rule.name} range "${rangeText}" runs backwards` };
      start = first.value;
      end = last.value;
    } else {
      const single = parseValue(rule, rangeText, false);
      if (!single.ok) return single;
      start = single.value;
      // `5/15` is the common extension meaning "from 5 to the end, every 15".
      end = stepText === undefined ? start : rule.max;
    }
    for (let value = start; value <= end; value += step) {
      found.add(rule.name === 'day-of-week' && value === 7 ? 0 : value);
    }
  }
  return { ok: true, values: [...found].sort((a, b) => a - b) };
}

function parseValue(rule: FieldRule, token: string, isRangeEnd: boolean): ValueResult {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < rule.min || value > rule.max) {
      return { ok: false, message: `${rule.name} "${token}" is out of range ${rule.min}-${rule.max}` };
    }
    return { ok: true, value };
  }
  const nameIndex = rule.names?.indexOf(token.toUpperCase()) ?? -1;
  if (nameIndex >= 0) {
    if (rule.name === 'month') return { ok: true, value: nameIndex + 1 };
    // Lets FRI-SUN mean Friday to Sunday instead of a backwards range.
    return { ok: true, value: isRangeEnd && nameIndex === 0 ? 7 : nameIndex };
  }
  const expected = rule.namesLabel === undefined ? 'a number' : `a number or ${rule.namesLabel}`;
  return { ok: false, message: `${rule.name} "${token}" is not ${expected}` };
}
