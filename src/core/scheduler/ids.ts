import { createHash } from 'node:crypto';

/** The delivery id of one schedule's slot: the same in every process, so only one of them sends it. */
export function briefingDeliveryId(scheduleId: string, slotKey: string): string {
  return `brief:${scheduleId}:${slotKey}`;
}

export interface ConfigScheduleIdentity {
  channel: string;
  story: string | null;
  spec: string;
  timezone: string;
  tier: string;
}

/**
 * A config schedule's id: `cfg-` and a short hash of everything that defines it, so a restart finds
 * the same row (and its delivery history), while any edit makes it a new schedule.
 */
export function configScheduleId(schedule: ConfigScheduleIdentity): string {
  const identity = [schedule.channel, schedule.story ?? '', schedule.spec, schedule.timezone, schedule.tier].join('\n');
  return `cfg-${createHash('sha256').update(identity).digest('hex').slice(0, 10)}`;
}
