import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

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

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
type AnyDb = Kysely<any>;

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const instant = postgres ? ('timestamptz' as const) : ('text' as const);

    await db.schema.alterTable('revisions').addColumn('parent_id', 'integer').execute();
    await db.schema.alterTable('revisions').addColumn('reference', 'text').execute();
    await db.schema.alterTable('revisions').addColumn('story_json', 'text').execute();
    await sql`update revisions set parent_id = (
        select max(p.id) from revisions p where p.story = revisions.story and p.id < revisions.id
      )`.execute(db);
    await sql`create unique index revisions_one_child on revisions (story, coalesce(parent_id, 0))`.execute(db);

    await db.schema
      .createTable('pending_changes')
      .addColumn('id', postgres ? 'serial' : 'integer', (c) => {
        const key = c.primaryKey();
        return postgres ? key : key.autoIncrement();
      })
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('base_revision', 'integer')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', instant)
      .addColumn('revision_id', 'integer')
      .execute();
    await db.schema.createIndex('pending_changes_status').on('pending_changes').columns(['status', 'id']).execute();

    await db.schema
      .createTable('file_syncs')
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('revision_id', 'integer', (c) => c.notNull())
      .addColumn('text_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('file_syncs_pk', ['instance', 'story'])
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('file_syncs').ifExists().execute();
    await db.schema.dropTable('pending_changes').ifExists().execute();
    await sql`drop index if exists revisions_one_child`.execute(db);
    await db.schema.alterTable('revisions').dropColumn('story_json').execute();
    await db.schema.alterTable('revisions').dropColumn('reference').execute();
    await db.schema.alterTable('revisions').dropColumn('parent_id').execute();
  },
};

export default migration;
