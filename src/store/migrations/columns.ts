import { type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * What the migrations share: the column types that have no common spelling in the two dialects,
 * the column sets several tables have, and dropping tables. Not a migration itself (the provider
 * loads only `NNN_name` files).
 *
 * Shipped migrations call these, so what each creates must never change: a new spelling or column
 * set is a new export here, never an edit of an existing one.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
export type AnyDb = Kysely<any>;

// biome-ignore lint/suspicious/noExplicitAny: the column sets fit any table being created
type AnyTable = CreateTableBuilder<any, any>;

export function columnTypes(db: AnyDb) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  /** timestamptz on Postgres; ISO-8601 UTC text on SQLite (text order is time order). */
  const instant = postgres ? ('timestamptz' as const) : ('text' as const);
  return {
    postgres,
    instant,
    /** boolean on Postgres; 0/1 on SQLite (declared boolean: numeric affinity). */
    flag: 'boolean' as const,
    /** `id`, an integer the database hands out (SQLite: AUTOINCREMENT, so that no id is reused after a delete). */
    serialId: <T extends AnyTable>(table: T) =>
      table.addColumn('id', postgres ? 'serial' : 'integer', (c) =>
        postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
      ),
    /**
     * `created_by` and `created_at`: who made the row and when. The creator may be left null where
     * rows are also made by no one in particular (a schedule from the config file).
     */
    creation:
      ({ creatorRequired }: { creatorRequired: boolean }) =>
      <T extends AnyTable>(table: T) =>
        table
          .addColumn('created_by', 'text', (c) => (creatorRequired ? c.notNull() : c))
          .addColumn('created_at', instant, (c) => c.notNull()),
    /** How a held change or a proposal was decided: by whom, when, and the revision it made, if any. */
    decision: <T extends AnyTable>(table: T) =>
      table.addColumn('decided_by', 'text').addColumn('decided_at', instant).addColumn('revision_id', 'integer'),
  };
}

/** Drops the tables that exist, in the order given (dependents first). */
export async function dropTables(db: AnyDb, ...tables: string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
