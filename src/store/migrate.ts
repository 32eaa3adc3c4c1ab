import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';

/**
 * Migrations are the modules `NNN_name.ts` in `./migrations/`, applied in name order. A new
 * migration is a new file exporting a Kysely `Migration` (`export default { up, down }`, or
 * named `up` / `down`).
 */
const MIGRATIONS_DIR = [
  new URL('./migrations/', import.meta.url),
  // The build bundles this module into dist/chunks/ (or dist/cli/) and keeps each migration a file
  // of its own in dist/store/migrations/ (scripts/build.mjs).
  new URL('../store/migrations/', import.meta.url),
].find((url) => existsSync(url)) as URL;
const MIGRATION_FILE = /^(\d{3,}_[\w-]+)\.(ts|mts|js|mjs)$/;

export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: URL = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    const files = (await readdir(fileURLToPath(this.folder))).sort();
    for (const file of files) {
      const match = MIGRATION_FILE.exec(file);
      if (!match || file.endsWith('.d.ts') || file.endsWith('.d.mts')) continue;
      const name = match[1] as string;
      if (migrations[name]) continue; // both foo.ts and foo.js present (compiled copy): one is enough
      const module: Record<string, unknown> = await import(
        pathToFileURL(fileURLToPath(new URL(file, this.folder))).href
      );
      const migration = [module.default, module.migration, module].find(isMigration);
      if (!migration) throw new Error(`store migration ${file} exports no { up, down }`);
      migrations[name] = migration;
    }
    return migrations;
  }
}

function isMigration(value: unknown): value is Migration {
  return typeof value === 'object' && value !== null && typeof (value as Migration).up === 'function';
}

/** SQLite: another process opening the same file at the same moment may hold the write lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export interface MigrateOptions {
  /** Postgres: the schema holding Kysely's migration tables (and ours, through search_path). */
  schema?: string;
  /**
   * Runs `work` holding the database's write lock, in one transaction committed only when `work`
   * returns `{ error: undefined }`. Needed for SQLite, where Kysely neither locks nor wraps
   * migrations in a transaction (Postgres: Kysely takes an advisory lock and a transaction).
   */
  exclusive?: (work: () => Promise<MigrationResultSet>) => Promise<MigrationResultSet>;
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    // Migration numbers are handed out ahead of time and land in any order: a database that has
    // 003 already still gets 002 when it arrives.
    allowUnorderedMigrations: true,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
    ...(options.exclusive ? { disableTransactions: true } : {}),
  });
  const { exclusive } = options;
  for (let attempt = 1; ; attempt++) {
    let result: MigrationResultSet;
    try {
      // Most opens find nothing to do: no lock taken then.
      const pending = (await migrator.getMigrations()).some((m) => m.executedAt === undefined);
      if (!pending) return { results: [] };
      result = exclusive ? await exclusive(() => migrator.migrateToLatest()) : await migrator.migrateToLatest();
    } catch (error) {
      result = { error };
    }
    if (!result.error) return result;
    if (isBusy(result.error) && attempt < 20) {
      await sleep(25 * attempt);
      continue;
    }
    const failed = result.results?.find((r) => r.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`database migration ${failed ? `${failed.migrationName} ` : ''}failed: ${message}`, {
      cause: result.error,
    });
  }
}
