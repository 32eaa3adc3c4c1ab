import type { Migration } from 'kysely';
import { type AnyDb, columnTypes, dropTables } from './columns.js';

/**
 * Alerts in threads (`/sitrep track … thread`): a tracking row may ask for threads; a delivery may
 * belong to a thread (its key, e.g. `claim:<story>/<claim>`); and each channel's thread roots are
 * kept, so the next alert about the same claim replies under the first one. A root is the platform
 * id of the first alert's message (Slack's `ts`; on Discord the thread started from that message
 * has the same id), so recording it twice after a crash records the same thing.
 */

export const migration: Migration = {
  async up(db: AnyDb): Promise<void> {
    const { postgres, instant } = columnTypes(db);
    await db.schema
      .alterTable('tracking')
      .addColumn('thread', postgres ? 'boolean' : 'integer', (c) => c.notNull().defaultTo(postgres ? false : 0))
      .execute();
    await db.schema.alterTable('deliveries').addColumn('thread', 'text').execute();
    await db.schema
      .createTable('alert_threads')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('thread', 'text', (c) => c.notNull())
      .addColumn('root_message_id', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_threads_pk', ['channel', 'thread'])
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await dropTables(db, 'alert_threads');
    await db.schema.alterTable('deliveries').dropColumn('thread').execute();
    await db.schema.alterTable('tracking').dropColumn('thread').execute();
  },
};

export default migration;
