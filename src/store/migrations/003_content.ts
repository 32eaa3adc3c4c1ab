import { type Migration, sql } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * Story content lives in the database (ADR 0040): every revision names its parent, so a story's
 * history is one line that two replicas can never fork (a unique index on story and parent);
 * the story it holds is kept as JSON beside its YAML text, so replicas read it without parsing
 * YAML; changes that remove much are held for an admin; each replica remembers which revision its
 * copy of a story file last matched, for three-way merges of file edits.
 *
 * Existing revisions keep their ids: their parents are filled in from the order they were stored,
 * their JSON is left empty (read from the YAML when needed).
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);

    await db.schema.alterTable('revisions').addColumn('parent_id', 'integer').execute();
    await db.schema.alterTable('revisions').addColumn('reference', 'text').execute();
    await db.schema.alterTable('revisions').addColumn('story_json', 'text').execute();
    await sql`update revisions set parent_id = (
        select max(p.id) from revisions p where p.story = revisions.story and p.id < revisions.id
      )`.execute(db);
    await sql`create unique index revisions_one_child on revisions (story, coalesce(parent_id, 0))`.execute(db);

    await db.schema
      .createTable('pending_changes')
      .$call(t.serialId)
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('base_revision', 'integer')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', t.instant, (c) => c.notNull())
      .$call(t.decision)
      .execute();
    await db.schema.createIndex('pending_changes_status').on('pending_changes').columns(['status', 'id']).execute();

    await db.schema
      .createTable('file_syncs')
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('revision_id', 'integer', (c) => c.notNull())
      .addColumn('text_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('file_syncs_pk', ['instance', 'story'])
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'file_syncs', 'pending_changes');
    await sql`drop index if exists revisions_one_child`.execute(db);
    await db.schema.alterTable('revisions').dropColumn('story_json').execute();
    await db.schema.alterTable('revisions').dropColumn('reference').execute();
    await db.schema.alterTable('revisions').dropColumn('parent_id').execute();
  },
};

export default migration;
