import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * Platform installations (Slack OAuth: one row per workspace the app is installed in). The tokens
 * are inside `secret`, sealed with SITREP_ENCRYPTION_KEY (see `src/store/encryption.ts`); the plain
 * columns are what is looked up or shown without decrypting anything.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const { instant } = columnTypes(db);
    await db.schema
      .createTable('installations')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('workspace_name', 'text')
      .addColumn('installer_user_id', 'text')
      .addColumn('bot_user_id', 'text')
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('installed_at', instant, (c) => c.notNull())
      .addColumn('updated_at', instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('installations_pk', ['platform', 'workspace'])
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'installations');
  },
};

export default migration;
