import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * Signed requests already executed (Slack: signature and timestamp; Discord: interaction id), kept
 * for the signature window so a captured request re-sent within it runs at most once, whichever
 * replica receives it.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const { instant } = columnTypes(db);
    await db.schema
      .createTable('seen_requests')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', instant, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('seen_requests_expires').on('seen_requests').column('expires_at').execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'seen_requests');
  },
};

export default migration;
