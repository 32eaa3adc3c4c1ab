/**
 * Helpers for request/response latency benchmarks that compare two ways of answering side by side
 * in one process (Sitrep's full path against a bare platform-library app): a closed-loop driver
 * with a fixed number of requests in flight, batches alternated between the sides (A B B A …) so
 * both share the machine's noise, per-side CPU and event-loop delay, and the `actor <name>` query
 * mix over a loaded story (exact names, exact aliases, typos).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Core, createCore } from '../../src/compose.js';
import { silentLogger } from '../../src/core/log.js';
import type { StoryView } from '../../src/core/story/catalog.js';
import { normalizeName } from '../../src/core/story/normalize.js';
import { createRandom } from '../../test/support/story-generator.js';
import { percentile, type Reporter, type Target } from './report.js';

export const SHIPPED_BRIEFINGS = fileURLToPath(new URL('../../briefings', import.meta.url));

/** One timed call: returns once the answer has arrived; throws when it did not (counted as an error). */
export type Call = (index: number) => Promise<void>;

export interface SideResult {
  /** Wall-clock ms of each successful call. */
  samples: number[];
  errors: number;
  firstError?: string;
  /** Process CPU ms (user + system) spent while this side's batches ran. */
  cpuMs: number;
  /** Wall-clock ms of this side's batches. */
  wallMs: number;
  /** Event-loop delay p99 (ms) seen while this side's batches ran, worst batch. */
  loopDelayP99Ms: number;
}

/**
 * Runs `total` calls with `concurrency` in flight (each worker starts its next call when its last
 * one answered) and returns each call's wall-clock time.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  call: Call,
  offset = 0,
): Promise<{ samples: number[]; errors: number; firstError?: string }> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= total) return;
      const start = performance.now();
      try {
        await call(offset + i);
        samples.push(performance.now() - start);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message ?? String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return firstError === undefined ? { samples, errors } : { samples, errors, firstError };
}

export interface AlternateOptions {
  /** Untimed calls per side first (one batch each, same concurrency). */
  warmup: number;
  /** Timed calls per side. */
  perSide: number;
  batchSize: number;
  concurrency: number;
  /** Pause between batches, letting sockets, timers and GC settle (ms; default 0). */
  pauseMs?: number;
  /** Called after each batch (warm-up too), outside the timing: e.g. to drop a stand-in's records. */
  afterBatch?: (side: 'a' | 'b') => void;
}

/**
 * Times two sides in alternating batches: A B, B A, A B … (the order flips every round, so neither
 * side always runs straight after the other). Each side's calls get their own running index.
 */
export async function alternate(
  sides: { a: Call; b: Call },
  options: AlternateOptions,
): Promise<{ a: SideResult; b: SideResult }> {
  const results = {
    a: { samples: [], errors: 0, cpuMs: 0, wallMs: 0, loopDelayP99Ms: 0 } as SideResult,
    b: { samples: [], errors: 0, cpuMs: 0, wallMs: 0, loopDelayP99Ms: 0 } as SideResult,
  };
  const index = { a: 0, b: 0 };
  const pause = () => (options.pauseMs ? new Promise((r) => setTimeout(r, options.pauseMs)) : Promise.resolve());

  // Warm-up, also alternated, untimed.
  for (const side of ['a', 'b', 'b', 'a'] as const) {
    const n = Math.ceil(options.warmup / 2);
    const warm = await closedLoop(n, options.concurrency, sides[side], index[side]);
    index[side] += n;
    if (warm.errors > 0) throw new Error(`warm-up of side ${side} failed ${warm.errors}×: ${warm.firstError}`);
    options.afterBatch?.(side);
    await pause();
  }

  const delay = monitorEventLoopDelay({ resolution: 1 });
  const rounds = Math.ceil(options.perSide / options.batchSize);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const side of order) {
      const n = Math.min(options.batchSize, options.perSide - round * options.batchSize);
      const cpu = process.cpuUsage();
      const started = performance.now();
      delay.reset();
      delay.enable();
      const batch = await closedLoop(n, options.concurrency, sides[side], index[side]);
      delay.disable();
      const used = process.cpuUsage(cpu);
      const r = results[side];
      r.wallMs += performance.now() - started;
      r.cpuMs += (used.user + used.system) / 1000;
      r.loopDelayP99Ms = Math.max(r.loopDelayP99Ms, delay.percentile(99) / 1e6);
      for (const s of batch.samples) r.samples.push(s);
      r.errors += batch.errors;
      if (batch.firstError !== undefined) r.firstError ??= batch.firstError;
      index[side] += n;
      options.afterBatch?.(side);
      await pause();
    }
  }
  return results;
}

/**
 * Reports both sides: p50, p90, p99, max, throughput, CPU per call, errors; then the p99 (and p50)
 * ratios of `ours` to `bare`, the p99 one against `target`.
 */
