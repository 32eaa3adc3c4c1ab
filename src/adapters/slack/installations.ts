import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';

/**
 * @slack/oauth's installation store over Sitrep's database: one row per workspace (team, or
 * enterprise for an org-wide install), the whole Installation (tokens included) sealed at rest by
 * the store. Bolt's `authorize` and Sitrep's posting both read tokens from here, never from memory
 * alone, so every replica and a restart see the same installations.
 */

/**
 * What the adapter needs of stored installations (the Store's `installations` fits it). Declared
 * here so the adapter depends on no store module; what it saves is what `recordOf` builds.
 */
export interface InstallationRecords {
  save(installation: InstallationRecord): Promise<unknown>;
  get(platform: 'slack', workspace: string): Promise<{ secret: Record<string, unknown> } | undefined>;
  remove(platform: 'slack', workspace: string): Promise<boolean>;
  list(platform: 'slack'): Promise<Array<{ workspace: string }>>;
}

export function workspaceOfInstallation(
  installation: Pick<Installation, 'isEnterpriseInstall' | 'team' | 'enterprise'>,
) {
  const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  if (!id) throw new Error('a Slack installation without a team or enterprise id');
  return id;
}

function workspaceOfQuery(query: InstallationQuery<boolean>): string {
  const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!id) throw new Error('a Slack installation query without a team or enterprise id');
  return id;
}

/**
 * The record kept of an installation: the whole of it as the secret (sealed by the store), and beside
 * it what is looked up or shown without opening that.
 */
function recordOf(installation: Installation<'v1' | 'v2', boolean>) {
  return {
    platform: 'slack' as const,
    workspace: workspaceOfInstallation(installation),
    workspaceName: installation.team?.name ?? installation.enterprise?.name ?? null,
    installerUserId: installation.user.id ?? null,
    botUserId: installation.bot?.userId ?? null,
    secret: installation as unknown as Record<string, unknown>,
  };
}

type InstallationRecord = ReturnType<typeof recordOf>;

export class SlackInstallationStore implements InstallationStore {
  constructor(private readonly repo: InstallationRecords) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    await this.repo.save(recordOf(installation));
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const row = await this.repo.get('slack', workspaceOfQuery(query));
    if (!row) throw new Error(`Sitrep is not installed in Slack workspace ${workspaceOfQuery(query)}`);
    return row.secret as unknown as Installation<'v1' | 'v2', boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.repo.remove('slack', workspaceOfQuery(query));
  }

  /** Who installed Sitrep in the workspace (a manager of it for Sitrep's purposes). */
  async installer(workspace: string): Promise<string | undefined> {
    const row = await this.repo.get('slack', workspace);
    return (row?.secret as { user?: { id?: string } } | undefined)?.user?.id;
  }

  /** The workspace's bot token, or undefined when Sitrep is not installed there. */
  async botToken(workspace: string): Promise<string | undefined> {
    const row = await this.repo.get('slack', workspace);
    return (row?.secret as { bot?: { token?: string } } | undefined)?.bot?.token;
  }
}
