import type { ScheduleSpec } from '../../../../src/core/schedule/spec.js';
import { parseScheduleSpec } from '../../../../src/core/schedule/spec.js';

export function specOf(text: string): ScheduleSpec {
  const result = parseScheduleSpec(text);
  if (!result.ok) throw new Error(`test spec "${text}" did not parse: ${result.message}`);
  return result.spec;
}
