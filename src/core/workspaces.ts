import type { AdminNotifier } from './delivery/types.js';
import { notice } from './message.js';
import type { ChannelAddress, Platform } from './ports.js';
import type { Store } from './store.js';

/**
 * Workspaces coming and going (Slack OAuth installs and uninstalls): a workspace that removes
 * Sitrep has its channels' schedules paused, not deleted, and admins are told; installing again
 * resumes exactly those. Platform-free: which channel is in which workspace is the adapter's answer.
 */

export interface WorkspaceDirectory {
  readonly platform: Platform;
  workspaceOf(channel: ChannelAddress): string | undefined;
  /** The address naming its workspace, for a channel stored without one that is in `workspace`. */
  qualify?(channel: ChannelAddress, workspace: string): Promise<ChannelAddress | undefined>;
}

/** The pause reason that marks "paused because the workspace uninstalled", so a re-install resumes only those. */
export const UNINSTALLED_REASON = 'workspace_uninstalled: Sitrep was removed from this workspace';

export interface WorkspaceEvents {
  installed(workspace: string): Promise<void>;
  removed(workspace: string, why: string): Promise<void>;
}

export function workspaceEvents(deps: {
  store: Store;
  notifier: AdminNotifier;
  directory: WorkspaceDirectory;
  clock: { now(): Date };
}): WorkspaceEvents {
  const { store, notifier, directory, clock } = deps;
  const audit = (action: string, workspace: string, detail: string) =>
    store.audit.add({
      at: clock.now(),
      actor: `${directory.platform}:${workspace}`,
      via: directory.platform,
      action,
      target: workspace,
      outcome: 'ok',
      detail,
    });
  const inWorkspace = (channel: ChannelAddress, workspace: string) =>
    channel.startsWith(`${directory.platform}:`) && directory.workspaceOf(channel) === workspace;

  return {
    async removed(workspace, why) {
      let paused = 0;
      for (const schedule of await store.schedules.list()) {
        if (!inWorkspace(schedule.channel, workspace)) continue;
        if (await store.schedules.setPaused(schedule.id, true, UNINSTALLED_REASON)) paused += 1;
      }
      const text = `Sitrep was removed from ${directory.platform} workspace ${workspace} (${why}). ${paused} schedule${paused === 1 ? ' is' : 's are'} paused until it is installed again.`;
      await audit('workspace.removed', workspace, text);
      await notifier.notify(notice(text, 'warning', 'channel'));
    },

    async installed(workspace) {
      // Channels stored before OAuth (no workspace in the address) learn theirs.
      let readdressed = 0;
      if (directory.qualify) {
        const seen = new Set<ChannelAddress>();
        const schedules = await store.schedules.list({ includePaused: true });
        const tracking = await store.tracking.list();
        for (const channel of [...schedules.map((s) => s.channel), ...tracking.map((t) => t.channel)]) {
          if (seen.has(channel) || !channel.startsWith(`${directory.platform}:`)) continue;
          seen.add(channel);
          const qualified = await directory.qualify(channel, workspace);
          if (qualified) readdressed += await store.channels.readdress(channel, qualified);
        }
      }
      let resumed = 0;
      for (const schedule of await store.schedules.list({ includePaused: true })) {
        if (!schedule.paused || schedule.pausedReason !== UNINSTALLED_REASON) continue;
        if (!inWorkspace(schedule.channel, workspace)) continue;
        if (await store.schedules.setPaused(schedule.id, false)) resumed += 1;
      }
      const parts = [`Sitrep was installed in ${directory.platform} workspace ${workspace}.`];
      if (resumed > 0) parts.push(`${resumed} paused schedule(s) resumed.`);
      if (readdressed > 0) parts.push(`${readdressed} stored channel subscription(s) now name the workspace.`);
      await audit('workspace.installed', workspace, parts.join(' '));
      await notifier.notify(notice(parts.join(' '), 'success', 'channel'));
    },
  };
}
