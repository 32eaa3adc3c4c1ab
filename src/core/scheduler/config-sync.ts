import { describeScheduleEntry } from '../config/references.js';
import type { SitrepConfig } from '../config/schema.js';
import { parseScheduleSpec, validateTimeZone } from '../schedule/spec.js';
import type { ConfigSchedule, ConfigSyncResult, Store } from '../store.js';
import { configScheduleId } from './ids.js';

export interface ConfigScheduleProblem {
  /** Index in `schedules:` of config/sitrep.yaml. */
  index: number;
  /** The entry as written (`schedules[3] (slack:C2: daily 25:00)`), so a log line names it. */
  entry: string;
  message: string;
}

export interface ConfigSchedulePlan {
  schedules: ConfigSchedule[];
  problems: ConfigScheduleProblem[];
}

/**
 * The schedules config/sitrep.yaml declares, as store rows. The spec is stored in its normalised form
 * (`daily 09:00`, upper-cased cron) so that re-spacing a line in the file keeps the same id; a line
 * that does not parse is reported and left out. Identical lines collapse into one schedule.
 */
export function configSchedules(config: SitrepConfig): ConfigSchedulePlan {
  const schedules = new Map<string, ConfigSchedule>();
  const problems: ConfigScheduleProblem[] = [];
  // The config schema reads `at` and `tz` with these same functions, so a config that loaded has
  // no such problem; they are kept for a config built in code (tests, tools) that skipped it.
  for (const [index, entry] of config.schedules.entries()) {
    const named = describeScheduleEntry(index, entry);
    const parsed = parseScheduleSpec(entry.at);
    if (!parsed.ok) {
      problems.push({ index, entry: named, message: `schedules[${index}].at: ${parsed.message}` });
      continue;
    }
    const zone = validateTimeZone(entry.tz ?? config.timezone);
    if (!zone.ok) {
      problems.push({ index, entry: named, message: `schedules[${index}].tz: ${zone.message}` });
      continue;
    }
    const fields = {
      channel: entry.channel as ConfigSchedule['channel'],
      story: entry.story ?? null,
      spec: parsed.spec.text,
      timezone: zone.zone,
      tier: entry.tier,
    };
    const id = configScheduleId(fields);
    if (!schedules.has(id)) schedules.set(id, { id, ...fields, createdBy: 'config' });
  }
  return { schedules: [...schedules.values()], problems };
}

/** Makes the store's config schedules exactly what the file declares (see `ScheduleRepo.syncConfig`). */
export async function syncConfigSchedules(
  store: Store,
  config: SitrepConfig,
): Promise<ConfigSyncResult & { problems: ConfigScheduleProblem[] }> {
  const plan = configSchedules(config);
  const result = await store.schedules.syncConfig(plan.schedules);
  return { ...result, problems: plan.problems };
}