export function reportSideBySide(
  report: Reporter,
  names: { ours: string; bare: string },
  results: { ours: SideResult; bare: SideResult },
  target: Target,
): void {
  for (const [name, r] of [
    [names.ours, results.ours],
    [names.bare, results.bare],
  ] as const) {
    const calls = r.samples.length + r.errors;
    report(`${name}.p50`, percentile(r.samples, 50), 'ms');
    report(`${name}.p90`, percentile(r.samples, 90), 'ms');
    report(`${name}.p99`, percentile(r.samples, 99), 'ms');
    report(`${name}.max`, r.samples.length > 0 ? Math.max(...r.samples) : Number.NaN, 'ms');
    report(`${name}.throughput`, r.wallMs > 0 ? (1000 * r.samples.length) / r.wallMs : Number.NaN, '/s');
    report(`${name}.cpu_per_call`, calls > 0 ? r.cpuMs / calls : Number.NaN, 'ms');
    report(`${name}.loop_delay.p99_worst_batch`, r.loopDelayP99Ms, 'ms');
    report(`${name}.errors`, r.errors, '', { max: 0 });
    if (r.firstError) report.note(`${name}: first error: ${r.firstError}`);
  }
  report.ratio(
    `p50: ${names.ours} / ${names.bare}`,
    percentile(results.ours.samples, 50),
    percentile(results.bare.samples, 50),
  );
  // CPU per call is far less sensitive to a busy machine than tail latency: where the gap comes from.
  const cpuPerCall = (r: SideResult) => r.cpuMs / Math.max(1, r.samples.length + r.errors);
  report.ratio(`cpu_per_call: ${names.ours} / ${names.bare}`, cpuPerCall(results.ours), cpuPerCall(results.bare));
  report.ratio(
    `p99: ${names.ours} / ${names.bare}`,
    percentile(results.ours.samples, 99),
    percentile(results.bare.samples, 99),
    target,
  );
}

// ─── The query mix ─────────────────────────────────────────────────────────────────────────────

export type ActorQueryKind = 'exact' | 'alias' | 'typo';

export interface ActorQuery {
  kind: ActorQueryKind;
  /** What the person types after `actor`. */
  text: string;
  /** The actor the lookup must find. */
  expectId: string;
  expectName: string;
}

/** Every one-character slip (dropped, doubled, swapped with its neighbour, replaced by x) past the 2nd letter. */
function slips(word: string): string[] {
  const out = new Set<string>();
  for (let at = 2; at < word.length - 1; at += 1) {
    out.add(word.slice(0, at) + word.slice(at + 1));
    out.add(word.slice(0, at) + word.charAt(at) + word.slice(at));
    out.add(word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2));
    out.add(`${word.slice(0, at)}x${word.slice(at + 1)}`);
  }
  return [...out];
}

/**
 * The `actor` questions one can ask of a story: every exact name, every alias held by one actor,
 * and typos of names and aliases (6+ letters) that the lookup still resolves to that actor; each
 * checked against the story's own index, so every query has one right answer.
 */
export function actorQueryPool(view: StoryView): Record<ActorQueryKind, ActorQuery[]> {
  const pool: Record<ActorQueryKind, ActorQuery[]> = { exact: [], alias: [], typo: [] };
  const resolvesTo = (text: string, id: string) => {
    const found = view.findActor(text);
    return found.kind === 'found' && found.item.id === id;
  };
  for (const actor of view.story.actors) {
    const base = { expectId: actor.id, expectName: actor.name };
    if (resolvesTo(actor.name, actor.id)) pool.exact.push({ kind: 'exact', text: actor.name, ...base });
    for (const alias of actor.aliases) {
      if (normalizeName(alias) !== normalizeName(actor.name) && resolvesTo(alias, actor.id)) {
        pool.alias.push({ kind: 'alias', text: alias, ...base });
      }
    }
    for (const name of [actor.name, ...actor.aliases].filter((n) => n.length >= 6)) {
      for (const text of slips(name)) {
        const key = normalizeName(text);
        const isSomeName = view.story.actors.some((a) => [a.name, ...a.aliases].some((n) => normalizeName(n) === key));
        if (!isSomeName && resolvesTo(text, actor.id)) pool.typo.push({ kind: 'typo', text, ...base });
      }
    }
  }
  return pool;
}

/** `count` queries cycling exact, alias, typo, each drawn at random from its pool. */
export function actorQueryMix(view: StoryView, count: number, seed: number): ActorQuery[] {
  const pool = actorQueryPool(view);
  const kinds = (['exact', 'alias', 'typo'] as const).filter((k) => pool[k].length > 0);
  if (kinds.length === 0) throw new Error(`story ${view.id} has no actors to ask about`);
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const list = pool[kinds[i % kinds.length] as ActorQueryKind];
    return list[Math.floor(random() * list.length)] as ActorQuery;
  });
}

/** One line describing a query pool, for `report.note`. */
export function describePool(view: StoryView): string {
  const pool = actorQueryPool(view);
  return (
    `story ${view.id}: ${view.story.actors.length} actors, ${view.story.claims.length} claims; ` +
    `query pool ${pool.exact.length} exact names, ${pool.alias.length} aliases, ${pool.typo.length} typos ` +
    '(each checked to resolve to its actor), asked in turn'
  );
}

/** A core on the shipped story in a temporary directory, and everything to close after a run. */
export interface ShippedCoreBench {
  tmp: string;
  core: Core;
  view: StoryView;
  /** Closed in reverse order by `closeAll`. */
  onClose(close: () => Promise<unknown> | unknown): void;
  /** Closes everything; a failure to close is noted in the report, when there is one. */
  closeAll(report?: Reporter): Promise<void>;
}

export async function openShippedCore(prefix: string): Promise<ShippedCoreBench> {
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const tmp = await mkdtemp(path.join(tmpdir(), prefix));
  closers.push(() => rm(tmp, { recursive: true, force: true }));
  const closeAll = async (report?: Reporter) => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        report?.note(`close failed: ${(error as Error).message}`);
      }
    }
  };
  try {
    const core = await createCore({
      briefingsDir: SHIPPED_BRIEFINGS,
      configDir: tmp,
      databaseUrl: `file:${path.join(tmp, 'sitrep.db')}`,
      log: silentLogger,
    });
    closers.push(() => core.close());
    if (core.contentProblems.length > 0) throw new Error('the shipped briefings did not load');
    const view = core.catalog.list()[0];
    if (!view) throw new Error(`no story in ${SHIPPED_BRIEFINGS}`);
    return { tmp, core, view, onClose: (close) => closers.push(close), closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
