import { iso, toDateOrNull } from './tables.js';

/**
 * Held changes (`pending_changes`) and proposals are decided alike: once, by someone, at some time,
 * and a decision that changed the story names the revision it made. Both tables keep that in the
 * same columns (the `decision` column set of the migrations); these write and read them.
 */

export interface Decision<Status extends string> {
  status: Status;
  by: string;
  at: Date;
  revisionId?: number | null;
}

/** The column values a decision sets. */
export function decisionValues<Status extends string>(decision: Decision<Status>) {
  return {
    status: decision.status,
    decided_by: decision.by,
    decided_at: iso(decision.at),
    revision_id: decision.revisionId ?? null,
  };
}

/** The decision a row holds: all null while it is undecided. */
export function decisionOfRow(row: {
  decided_by: string | null;
  decided_at: Date | string | null;
  revision_id: number | null;
}) {
  return {
    decidedBy: row.decided_by,
    decidedAt: toDateOrNull(row.decided_at),
    revisionId: row.revision_id === null ? null : Number(row.revision_id),
  };
}
