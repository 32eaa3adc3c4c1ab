import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, type MigrationResultSet, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { type Clock, systemClock } from '../core/ports.js';
import type { Store } from '../core/store.js';
import { AuditRepository } from './audit.js';
import { ChannelRepository } from './channels.js';
import { ConsoleAuthRepository } from './console.js';
import { FileSyncRepository, PendingChangeRepository } from './content.js';
import { DeliveryRepository } from './deliveries.js';
import type { SecretBox } from './encryption.js';
import { InstallationRepository } from './installations.js';
import { type MigrateOptions, migrateToLatest } from './migrate.js';
import { SearchPathPostgresDialect } from './postgres-dialect.js';
import { ProposalRepository } from './proposals.js';
import { RevisionRepository } from './revisions.js';
import { ScheduleRepository } from './schedules.js';
import { SeenRequestRepository } from './seen-requests.js';
import { createContext, type Database, type Dialect } from './tables.js';
import { AlertThreadRepository, TrackingRepository } from './tracking.js';

export interface StoreOptions {
  /**
   * Postgres only: keep every table in this schema (created when missing), e.g. one schema per
   * test or per deployment sharing a database. Also accepted as `?schema=NAME` in the URL.
   */
  schema?: string;
  /** Where "now" comes from when a method does not take it. Default: the system clock. */
  clock?: Clock;
  /** Postgres only: connections in the pool (default 10). */
  poolSize?: number;
  /** Postgres only: errors of idle pooled connections (e.g. the server restarted). Default: ignored. */
  onPoolError?: (error: Error) => void;
  /** Seals installation tokens at rest (SITREP_ENCRYPTION_KEY). Without it, installations cannot be saved or read. */
  secrets?: SecretBox;
}

/**
 * Opens (and migrates) the store behind `DATABASE_URL`:
 * - `file:./data/sitrep.db`, `file:/abs/path.db`, `file:///abs/path.db`: SQLite in that file
 *   (its directory is created), WAL mode, busy timeout 5 s, foreign keys on;
 * - `file::memory:` (or `:memory:`): a private in-memory SQLite database;
 * - `postgres://…` / `postgresql://…`: Postgres through a `pg` pool.
 */
// Each driver is loaded by the store that uses it: a SQLite deployment never holds the Postgres
// driver in memory, nor a Postgres one SQLite's.
const postgresDriver = async (): Promise<typeof pg> => (await import('pg')).default;

export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? systemClock;
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return openPostgres(databaseUrl, options, clock);
  const file = sqliteFile(databaseUrl);
  if (file === undefined) {
    throw new Error(
      `DATABASE_URL must start with file: (SQLite) or postgres:// (Postgres), got "${redact(databaseUrl)}"`,
    );
  }
  if (options.schema) throw new Error('a schema can only be chosen for Postgres');
  return openSqlite(file, clock, options.secrets);
}

function sqliteFile(url: string): string | undefined {
  if (url === ':memory:' || url === 'file::memory:' || url.startsWith('file::memory:?')) return ':memory:';
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (url.startsWith('file:')) return url.slice('file:'.length).replace(/\?.*$/, '');
  return undefined;
}

async function openSqlite(file: string, clock: Clock, secrets: SecretBox | undefined): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = await openSqliteDatabase(file).catch((error: unknown) => {
    throw cannotOpen(file, error);
  });
  try {
    database.pragma('busy_timeout = 5000');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // better-sqlite3 builds SQLite with a 16 MB page cache per connection (SQLite's own default is
    // 2 MB). Pages are kept once read or written, so importing one large story left some 9 MB
    // resident for the life of the process; the operating system caches the file anyway (ADR 0025).
    database.pragma('cache_size = -2000');
  } catch (error) {
    database.close();
    throw cannotOpen(file, error);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // Processes opening a new file together: the first to take the write lock migrates, in one
  // transaction; the others wait (busy timeout), then find nothing left to do.
  const exclusive: MigrateOptions['exclusive'] = async (work) => {
    database.exec('begin immediate');
    let result: MigrationResultSet | undefined;
    try {
      result = await work();
    } finally {
      if (database.inTransaction) database.exec(result && !result.error ? 'commit' : 'rollback');
    }
    return result;
  };
  return finishOpening(db, 'sqlite', clock, { exclusive }, {}, secrets);
}

/**
 * SQLite says only "unable to open database file" (or "attempt to write a readonly database"):
 * name the file and what to check, so whoever starts Sitrep can fix it.
 */
