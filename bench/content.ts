import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { followRevisions } from '../src/core/content/feed.js';
import { silentLogger } from '../src/core/log.js';
import { StoryCatalog } from '../src/core/story/catalog.js';
import { CLAIM_STATUSES } from '../src/core/story/schema.js';
import { openStore } from '../src/store/db.js';
import { standaloneContentService } from '../test/support/content-service.js';
import { freshPostgresSchemaUrl, postgresTestUrl } from '../test/support/databases.js';
import { generateStoryObject } from '../test/support/story-generator.js';
import { percentile, type Reporter } from './lib/report.js';

/**
 * The write path (issue 12): (a) a one-claim change to a 10,000-claim story, applied (validated,
 * rebased, stored, served) on SQLite; (b) a change applied through one replica's store until another
 * replica's catalog serves it, through Postgres LISTEN/NOTIFY (needs TEST_DATABASE_URL).
 */
export const description =
  'one-claim change to a 10,000-claim story; change on replica A → served on replica B (Postgres)';

const BIG = { actors: 1_000, claims: 10_000, seed: 12, id: 'bench-content' } as const;
const APPLY_RUNS = 20;
/** Changes before the timed ones, reported apart: the first after start also compiles the code it runs. */
const APPLY_WARMUP = 2;
const FEED_RUNS = 40;

async function benchApply(report: Reporter): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-bench-content-'));
  const store = await openStore(`file:${path.join(dir, 'sitrep.db')}`);
  try {
    const content = standaloneContentService(store, new StoryCatalog());
    const story = generateStoryObject(BIG);
    const created = await content.apply({
      story: BIG.id,
      baseRevision: null,
      origin: { author: 'bench', via: 'import' },
      edits: [{ op: 'replace', story }],
    });
    if (created.kind !== 'applied') throw new Error(`seeding failed: ${created.kind}`);
    let base = created.revision.id;
    const samples: number[] = [];
    for (let i = 0; i < APPLY_WARMUP + APPLY_RUNS; i++) {
      // A different claim each time, moved to the next status: every change changes something.
      const claim = story.claims[(i * 331) % story.claims.length];
      const status = CLAIM_STATUSES[(CLAIM_STATUSES.indexOf(claim?.status ?? 'reported') + 1) % CLAIM_STATUSES.length];
      const started = performance.now();
      const outcome = await content.apply({
        story: BIG.id,
        baseRevision: base,
        origin: { author: 'bench', via: 'console' },
        edits: [{ op: 'set', entity: 'claim', id: claim?.id ?? '', field: 'status', value: status ?? 'confirmed' }],
      });
      const took = performance.now() - started;
      if (i === 0) report('apply.one_claim_10k.first', took, 'ms');
      if (i >= APPLY_WARMUP) samples.push(took);
      if (outcome.kind !== 'applied') throw new Error(`apply failed: ${outcome.kind}`);
      base = outcome.revision.id;
    }
    report.note(
      `${BIG.claims} claims, ${APPLY_RUNS} one-claim status changes after ${APPLY_WARMUP} untimed (the first is reported alone), SQLite`,
    );
    report('apply.one_claim_10k.p50', percentile(samples, 50), 'ms');
    report('apply.one_claim_10k.p99', percentile(samples, 99), 'ms', { max: 100 });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchFeed(report: Reporter): Promise<void> {
  if (!postgresTestUrl()) {
    report.note('replica A → B skipped: set TEST_DATABASE_URL to a Postgres database');
    return;
  }
  const database = await freshPostgresSchemaUrl();
  const [storeA, storeB] = [await database.open(), await database.open()];
  const catalogB = new StoryCatalog();
  const contentA = standaloneContentService(storeA, new StoryCatalog());
  const contentB = standaloneContentService(storeB, catalogB);
  const stop = await followRevisions({
    store: storeB,
    catalog: catalogB,
    log: silentLogger,
    onNewer: async (head) => {
      const latest = await storeB.revisions.latest(head.story);
      const current = latest && (await contentB.current(head.story));
      if (latest && current) catalogB.put(current.story, latest.content, latest.id);
    },
  });
  try {
    const story = generateStoryObject({ actors: 20, claims: 100, seed: 3, id: 'bench-feed' });
    const first = await contentA.apply({
      story: 'bench-feed',
      baseRevision: null,
      origin: { author: 'bench', via: 'import' },
      edits: [{ op: 'replace', story }],
    });
    if (first.kind !== 'applied') throw new Error('seeding failed');
    let base = first.revision.id;
    const samples: number[] = [];
    for (let i = 0; i < FEED_RUNS; i++) {
      const claim = story.claims[i % story.claims.length];
      const started = performance.now();
      const outcome = await contentA.apply({
        story: 'bench-feed',
        baseRevision: base,
        origin: { author: 'bench', via: 'console' },
        edits: [{ op: 'set', entity: 'claim', id: claim?.id ?? '', field: 'note', value: `run ${i}` }],
      });
      if (outcome.kind !== 'applied') throw new Error(`apply failed: ${outcome.kind}`);
      base = outcome.revision.id;
      while ((catalogB.get('bench-feed')?.revision ?? 0) < base) await new Promise((r) => setImmediate(r));
      samples.push(performance.now() - started);
    }
    report.note(`${FEED_RUNS} changes applied through store A, timed until B's catalog serves them (LISTEN/NOTIFY)`);
    report('replica_a_to_b.p50', percentile(samples, 50), 'ms');
    report('replica_a_to_b.p99', percentile(samples, 99), 'ms', { max: 2000 });
  } finally {
    await stop();
    await storeA.close();
    await storeB.close();
    await database.dispose();
  }
}

export async function run(report: Reporter): Promise<void> {
  await benchApply(report);
  await benchFeed(report);
}
