import { formatValue } from '../claims/diff.js';
import type { ContentConflict } from './types.js';

/** An instant in ISO 8601 to the second (2026-12-05T19:44:25Z): what a script or a person can read back. */
export function isoInstant(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * What another change did to a conflicting field since `base` (the version the refused change
 * started from, in the reader's words), who made it, how, in which revision and when. The one
 * wording of every conflict report (`sitrep import`, a story file's report to the admins, chat),
 * so that they agree.
 */
export function changedSince(conflict: ContentConflict, base = 'your base'): string {
  const by = `by ${conflict.changedBy} (${conflict.via}) in revision ${conflict.revision} at ${isoInstant(conflict.changedAt)}`;
  switch (conflict.since) {
    case 'set':
      return conflict.now === null
        ? `cleared since ${base} ${by}`
        : `now ${JSON.stringify(formatValue(conflict.now))}, set ${by}`;
    case 'added':
    case 'changed':
    case 'removed':
      return `${conflict.since} since ${base} ${by}`;
  }
}
