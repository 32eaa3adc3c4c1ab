import { type Kysely, type Migration, PostgresAdapter } from 'kysely';

/**
 * The editors' console: one-time sign-in links and sessions. Only hashes of the secrets are kept
 * (SHA-256 of 256 random bits): a copy of the database signs nobody in.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
type AnyDb = Kysely<any>;

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const instant = db.getExecutor().adapter instanceof PostgresAdapter ? 'timestamptz' : 'text';
    await db.schema
      .createTable('console_links')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('expires_at', instant, (c) => c.notNull())
      .addColumn('used_at', instant)
      .execute();
    await db.schema
      .createTable('console_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('expires_at', instant, (c) => c.notNull())
      .addColumn('ended_at', instant)
      .execute();
    await db.schema.createIndex('console_sessions_user').on('console_sessions').columns(['user_id']).execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('console_sessions').ifExists().execute();
    await db.schema.dropTable('console_links').ifExists().execute();
  },
};
