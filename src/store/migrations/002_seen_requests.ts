import { type Kysely, type Migration, PostgresAdapter } from 'kysely';

/**
 * Signed requests already executed (Slack: signature and timestamp; Discord: interaction id), kept
 * for the signature window so a captured request re-sent within it runs at most once, whichever
 * replica receives it.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
type AnyDb = Kysely<any>;

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const instant = db.getExecutor().adapter instanceof PostgresAdapter ? 'timestamptz' : 'text';
    await db.schema
      .createTable('seen_requests')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', instant, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('seen_requests_expires').on('seen_requests').column('expires_at').execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('seen_requests').ifExists().execute();
  },
};

export default migration;
