import { DateTime } from 'luxon';

/** ISO-8601 with the zone's offset at that instant, to the second: `2026-03-08T03:00:00-04:00`. */
export function formatFireTime(date: Date, zone: string): string {
  const local = DateTime.fromJSDate(date, { zone });
  if (!local.isValid)
    throw new RangeError(
      `cannot format ${date.toISOString()} in time zone "${zone}": ${local.invalidExplanation ?? local.invalidReason ?? 'invalid'}`,
    );
  return local.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = keyof typeof UNIT_MS;

/** Parses `30s`, `90m`, `2h`, `1d` or a combination such as `1h30m` into milliseconds. */
export function parseDuration(text: string): number {
  const compact = text.trim().toLowerCase();
  if (!/^(\d+[smhd])+$/.test(compact)) {
    throw new Error(
      `invalid duration "${text}": use a whole number followed by s, m, h or d, e.g. 30s, 90m, 2h, 1d or 1h30m`,
    );
  }
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+)([smhd])/g)) {
    total += Number(amount) * UNIT_MS[unit as DurationUnit];
  }
  if (!Number.isSafeInteger(total)) throw new Error(`duration "${text}" is too long`);
  return total;
}
