import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * Article proposals kept for review: each `propose` run is a batch (the article, the revision it
 * was read against, who asked), and each proposal a row an editor accepts or rejects. A proposal is
 * decided once: the decision is a conditional update on `status = 'open'`.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('proposal_batches')
      .$call(t.serialId)
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('base_revision', 'integer')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('draft_story', 'text')
      .$call(t.creation({ creatorRequired: true }))
      .execute();
    await db.schema
      .createTable('proposals')
      .$call(t.serialId)
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('local_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .$call(t.decision)
      .execute();
    await db.schema.createIndex('proposals_story_status').on('proposals').columns(['story', 'status']).execute();
    await db.schema.createIndex('proposals_batch').on('proposals').columns(['batch_id']).execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'proposals', 'proposal_batches');
  },
};
