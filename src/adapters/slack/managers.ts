import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log.js';

/**
 * Who manages a Slack workspace, as Slack says: its admins and owners (users.info `is_admin`,
 * `is_owner`, `is_primary_owner`) and whoever installed Sitrep there. The answer is kept a few
 * minutes per person, so a burst of commands costs one users.info call. When Slack cannot answer
 * (no `users:read` scope on an old install, an outage) the person is not a manager: refusing a
 * schedule change is recoverable, letting anyone change any channel's schedules is not.
 */

export interface ManagerSources {
  client(teamId: string | undefined): Promise<WebClient>;
  installer(teamId: string | undefined): Promise<string | undefined>;
  log: Logger;
  ttlMs?: number;
  now?: () => number;
}

const MAX_REMEMBERED = 5000;

export class SlackManagers {
  private readonly known = new Map<string, { manager: boolean; until: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly sources: ManagerSources) {
    this.ttlMs = sources.ttlMs ?? 5 * 60_000;
    this.now = sources.now ?? Date.now;
  }

  async isManager(teamId: string | undefined, userId: string): Promise<boolean> {
    const key = `${teamId ?? ''}|${userId}`;
    const cached = this.known.get(key);
    if (cached && cached.until > this.now()) return cached.manager;
    const manager = await this.ask(teamId, userId);
    if (this.known.size >= MAX_REMEMBERED) this.known.clear();
    this.known.set(key, { manager, until: this.now() + this.ttlMs });
    return manager;
  }

  private async ask(teamId: string | undefined, userId: string): Promise<boolean> {
    try {
      if ((await this.sources.installer(teamId)) === userId) return true;
      const client = await this.sources.client(teamId);
      const { user } = await client.users.info({ user: userId });
      return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (error) {
      this.sources.log.warn(
        { workspace: teamId, user: userId, err: (error as Error).message },
        'could not ask Slack whether a user manages the workspace',
      );
      return false;
    }
  }
}
