import type { Migration } from 'kysely';
import { type AnyDb, dropTables } from './columns.js';

/**
 * Revisions stored in chunks (ADR 0044): `revision_chunks` holds each chunk of text or JSON once,
 * by the hash of its content; a revision stored so lists its chunks in `chunks` (JSON) and leaves
 * `content` empty and `story_json` null. Revisions stored whole before stay as they are.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('revision_chunks')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('revisions').addColumn('chunks', 'text').execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('revisions').dropColumn('chunks').execute();
    await dropTables(db, 'revision_chunks');
  },
};

export default migration;
