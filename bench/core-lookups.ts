import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { createCore } from '../src/compose.js';
import { silentLogger } from '../src/core/log.js';
import type { Caller } from '../src/core/ports.js';
import { StoryView } from '../src/core/story/catalog.js';
import { parseStory } from '../src/core/story/load.js';
import { normalizeName } from '../src/core/story/normalize.js';
import { CLAIM_STATUSES, HEDGINGS, type Story, storySchema } from '../src/core/story/schema.js';
import { YamlSource } from '../src/core/yaml-source.js';
import { createRandom, generateStory, generateStoryObject } from '../test/support/story-generator.js';
import { median, percentile, type Reporter, timed } from './lib/report.js';

/**
 * The foundation: a generated story of 1,000 actors and 10,000 claims, loaded and validated
 * (YAML parse + schema + references), then `actor <name>` and `claims <actor> [status]` answered
 * through the real core (`CommandRouter.handle` on `createCore`), as chat would ask them.
 */
export const description =
  'load + validate a 1,000-actor / 10,000-claim story; actor and claims lookups through the core';

const ACTORS = 1_000;
const CLAIMS = 10_000;
const SEED = 7;
const QUERIES = 2_000;
const WARMUP = 200;
const LOAD_RUNS = 3;
const STORY_ID = 'bench-story';

type QueryKind = 'exact' | 'alias' | 'typo' | 'ambiguous';

interface Query {
  kind: QueryKind;
  text: string;
  /** The actor it should find; undefined for ambiguous queries (a pick list is right). */
  expect?: string;
}

/** One character changed, dropped or doubled in the middle of a longer word: a typing slip. */
function typo(name: string, random: () => number): string {
  const at = 2 + Math.floor(random() * Math.max(1, name.length - 4));
  const slip = random();
  if (slip < 0.33) return name.slice(0, at) + name.slice(at + 1);
  if (slip < 0.66) return name.slice(0, at) + name.charAt(at) + name.slice(at);
  return `${name.slice(0, at)}x${name.slice(at + 1)}`;
}

/** The mix of `actor` queries: exact names, exact aliases, typos and ambiguous names, a quarter each. */
function actorQueries(story: Story, count: number, seed: number): Query[] {
  const random = createRandom(seed);
  const holders = new Map<string, Set<string>>();
  for (const actor of story.actors) {
    for (const name of [actor.name, ...actor.aliases]) {
      const key = normalizeName(name);
      const set = holders.get(key) ?? new Set<string>();
      set.add(actor.id);
      holders.set(key, set);
    }
  }
  const uniqueNames = story.actors.filter((a) => holders.get(normalizeName(a.name))?.size === 1);
  const uniqueAliases = story.actors.flatMap((a) =>
    a.aliases.filter((x) => holders.get(normalizeName(x))?.size === 1).map((x) => ({ a, x })),
  );
  const sharedAliases = [
    ...new Set(story.actors.flatMap((a) => a.aliases.filter((x) => (holders.get(normalizeName(x))?.size ?? 0) > 1))),
  ];
  const longNames = uniqueNames.filter((a) => a.name.length >= 10);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const queries: Query[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = (['exact', 'alias', 'typo', 'ambiguous'] as const)[i % 4] as QueryKind;
    if (kind === 'exact' || (kind === 'alias' && uniqueAliases.length === 0)) {
      const actor = pick(uniqueNames);
      queries.push({ kind: 'exact', text: actor.name, expect: actor.id });
    } else if (kind === 'alias') {
      const { a, x } = pick(uniqueAliases);
      queries.push({ kind, text: x, expect: a.id });
    } else if (kind === 'typo') {
      const actor = pick(longNames);
      queries.push({ kind, text: typo(actor.name, random), expect: actor.id });
    } else {
      queries.push({ kind, text: pick(sharedAliases) });
    }
  }
  return queries;
}

