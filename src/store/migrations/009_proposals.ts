import { type ColumnDefinitionBuilder, type Kysely, type Migration, PostgresAdapter } from 'kysely';

/**
 * Article proposals kept for review: each `propose` run is a batch (the article, the revision it
 * was read against, who asked), and each proposal a row an editor accepts or rejects. A proposal is
 * decided once: the decision is a conditional update on `status = 'open'`.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
type AnyDb = Kysely<any>;

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const instant = postgres ? 'timestamptz' : 'text';
    const id = (c: ColumnDefinitionBuilder) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
    await db.schema
      .createTable('proposal_batches')
      .addColumn('id', postgres ? 'serial' : 'integer', id)
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('base_revision', 'integer')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('draft_story', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('proposals')
      .addColumn('id', postgres ? 'serial' : 'integer', id)
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('local_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', instant)
      .addColumn('revision_id', 'integer')
      .execute();
    await db.schema.createIndex('proposals_story_status').on('proposals').columns(['story', 'status']).execute();
    await db.schema.createIndex('proposals_batch').on('proposals').columns(['batch_id']).execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('proposals').ifExists().execute();
    await db.schema.dropTable('proposal_batches').ifExists().execute();
  },
};
