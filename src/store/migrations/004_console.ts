import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * The editors' console: one-time sign-in links and sessions. Only hashes of the secrets are kept
 * (SHA-256 of 256 random bits): a copy of the database signs nobody in.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('console_links')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .$call(t.creation({ creatorRequired: true }))
      .addColumn('expires_at', t.instant, (c) => c.notNull())
      .addColumn('used_at', t.instant)
      .execute();
    await db.schema
      .createTable('console_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', t.instant, (c) => c.notNull())
      .addColumn('expires_at', t.instant, (c) => c.notNull())
      .addColumn('ended_at', t.instant)
      .execute();
    await db.schema.createIndex('console_sessions_user').on('console_sessions').columns(['user_id']).execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'console_sessions', 'console_links');
  },
};
