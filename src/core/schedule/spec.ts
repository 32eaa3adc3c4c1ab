import type { Tier } from '../story/schema.js';
import { TIERS } from '../story/schema.js';
import type { CronFields } from './cron.js';
import { parseCronExpression } from './cron.js';
import { isTimeZoneToken, validateTimeZone } from './zone.js';

export type { CronFields } from './cron.js';
export type { TimeZoneResult } from './zone.js';
export { isValidTimeZone, validateTimeZone } from './zone.js';

/** What the user wrote, compiled to cron fields so slot computation has a single code path. */
export interface ScheduleSpec {
  kind: 'cron' | 'daily' | 'weekdays';
  /** Normalised form: `daily 09:00`, `weekdays 07:30`, or single-spaced upper-cased cron. */
  text: string;
  fields: CronFields;
}

export type ScheduleField = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week' | 'time' | 'syntax';

export type ParseScheduleResult =
  | { ok: true; spec: ScheduleSpec }
  | { ok: false; field: ScheduleField; message: string };

const HINT = 'use a 5-field cron expression, "daily HH:MM" or "weekdays HH:MM"';
const KEYWORD_DAYS = { daily: '*', weekdays: '1-5' } as const;
type Keyword = keyof typeof KEYWORD_DAYS;

function isKeyword(token: string | undefined): token is Keyword {
  return token !== undefined && Object.hasOwn(KEYWORD_DAYS, token.toLowerCase());
}

export function parseScheduleSpec(text: string): ParseScheduleResult {
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '');
  const first = tokens[0];
  if (first === undefined) return { ok: false, field: 'syntax', message: `empty schedule: ${HINT}` };

  if (isKeyword(first)) {
    const keyword = first.toLowerCase() as Keyword;
    if (tokens.length !== 2) {
      return {
        ok: false,
        field: 'syntax',
        message: `"${keyword}" takes exactly one HH:MM time, e.g. "${keyword} 09:00"`,
      };
    }
    const time = parseTimeOfDay(tokens[1] ?? '');
    if (!time.ok) return { ok: false, field: 'time', message: time.message };
    const parsed = parseCronExpression(`${time.minute} ${time.hour} * * ${KEYWORD_DAYS[keyword]}`);
    if (!parsed.ok) throw new Error(`internal: keyword schedule compiled to invalid cron: ${parsed.message}`);
    const hh = String(time.hour).padStart(2, '0');
    const mm = String(time.minute).padStart(2, '0');
    return { ok: true, spec: { kind: keyword, text: `${keyword} ${hh}:${mm}`, fields: parsed.fields } };
  }

  if (tokens.length !== 5) {
    const looksLikeTime = /^\d{1,2}:\d{2}$/.test(first);
    const message = looksLikeTime
      ? `a time on its own is not a schedule: write "daily ${first}" or "weekdays ${first}"`
      : `a cron expression needs 5 fields (minute hour day-of-month month day-of-week), got ${tokens.length}: ${HINT}`;
    return { ok: false, field: 'syntax', message };
  }
  const parsed = parseCronExpression(tokens.join(' '));
  if (!parsed.ok) return parsed;
  return { ok: true, spec: { kind: 'cron', text: tokens.join(' ').toUpperCase(), fields: parsed.fields } };
}

type TimeOfDayResult = { ok: true; hour: number; minute: number } | { ok: false; message: string };

function parseTimeOfDay(token: string): TimeOfDayResult {
  const match = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (!match) return { ok: false, message: `time "${token}" must be HH:MM in 24-hour form, e.g. 09:00` };
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return { ok: false, message: `time "${token}" is out of range 00:00-23:59` };
  return { ok: true, hour, minute };
}

export type SplitScheduleArgsResult =
  | { ok: true; specText: string; zone: string | undefined; story: string | undefined; tier: Tier | undefined }
  | { ok: false; message: string };

function isTier(token: string): token is Tier {
  return (TIERS as readonly string[]).includes(token);
}

/**
 * Splits the tokens after `schedule add` into the schedule text and the optional `[tz] [story] [tier]`.
 * The spec's length is fixed by its first token (keyword + time, or 5 cron fields), so the rest can be
 * classified by shape: a tier word, an Area/Location zone (or UTC/GMT), anything else is the story id.
 * The spec itself is not validated here; pass `specText` to parseScheduleSpec.
 */
export function splitScheduleArgs(tokens: readonly string[]): SplitScheduleArgsResult {
  const words = tokens.filter((token) => token.trim() !== '');
  if (words.length === 0) return { ok: false, message: `missing schedule: ${HINT}` };
  const specLength = isKeyword(words[0]) ? 2 : 5;
  if (words.length < specLength) {
    const message =
      specLength === 2
        ? `"${words[0] ?? ''}" needs a time, e.g. "${(words[0] ?? '').toLowerCase()} 09:00"`
        : `a cron expression needs 5 fields, got ${words.length}: ${HINT}`;
    return { ok: false, message };
  }

  let zone: string | undefined;
  let story: string | undefined;
  let tier: Tier | undefined;
  for (const token of words.slice(specLength)) {
    const lower = token.toLowerCase();
    if (isTier(lower)) {
      if (tier !== undefined) return { ok: false, message: `two tiers given ("${tier}" and "${lower}")` };
      tier = lower;
    } else if (isTimeZoneToken(token) || token.includes('/')) {
      // Story ids are slugs and never contain "/", so a slashed token is a zone, possibly misspelt.
      const checked = validateTimeZone(token);
      if (!checked.ok) return checked;
      if (zone !== undefined) return { ok: false, message: `two time zones given ("${zone}" and "${token}")` };
      zone = checked.zone;
    } else if (story === undefined) {
      story = token;
    } else {
      return { ok: false, message: `unexpected argument "${token}" after story "${story}"` };
    }
  }
  return { ok: true, specText: words.slice(0, specLength).join(' '), zone, story, tier };
}
