import type { Selectable } from 'kysely';
import type { Installation, InstallationRepo, NewInstallation } from '../core/store.js';
import type { SecretBox } from './encryption.js';
import { changed, type InstallationsTable, iso, type StoreContext, toDate } from './tables.js';

type Row = Selectable<InstallationsTable>;

/** The sealed secret is bound to its row: a value copied to another workspace's row does not open. */
const context = (platform: string, workspace: string) => `installation:${platform}:${workspace}`;

export class InstallationRepository implements InstallationRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly box: SecretBox | undefined,
  ) {}

  private sealer(): SecretBox {
    if (!this.box) throw new Error('installations need SITREP_ENCRYPTION_KEY: tokens are only stored encrypted');
    return this.box;
  }

  private fromRow(row: Row): Installation {
    const secret = JSON.parse(this.sealer().open(row.secret, context(row.platform, row.workspace))) as Record<
      string,
      unknown
    >;
    return {
      platform: row.platform as 'slack',
      workspace: row.workspace,
      workspaceName: row.workspace_name,
      installerUserId: row.installer_user_id,
      botUserId: row.bot_user_id,
      secret,
      installedAt: toDate(row.installed_at),
      updatedAt: toDate(row.updated_at),
    };
  }

  async save(installation: NewInstallation): Promise<Installation> {
    const at = iso(installation.at ?? this.ctx.clock.now());
    const values = {
      platform: installation.platform,
      workspace: installation.workspace,
      workspace_name: installation.workspaceName ?? null,
      installer_user_id: installation.installerUserId ?? null,
      bot_user_id: installation.botUserId ?? null,
      secret: this.sealer().seal(
        JSON.stringify(installation.secret),
        context(installation.platform, installation.workspace),
      ),
      installed_at: at,
      updated_at: at,
    };
    await this.ctx.db
      .insertInto('installations')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['platform', 'workspace']).doUpdateSet({
          workspace_name: values.workspace_name,
          installer_user_id: values.installer_user_id,
          bot_user_id: values.bot_user_id,
          secret: values.secret,
          updated_at: values.updated_at,
        }),
      )
      .execute();
    const saved = await this.get(installation.platform, installation.workspace);
    if (!saved) throw new Error('installation vanished while being saved');
    return saved;
  }

  async get(platform: 'slack', workspace: string): Promise<Installation | undefined> {
    const row = await this.ctx.db
      .selectFrom('installations')
      .selectAll()
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .executeTakeFirst();
    return row && this.fromRow(row);
  }

  async remove(platform: 'slack', workspace: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('installations')
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async list(platform: 'slack'): Promise<Installation[]> {
    const rows = await this.ctx.db
      .selectFrom('installations')
      .selectAll()
      .where('platform', '=', platform)
      .orderBy('installed_at')
      .orderBy('workspace')
      .execute();
    return rows.map((row) => this.fromRow(row));
  }
}