async function measureLoad(report: Reporter, text: string): Promise<void> {
  const file = `/briefings/${STORY_ID}.yaml`;
  const loads: Array<{ ms: number; cpuMs: number }> = [];
  for (let i = 0; i < LOAD_RUNS; i += 1) {
    const load = await timed(() => parseStory(text, file));
    if (!load.result.ok)
      throw new Error(`generated story invalid: ${JSON.stringify(load.result.problems.slice(0, 3))}`);
    loads.push({ ms: load.ms, cpuMs: load.cpuMs });
  }
  report('load.validate.first', loads[0]?.ms ?? Number.NaN, 'ms', { max: 1000 });
  report(`load.validate.median_of_${LOAD_RUNS}`, median(loads.map((l) => l.ms)), 'ms', { max: 1000 });
  report(`load.validate.cpu.median_of_${LOAD_RUNS}`, median(loads.map((l) => l.cpuMs)), 'ms', { max: 1000 });

  // Where the time goes (one more run, phase by phase; single runs, so noisier than the medians).
  // A valid file takes the fast path (js-yaml, no positions); the positioned parse (yaml) runs only
  // when a file has problems to report, so its cost is shown beside it.
  const fastParse = await timed(() => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }));
  const schemaPhase = await timed(() => storySchema.safeParse(fastParse.result));
  const last = parseStory(text, file);
  if (!last.ok) throw new Error('generated story invalid');
  const indexPhase = await timed(() => new StoryView(last.story, last.source));
  const positioned = await timed(() => YamlSource.parse(text, file));
  report('load.phase.parse (js-yaml, valid file)', fastParse.ms, 'ms');
  report('load.phase.schema (zod)', schemaPhase.ms, 'ms');
  report('load.phase.index (StoryView)', indexPhase.ms, 'ms');
  report('positioned parse (yaml; only for a file with problems)', positioned.ms, 'ms');
  report.ratio('positioned parse / fast parse', positioned.ms, fastParse.ms);
}

/** Wall-clock and CPU time of each call, in ms. */
interface Sample {
  ms: number;
  cpuMs: number;
}

