import path from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig } from '../core/config/load.js';
import { formatFireTime } from '../core/schedule/format.js';
import { nextSlots } from '../core/schedule/slots.js';
import { parseScheduleSpec, validateTimeZone } from '../core/schedule/spec.js';
import { formatProblem } from '../core/yaml-source.js';

export interface NextOptions {
  /** IANA zone; default `defaultZone`. */
  tz?: string;
  /** ISO-8601 instant to count from (an offset-less one is read in the zone); default now. */
  from?: string;
  /** How many fire times (1-1000); default 5. */
  count?: number;
  /** Zone when `tz` is not given; default: `timezone` of `<CONFIG_DIR>/sitrep.yaml`, else UTC. */
  defaultZone?: string;
  /** Where "now" comes from (tests). */
  now?: () => Date;
}

export interface CliResult {
  exitCode: number;
  output: string;
}

const fail = (message: string): CliResult => ({ exitCode: 1, output: `sitrep next: ${message}` });

async function configuredZone(): Promise<{ zone: string } | { error: string }> {
  const file = path.join(process.env.CONFIG_DIR?.trim() || './config', 'sitrep.yaml');
  const loaded = await loadConfig(file);
  if (!loaded.ok) {
    const first = loaded.problems[0];
    return { error: `cannot read the default time zone (give --tz): ${first ? formatProblem(first) : file}` };
  }
  return { zone: loaded.config.timezone };
}

/** `sitrep next "<schedule>"`: the next fire instants, one ISO-8601 timestamp with offset per line. */
export async function runNext(schedule: string, options: NextOptions = {}): Promise<CliResult> {
  const parsed = parseScheduleSpec(schedule);
  if (!parsed.ok) return fail(`schedule "${schedule}": ${parsed.message}`);

  let zoneName = options.tz ?? options.defaultZone;
  if (zoneName === undefined) {
    const configured = await configuredZone();
    if ('error' in configured) return fail(configured.error);
    zoneName = configured.zone;
  }
  const zone = validateTimeZone(zoneName);
  if (!zone.ok) return fail(`${options.tz === undefined ? 'default time zone' : '--tz'}: ${zone.message}`);

  const count = options.count ?? 5;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    return fail(`--count: must be a whole number 1-1000, got ${count}`);
  }

  let from = options.now?.() ?? new Date();
  if (options.from !== undefined) {
    const parsedFrom = DateTime.fromISO(options.from.trim(), { zone: zone.zone, setZone: true });
    if (!parsedFrom.isValid) {
      return fail(`--from: "${options.from}" is not an ISO-8601 date-time (e.g. 2026-03-08T09:00:00Z)`);
    }
    from = parsedFrom.toJSDate();
  }

  const slots = nextSlots(parsed.spec, zone.zone, from, count);
  return { exitCode: 0, output: slots.map((slot) => formatFireTime(slot.at, zone.zone)).join('\n') };
}
