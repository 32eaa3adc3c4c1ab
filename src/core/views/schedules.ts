import { code, type Inline } from '../message.js';
import { describeSchedule, nextFireTimes } from '../scheduler/describe.js';
import type { Schedule } from '../store.js';

/** One schedule as a line: its id, when it fires, who manages it, and when it fires next (or why not). */
export function scheduleLine(schedule: Schedule, now: Date): Inline[] {
  const line: Inline[] = [code(schedule.id), ` ${describeSchedule(schedule)}`];
  if (schedule.origin === 'config') line.push(' · managed by config');
  if (schedule.paused) {
    line.push(` · paused${schedule.pausedReason ? `: ${schedule.pausedReason}` : ''}`);
  } else {
    const next = nextFireTimes(schedule, now, 1)[0];
    line.push(next ? ` · next ${next}` : ' · never fires again');
  }
  return line;
}
