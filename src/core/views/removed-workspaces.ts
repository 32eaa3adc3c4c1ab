import type { Store } from '../store.js';
import { UNINSTALLED_REASON } from '../workspaces.js';

/** A workspace that removed Sitrep and has not installed it again. */
export interface RemovedWorkspace {
  workspace: string;
  /** `slack`: the platform the workspace is on, as the audit entry's `via` says. */
  platform: string;
  at: Date;
  /** What admins were told at the time (why, and how many schedules were paused). */
  detail: string;
}

/** How far back the audit log is read for installs and removals. */
const AUDIT_WINDOW = 2000;

/**
 * What the console tells admins about uninstalls: each workspace whose latest install event is a
 * removal, newest first, and how many schedules are still paused because of one.
 */
export async function removedWorkspaces(store: Store): Promise<{ removed: RemovedWorkspace[]; paused: number }> {
  const latest = new Map<string, { action: string; entry: RemovedWorkspace }>();
  for (const entry of await store.audit.list({ limit: AUDIT_WINDOW })) {
    if (entry.action !== 'workspace.removed' && entry.action !== 'workspace.installed') continue;
    const key = `${entry.via}:${entry.target ?? ''}`;
    if (latest.has(key)) continue; // newest first: the first seen is the latest
    latest.set(key, {
      action: entry.action,
      entry: { workspace: entry.target ?? '', platform: entry.via, at: entry.at, detail: entry.detail ?? '' },
    });
  }
  const removed = [...latest.values()].filter((l) => l.action === 'workspace.removed').map((l) => l.entry);
  const schedules = await store.schedules.list({ includePaused: true });
  const paused = schedules.filter((s) => s.paused && s.pausedReason === UNINSTALLED_REASON).length;
  return { removed, paused };
}