function cannotOpen(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  if (!/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR)/.test(code) && !/unable to open|readonly/i.test(String(error)))
    return error instanceof Error ? error : new Error(String(error));
  return new Error(
    `cannot open the SQLite database ${resolve(file)}: ${(error as Error).message}. ` +
      'Check that the path is a file (not a folder) in a folder this user may write to, on a writable disk, ' +
      'or set DATABASE_URL to another file: or postgres:// address',
    { cause: error },
  );
}

/**
 * better-sqlite3 loads its compiled binding on first use. A fresh install whose install script npm
 * skipped (install-script policy, `--ignore-scripts`) or a Node upgrade leaves it missing or built
 * for another ABI: say what to run instead of the loader's stack trace.
 */
async function openSqliteDatabase(file: string): Promise<BetterSqlite3.Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  try {
    return new Sqlite(file);
  } catch (error) {
    if (!isBindingProblem(error)) throw error;
    throw new Error(
      "SQLite's native binding (better-sqlite3) is missing or was built for another Node.js version: " +
        'run `npm rebuild better-sqlite3` (and, if npm skipped its install script, ' +
        '`npm install-scripts approve better-sqlite3` first)',
      { cause: error },
    );
  }
}

function isBindingProblem(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'ERR_DLOPEN_FAILED') return true;
  return typeof message === 'string' && /bindings file|better_sqlite3\.node/.test(message);
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

async function openPostgres(databaseUrl: string, options: StoreOptions, clock: Clock): Promise<Store> {
  let connectionString = databaseUrl;
  let schema = options.schema;
  if (/[?&]schema=/.test(databaseUrl)) {
    const url = new URL(databaseUrl);
    schema ??= url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    connectionString = url.toString();
  }
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid Postgres schema name "${schema}" (letters, digits and _ only)`);
  }
  if (schema) await ensureSchema(connectionString, schema);

  const pool = new (await postgresDriver()).Pool({ connectionString, max: options.poolSize ?? 10 });
  pool.on('error', options.onPoolError ?? (() => {}));
  // search_path is set on each new pooled connection (not through the startup `options`, which
  // a `?options=…` in the URL would replace).
  const setSearchPath = schema ? CompiledQuery.raw(`set search_path to "${schema}"`) : undefined;
  const db = new Kysely<Database>({
    dialect: new SearchPathPostgresDialect({
      pool,
      ...(setSearchPath
        ? { onCreateConnection: async (connection) => void (await connection.executeQuery(setSearchPath)) }
        : {}),
    }),
  });
  const listen = (channel: string, onMessage: (payload: string) => void) =>
    listenPostgres(connectionString, channel, onMessage);
  return finishOpening(
    db,
    'postgres',
    clock,
    schema ? { schema } : {},
    { listen, namespace: schema ?? 'public' },
    options.secrets,
  );
}

/**
 * A dedicated connection LISTENing on `channel` (a pooled one would be handed to other queries).
 * When it drops (a Postgres restart), it reconnects after a pause; notifications sent meanwhile
 * are lost, which the caller's periodic check makes up for.
 */
async function listenPostgres(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const { Client } = await postgresDriver();
  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    next.on('error', () => {
      if (stopped || client !== next) return;
      client = undefined;
      void next.end().catch(() => {});
      retry = setTimeout(() => void connect().catch(() => {}), 1000);
      retry.unref?.();
    });
    await next.connect();
    await next.query(`listen "${channel.replace(/"/g, '')}"`);
    if (stopped) await next.end();
    else client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new (await postgresDriver()).Client({ connectionString });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating it at the same moment: one of them loses the race, which is fine.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  } finally {
    await client.end();
  }
}

async function finishOpening(
  db: Kysely<Database>,
  dialect: Dialect,
  clock: Clock,
  migrateOptions: MigrateOptions,
  extra: Parameters<typeof createContext>[3] = {},
  secrets: SecretBox | undefined = undefined,
): Promise<Store> {
  try {
    await migrateToLatest(db, migrateOptions);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  const ctx = createContext(db, dialect, clock, extra);
  let closed: Promise<void> | undefined;
  return {
    dialect,
    schedules: new ScheduleRepository(ctx),
    deliveries: new DeliveryRepository(ctx),
    tracking: new TrackingRepository(ctx),
    alertThreads: new AlertThreadRepository(ctx),
    revisions: new RevisionRepository(ctx),
    audit: new AuditRepository(ctx),
    channels: new ChannelRepository(ctx),
    pendingChanges: new PendingChangeRepository(ctx),
    fileSyncs: new FileSyncRepository(ctx),
    installations: new InstallationRepository(ctx, secrets),
    seenRequests: new SeenRequestRepository(ctx),
    console: new ConsoleAuthRepository(ctx),
    proposals: new ProposalRepository(ctx),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}

/** A URL fit for an error message: no password. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
