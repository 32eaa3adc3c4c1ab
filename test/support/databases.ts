import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';
import { openStore } from '../../src/store/db.js';
import type { SecretBox } from '../../src/store/encryption.js';

/**
 * Databases for tests. Every store is fresh and empty, and its database is thrown away when the
 * store (or the `FreshDatabase`) is closed. Postgres cases exist only when `TEST_DATABASE_URL`
 * is set; each gets its own randomly named schema in that database.
 */

export type DialectName = 'sqlite' | 'postgres';

export interface OpenOptions {
  clock?: Clock;
  secrets?: SecretBox;
}

/** An empty database that several stores, or several processes, can open at once. */
export interface FreshDatabase {
  readonly name: DialectName;
  /** A `DATABASE_URL` for it (Postgres: with `?schema=…`), e.g. for a spawned process. */
  readonly url: string;
  /** Another store on this database; each must be closed by the caller before `dispose`. */
  open(options?: OpenOptions): Promise<Store>;
  /** Deletes every row (schema and migrations stay): a cheap clean slate between tests. */
  reset(): Promise<void>;
  /** Deletes the database (SQLite file / Postgres schema). */
  dispose(): Promise<void>;
}

export interface StoreCase {
  readonly name: DialectName;
  /** A migrated store on a fresh database; closing it deletes the database. */
  open(options?: OpenOptions): Promise<Store>;
  /** A fresh database to share between several stores or processes. */
  fresh(): Promise<FreshDatabase>;
}

export function postgresTestUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

export function storeCases(): StoreCase[] {
  const cases: StoreCase[] = [{ name: 'sqlite', open: (o) => openOwned(freshSqlite, o), fresh: freshSqlite }];
  const base = postgresTestUrl();
  if (base) {
    const fresh = () => freshPostgresSchemaUrl(base);
    cases.push({ name: 'postgres', open: (o) => openOwned(fresh, o), fresh });
  }
  return cases;
}

/** A fresh SQLite file in its own temporary directory. */
export async function freshSqlite(): Promise<FreshDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-store-'));
  const file = join(dir, 'sitrep.db');
  const url = `file:${file}`;
  return {
    name: 'sqlite',
    url,
    open: (options = {}) => openStore(url, options),
    async reset() {
      const db = new BetterSqlite3(file);
      try {
        db.pragma('busy_timeout = 5000');
        const tables = db
          .prepare(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'",
          )
          .pluck()
          .all() as string[];
        db.transaction(() => {
          for (const table of tables) db.exec(`delete from "${table}"`);
        })();
      } finally {
        db.close();
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh, empty schema in the Postgres database at `baseUrl` (default `TEST_DATABASE_URL`), and a
 * URL selecting it (`…?schema=sitrep_t_…`) that `openStore` — and so a spawned `sitrep` process
 * given it as `DATABASE_URL` — understands. `dispose` drops the schema.
 */
export async function freshPostgresSchemaUrl(baseUrl = postgresTestUrl()): Promise<FreshDatabase> {
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `sitrep_t_${randomBytes(6).toString('hex')}`;
  await admin(baseUrl, `create schema "${schema}"`);
  // Test data need not survive a power cut: not waiting for the WAL flush on every commit makes
  // Postgres tests several times faster.
  const params = `schema=${schema}${/[?&]options=/.test(baseUrl) ? '' : `&options=${encodeURIComponent('-c synchronous_commit=off')}`}`;
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${params}`;
  let resetter: pg.Client | undefined;
  return {
    name: 'postgres',
    url,
    open: (options = {}) => openStore(url, options),
    async reset() {
      if (!resetter) {
        resetter = new pg.Client({ connectionString: baseUrl });
        await resetter.connect();
      }
      const { rows } = await resetter.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like 'kysely_%'",
        [schema],
      );
      await resetter.query(`begin; ${rows.map((r) => `delete from "${schema}"."${r.name}";`).join(' ')} commit;`);
    },
    async dispose() {
      await resetter?.end();
      resetter = undefined;
      await admin(baseUrl, `drop schema if exists "${schema}" cascade`);
    },
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A store whose `close` also disposes of its database. */
async function openOwned(fresh: () => Promise<FreshDatabase>, options?: OpenOptions): Promise<Store> {
  const database = await fresh();
  let store: Store;
  try {
    store = await database.open(options);
  } catch (error) {
    await database.dispose();
    throw error;
  }
  let closed: Promise<void> | undefined;
  // Every repository as opened; only closing also disposes of the database.
  return {
    ...store,
    close() {
      closed ??= store.close().finally(() => database.dispose());
      return closed;
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: Date | string = '2026-03-08T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set(to: Date | string) {
      now = new Date(to).getTime();
    },
    advance(ms: number) {
      now += ms;
    },
  };
}