export async function run(report: Reporter): Promise<void> {
  // ── The story ────────────────────────────────────────────────────────────────────────────
  const made = await timed(() => generateStory({ actors: ACTORS, claims: CLAIMS, seed: SEED, id: STORY_ID }));
  const text = made.result;
  const story = generateStoryObject({ actors: ACTORS, claims: CLAIMS, seed: SEED, id: STORY_ID });
  report.note(
    `story: ${story.actors.length} actors, ${story.claims.length} claims, ${story.sources.length} sources, ` +
      `${story.timeline.length} events; ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB of YAML (seed ${SEED})`,
  );

  // ── Load and validate: parse + schema + references, as the catalog does for each file ────
  // (In a function, so the parsed documents are garbage before the lookups are timed.)
  await measureLoad(report, text);

  // ── The core, as the bot builds it ──────────────────────────────────────────────────────
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-bench-'));
  try {
    const briefingsDir = path.join(dir, 'briefings');
    const configDir = path.join(dir, 'config');
    await mkdir(briefingsDir);
    await mkdir(configDir);
    await writeFile(path.join(briefingsDir, `${STORY_ID}.yaml`), text);
    const started = await timed(() =>
      createCore({ briefingsDir, configDir, databaseUrl: `file:${path.join(dir, 'sitrep.db')}`, log: silentLogger }),
    );
    const core = started.result;
    report('core.createCore (read + load + index + db)', started.ms, 'ms');
    if (core.contentProblems.length > 0) throw new Error('the core rejected the generated story');
    try {
      const caller: Caller = { platform: 'shell', userId: 'bench', channel: 'shell:local' };
      const ask = async (line: string) => {
        const cpu = process.cpuUsage();
        const start = performance.now();
        const answer = await core.router.handle({ text: line, caller });
        const ms = performance.now() - start;
        const used = process.cpuUsage(cpu);
        return { ms, cpuMs: (used.user + used.system) / 1000, answer };
      };

      // ── actor <name> ──────────────────────────────────────────────────────────────────
      const queries = actorQueries(story, WARMUP + QUERIES, SEED + 1);
      for (const q of queries.slice(0, WARMUP)) await ask(`actor ${q.text}`);
      const byKind = new Map<QueryKind, Sample[]>();
      const right = new Map<QueryKind, number>();
      const all: Sample[] = [];
      for (const q of queries.slice(WARMUP)) {
        const { ms, cpuMs, answer } = await ask(`actor ${q.text}`);
        all.push({ ms, cpuMs });
        byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), { ms, cpuMs }]);
        const name = q.expect ? story.actors.find((a) => a.id === q.expect)?.name : undefined;
        const ok =
          q.kind === 'ambiguous'
            ? answer.text.startsWith('Several actors match')
            : name !== undefined && answer.text.startsWith(name);
        if (ok) right.set(q.kind, (right.get(q.kind) ?? 0) + 1);
      }
      report.note(
        `actor: ${QUERIES} queries after ${WARMUP} warm-up, a quarter each exact name, exact alias, typo, ambiguous`,
      );
      report.note('targets apply to wall-clock times; .cpu figures are CPU time, less sensitive to a busy machine');
      const wall = all.map((x) => x.ms);
      report('actor.p50', percentile(wall, 50), 'ms', { max: 5 });
      report('actor.p99', percentile(wall, 99), 'ms', { max: 5 });
      report('actor.max', Math.max(...wall), 'ms');
      report(
        'actor.cpu.p99',
        percentile(
          all.map((x) => x.cpuMs),
          99,
        ),
        'ms',
      );
      for (const kind of ['exact', 'alias', 'typo', 'ambiguous'] as const) {
        const samples = (byKind.get(kind) ?? []).map((x) => x.ms);
        const cpu = (byKind.get(kind) ?? []).map((x) => x.cpuMs);
        report(`actor.${kind}.p50`, percentile(samples, 50), 'ms');
        report(`actor.${kind}.p99`, percentile(samples, 99), 'ms', { max: 5 });
        report(`actor.${kind}.cpu.p99`, percentile(cpu, 99), 'ms');
        report(`actor.${kind}.answered_as_intended`, (100 * (right.get(kind) ?? 0)) / Math.max(1, samples.length), '%');
      }
      const p50 = (kind: QueryKind) =>
        percentile(
          (byKind.get(kind) ?? []).map((x) => x.ms),
          50,
        );
      report.ratio('actor.typo.p50 vs actor.exact.p50', p50('typo'), p50('exact'));

      // ── claims <actor> [status] ───────────────────────────────────────────────────────
      const random = createRandom(SEED + 2);
      const named = queries.filter((q) => q.kind === 'exact' || q.kind === 'alias');
      const claimLines = Array.from({ length: WARMUP + QUERIES }, (_, i) => {
        const q = named[i % named.length] as Query;
        return random() < 0.5
          ? `claims ${q.text}`
          : `claims ${q.text} ${CLAIM_STATUSES[Math.floor(random() * CLAIM_STATUSES.length)]}`;
      });
      for (const line of claimLines.slice(0, WARMUP)) await ask(line);
      const claimTimes: number[] = [];
      const claimCpu: number[] = [];
      let listed = 0;
      for (const line of claimLines.slice(WARMUP)) {
        const { ms, cpuMs, answer } = await ask(line);
        claimTimes.push(ms);
        claimCpu.push(cpuMs);
        if (/^\d+ claims? about /.test(answer.text)) listed += 1;
      }
      report.note(`claims: ${QUERIES} queries after ${WARMUP} warm-up, half with a status filter`);
      report('claims.p50', percentile(claimTimes, 50), 'ms', { max: 5 });
      report('claims.p99', percentile(claimTimes, 99), 'ms', { max: 5 });
      report('claims.max', Math.max(...claimTimes), 'ms');
      report('claims.cpu.p99', percentile(claimCpu, 99), 'ms');
      report('claims.answered_with_a_list', (100 * listed) / claimTimes.length, '%');

      // ── claims <actor> <status> <hedging>: three filters, words in any order ─────────────
      const filtered = Array.from({ length: WARMUP + QUERIES }, (_, i) => {
        const q = named[i % named.length] as Query;
        const status = i % 3 === 0 ? 'unconfirmed' : CLAIM_STATUSES[Math.floor(random() * CLAIM_STATUSES.length)];
        const hedging = HEDGINGS[Math.floor(random() * HEDGINGS.length)];
        return i % 2 === 0 ? `claims ${q.text} ${status} ${hedging}` : `claims ${hedging} ${status} ${q.text}`;
      });
      for (const line of filtered.slice(0, WARMUP)) await ask(line);
      const filterTimes: number[] = [];
      for (const line of filtered.slice(WARMUP)) filterTimes.push((await ask(line)).ms);
      report.note(
        `claims with three filters: ${QUERIES} queries (actor, status or unconfirmed, hedging; either order)`,
      );
      report('claims.three_filters.p50', percentile(filterTimes, 50), 'ms', { max: 5 });
      report('claims.three_filters.p99', percentile(filterTimes, 99), 'ms', { max: 5 });

      // ── search <words> over the 10,000-claim story ───────────────────────────────────────
      const searches = Array.from({ length: WARMUP + QUERIES }, (_, i) => {
        const claim = story.claims[Math.floor(random() * story.claims.length)];
        const words = (claim?.text ?? 'nothing').split(/\s+/).filter((w) => w.length > 3);
        const start = Math.floor(random() * Math.max(1, words.length - 2));
        return `search ${words.slice(start, start + 1 + (i % 3)).join(' ')}`;
      });
      const firstSearch = await timed(() => ask(searches[0] as string));
      report('search.first (builds the index)', firstSearch.ms, 'ms');
      for (const line of searches.slice(0, WARMUP)) await ask(line);
      const searchTimes: number[] = [];
      let found = 0;
      for (const line of searches.slice(WARMUP)) {
        const { ms, answer } = await ask(line);
        searchTimes.push(ms);
        if (/^\d+ results? for /.test(answer.text)) found += 1;
      }
      report.note(`search: ${QUERIES} queries of one to three words taken from claims`);
      report('search.p50', percentile(searchTimes, 50), 'ms', { max: 10 });
      report('search.p99', percentile(searchTimes, 99), 'ms', { max: 10 });
      report('search.found', (100 * found) / searchTimes.length, '%');
    } finally {
      await core.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
