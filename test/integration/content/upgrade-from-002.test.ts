import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely as AnyKysely, Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { storyOfRevision } from '../../../src/core/claims/revisions.js';
import { FolderMigrationProvider } from '../../../src/store/migrate.js';
import { type FreshDatabase, freshPostgresSchemaUrl, freshSqlite, postgresTestUrl } from '../../support/databases.js';
import { FIXTURES, type Harness, openHarness } from '../claims/harness.js';

/**
 * Upgrading a database made before story content moved into it (migrations 001-002 only) to the
 * latest: revision and delivery ids stay, history and audit carry over, and the story is served
 * from the store afterwards and changed on top of its last old revision (issue 12).
 */

const STORY = 'harbour-strike';
const OLD_MIGRATIONS = ['001_initial', '002_seen_requests'];

// biome-ignore lint/suspicious/noExplicitAny: a database at an old migration has no current table types
type OldDb = AnyKysely<any>;

interface OldDatabase {
  db: OldDb;
  postgres: boolean;
  schema?: string;
}

function openOld(database: FreshDatabase): OldDatabase {
  if (database.name === 'sqlite') {
    const file = database.url.slice('file:'.length);
    return { db: new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) }), postgres: false };
  }
  const schema = new URL(database.url).searchParams.get('schema') ?? '';
  const pool = new pg.Pool({ connectionString: postgresTestUrl(), options: `-c search_path=${schema}` });
  return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), postgres: true, schema };
}

async function migrateTo002(old: OldDatabase): Promise<void> {
  const all = await new FolderMigrationProvider().getMigrations();
  const migrator = new Migrator({
    db: old.db,
    provider: {
      getMigrations: async () => Object.fromEntries(OLD_MIGRATIONS.map((name) => [name, all[name] as Migration])),
    },
    ...(old.schema ? { migrationTableSchema: old.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

const cases = [
  { name: 'sqlite', available: true, fresh: freshSqlite },
  { name: 'postgres', available: postgresTestUrl() !== undefined, fresh: () => freshPostgresSchemaUrl() },
] as const;

for (const { name, available, fresh } of cases) {
  describe.skipIf(!available)(`upgrading a database from migration 002 (${name})`, () => {
    let database: FreshDatabase;
    let dir: string;
    let h: Harness | undefined;

    afterEach(async () => {
      await h?.store.close();
      h = undefined;
      await database?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps revision and delivery ids, history and audit, and serves the story from the store', async () => {
      database = await fresh();
      dir = await mkdtemp(path.join(tmpdir(), 'sitrep-upgrade-'));
      const old = openOld(database);
      await migrateTo002(old);
      const flag = (value: boolean) => (old.postgres ? value : value ? 1 : 0);
      const shipped = await readFile(path.join(FIXTURES, `${STORY}.yaml`), 'utf8');
      const texts = [
        shipped,
        shipped.replace('status: disputed', 'status: denied'),
        shipped.replace('status: disputed', 'status: confirmed'),
      ];
      // Another story's revision in between: ids of one story are not consecutive.
      const ids: number[] = [];
      for (const [i, content] of texts.entries()) {
        for (const story of i === 1 ? ['other-story', STORY] : [STORY]) {
          const row = await old.db
            .insertInto('revisions')
            .values({
              story,
              hash: `old-hash-${story}-${i}`,
              content,
              author: 'file',
              via: i === 0 ? 'start' : 'file',
              created_at: `2031-04-0${i + 1}T08:00:00.000Z`,
              alerts_planned: flag(true),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (story === STORY) ids.push(Number(row.id));
        }
      }
      const deliveryId = `alert:${ids[2]}:slack:CTRACK`;
      await old.db
        .insertInto('deliveries')
        .values({
          id: deliveryId,
          kind: 'alert',
          channel: 'slack:CTRACK',
          story: STORY,
          revision_id: ids[2],
          status: 'sent',
          late: flag(false),
          attempts: 1,
          message_id: 'm-1',
          due_at: '2031-04-03T08:00:00.000Z',
          created_at: '2031-04-03T08:00:00.000Z',
          sent_at: '2031-04-03T08:00:01.000Z',
        })
        .execute();
      await old.db
        .insertInto('audit_log')
        .values({
          at: '2031-04-03T08:00:00.000Z',
          actor: 'slack:UOLD',
          via: 'chat',
          action: 'edit',
          target: STORY,
          outcome: 'ok',
          detail: 'an edit made before the upgrade',
        })
        .execute();
      await old.db.destroy();

      // The current code opens (and migrates) it, in a process with an empty briefings folder.
      h = await openHarness({}, { database, dir });
      await h.claims.syncAtStart();

      const history = await h.store.revisions.list(STORY);
      expect(history.map((r) => r.id)).toEqual([...ids].reverse());
      expect(history.map((r) => r.parentId)).toEqual([ids[1], ids[0], null]);
      expect(history[0]).toMatchObject({ author: 'file', via: 'file' });
      for (const revision of history) expect(storyOfRevision(revision)).toBeDefined();
      expect(await h.store.deliveries.get(deliveryId)).toMatchObject({ revisionId: ids[2], status: 'sent' });
      const audit = await h.store.audit.list({ limit: 50 });
      expect(audit.some((e) => e.actor === 'slack:UOLD' && e.detail === 'an edit made before the upgrade')).toBe(true);

      const served = h.catalog.get(STORY);
      expect(served?.revision).toBe(ids[2]);
      expect(served?.claimById.get('turnout-disputed')?.status).toBe('confirmed');

      const outcome = await h.claims.content.apply({
        story: STORY,
        baseRevision: ids[2] ?? 0,
        origin: { author: 'console:ana', via: 'console' },
        edits: [{ op: 'set', entity: 'claim', id: 'ships-diverted', field: 'status', value: 'confirmed' }],
      });
      expect(outcome).toMatchObject({ kind: 'applied', revision: { parentId: ids[2] } });
      expect(outcome.kind === 'applied' && outcome.revision.id).toBeGreaterThan(ids[2] ?? 0);
      expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.status).toBe('confirmed');
    });
  });
}
