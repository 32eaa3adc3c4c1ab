import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * The first schema. One set of migrations for both dialects: the schema builder writes each, and
 * only the column types that have no common spelling branch on the dialect (see `columnTypes`).
 *
 * Enumerated values (status, kind, origin…) are plain text without CHECK constraints: the types in
 * `src/core/store.ts` guard them, and widening a CHECK on SQLite would mean rebuilding the table.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);

    await db.schema
      .createTable('schedules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('story', 'text')
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .$call(t.creation({ creatorRequired: false }))
      .addColumn('paused', t.flag, (c) => c.notNull())
      .addColumn('paused_reason', 'text')
      .addColumn('anchor', t.instant, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('schedules_channel').on('schedules').columns(['channel', 'created_at']).execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('story', 'text')
      .addColumn('schedule_id', 'text')
      .addColumn('slot_key', 'text')
      .addColumn('revision_id', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('late', t.flag, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('payload', 'text')
      .addColumn('due_at', t.instant, (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', t.instant)
      .addColumn('created_at', t.instant, (c) => c.notNull())
      .addColumn('sent_at', t.instant)
      .execute();
    await db.schema.createIndex('deliveries_channel_due').on('deliveries').columns(['channel', 'due_at']).execute();
    await db.schema
      .createIndex('deliveries_status_lease')
      .on('deliveries')
      .columns(['status', 'lease_until'])
      .execute();
    await db.schema
      .createIndex('deliveries_last_sent')
      .on('deliveries')
      .columns(['channel', 'kind', 'status', 'story', 'sent_at'])
      .execute();

    await db.schema
      .createTable('tracking')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('story', 'text', (c) => c.notNull())
      .$call(t.creation({ creatorRequired: false }))
      .addPrimaryKeyConstraint('tracking_pk', ['channel', 'kind', 'target', 'story'])
      .execute();
    await db.schema.createIndex('tracking_story').on('tracking').columns(['story', 'kind', 'target']).execute();

    await db.schema
      .createTable('revisions')
      .$call(t.serialId)
      .addColumn('story', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('created_at', t.instant, (c) => c.notNull())
      .addColumn('alerts_planned', t.flag, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('revisions_story').on('revisions').columns(['story', 'id']).execute();

    await db.schema
      .createTable('audit_log')
      .$call(t.serialId)
      .addColumn('at', t.instant, (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();

    await db.schema
      .createTable('channel_health')
      .addColumn('channel', 'text', (c) => c.primaryKey())
      .addColumn('failing', t.flag, (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('message', 'text')
      .addColumn('since', t.instant)
      .addColumn('updated_at', t.instant, (c) => c.notNull())
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'channel_health', 'audit_log', 'revisions', 'tracking', 'deliveries', 'schedules');
  },
};

export default migration;
