import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';
import { type AlertPlannerDeps, alertRequests, planAlerts } from '../src/core/claims/alerts.js';
import { storyHash } from '../src/core/claims/canonical.js';
import { countChanges } from '../src/core/claims/describe.js';
import { diffStories } from '../src/core/claims/diff.js';
import { patchClaim } from '../src/core/claims/yaml-edit.js';
import { DeliveryEngine } from '../src/core/delivery/engine.js';
import { silentLogger } from '../src/core/log.js';
import type { ChannelAddress, ChatAdapter, Platform, PostResult } from '../src/core/ports.js';
import type { Store, TrackingKind } from '../src/core/store.js';
import { parseStory } from '../src/core/story/load.js';
import { CLAIM_STATUSES, type Claim, CONFIDENCES, type Story } from '../src/core/story/schema.js';
import { openStore } from '../src/store/db.js';
import { childEnv } from '../test/support/child-env.js';
import { createRandom, generateStoryObject } from '../test/support/story-generator.js';
import { median, percentile, type Reporter, type Target, timed } from './lib/report.js';

/**
 * Claim tracking (issue #6): (a) the diff of two revisions of a 10,000-claim story, (b) planning one
 * revision's alerts for 1,000 tracking channels, (c) edit saved → alert printed, through the real
 * bot process in the shell adapter.
 */
export const description =
  'revision diff of a 10,000-claim story; alerts planned for 1,000 channels; file edit → shell alert latency';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHIPPED_STORY = path.join(ROOT, 'briefings', 'kim-putin-summit.yaml');
const BIG = { actors: 1_000, claims: 10_000, seed: 11, id: 'bench-claims' } as const;
const CHANGED_SHARE = 0.01;
const DIFF_RUNS = 7;
const CHANNELS = 1_000;
const PLAN_RUNS = 5;
const LATENCY_RUNS = 30;
const LATENCY_WARMUP = 2;

// ── (a) Revision diff ─────────────────────────────────────────────────────────────────────────

/** A later revision of `story`: ~1% of claims changed (one field each, cycling), every claim reordered. */
function reviseStory(story: Story, seed: number): { story: Story; changed: Set<string> } {
  const random = createRandom(seed);
  const claims: Claim[] = story.claims.map((c) => ({ ...c, about: [...c.about], source: [...c.source] }));
  const changed = new Set<string>();
  const want = Math.round(claims.length * CHANGED_SHARE);
  const sourceIds = story.sources.map((s) => s.id);
  const actorIds = story.actors.map((a) => a.id);
  while (changed.size < want) {
    const claim = claims[Math.floor(random() * claims.length)] as Claim;
    if (changed.has(claim.id)) continue;
    switch (changed.size % 6) {
      case 0:
        claim.status = CLAIM_STATUSES.find((s) => s !== claim.status) ?? 'confirmed';
        break;
      case 1:
        claim.confidence = CONFIDENCES.find((c) => c !== claim.confidence) ?? 'high';
        break;
      case 2:
        claim.note = `Updated by the editors (${changed.size}).`;
        break;
      case 3:
        claim.text = `${claim.text.replace(/…$/, '')} (Corrected.)`;
        break;
      case 4:
        claim.source = [...new Set([...claim.source, sourceIds.find((s) => !claim.source.includes(s)) as string])];
        break;
      default:
        claim.about = [...new Set([...claim.about, actorIds.find((a) => !claim.about.includes(a)) as string])];
    }
    changed.add(claim.id);
  }
  // Reorder: a seeded shuffle of the whole list, which alone must change nothing.
  for (let i = claims.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [claims[i], claims[j]] = [claims[j] as Claim, claims[i] as Claim];
  }
  return { story: { ...story, claims }, changed };
}

function yamlOf(story: Story): string {
  return new Document(story).toString({ lineWidth: 0 });
}

function mustParse(text: string, id: string): Story {
  const result = parseStory(text, `${id}.yaml`);
  if (!result.ok) throw new Error(`bench story invalid: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.story;
}

async function benchDiff(report: Reporter, before: Story, after: Story, changed: Set<string>): Promise<void> {
  const diff = diffStories(before, after);
  const found = new Set(diff.claims.map((c) => c.id));
  if (found.size !== changed.size || [...changed].some((id) => !found.has(id)) || countChanges(diff) !== changed.size)
    throw new Error(`the diff found ${found.size} changed claims, expected exactly ${changed.size}`);
  report.note(
    `${before.claims.length} claims, ${changed.size} changed (one field each: status, confidence, note, text, source, about), ` +
      'all reordered; the diff finds exactly those',
  );
  for (let i = 0; i < 2; i += 1) diffStories(before, after);
  const runs: number[] = [];
  for (let i = 0; i < DIFF_RUNS; i += 1) runs.push((await timed(() => diffStories(before, after))).ms);
  report(`diff.10k_claims.median_of_${DIFF_RUNS}`, median(runs), 'ms', { max: 100 });
  report('diff.10k_claims.max', Math.max(...runs), 'ms');

  // As `sitrep diff OLD NEW` and the recorder see it: two YAML files parsed and validated, hashed, diffed.
  const [oldText, newText] = [yamlOf(before), yamlOf(after)];
  const full: number[] = [];
  const hashes: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const run = await timed(() => {
      const a = mustParse(oldText, before.id);
      const b = mustParse(newText, after.id);
      return diffStories(a, b).claims.length;
    });
    if (run.result !== changed.size) throw new Error('parsed diff disagrees');
    full.push(run.ms);
    hashes.push((await timed(() => storyHash(after))).ms);
  }
  report('diff.10k_claims.with_yaml_parse.median_of_3', median(full), 'ms');
  report('hash.10k_claims.median_of_3 (per ingest)', median(hashes), 'ms');
}

// ── (b) Alert planning ────────────────────────────────────────────────────────────────────────

/** Posts nothing and answers at once: only the planning and recording are measured. */
class NullAdapter implements ChatAdapter {
  constructor(readonly platform: Platform) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(): Promise<PostResult> {
    return { ok: true, messageId: 'x' };
  }
}

/** 1,000 channels, half Slack and half Discord: 40% track the story, 30% an actor, 30% a claim. */
async function subscribe(store: Store, story: Story, seed: number): Promise<Record<TrackingKind, number>> {
  const random = createRandom(seed);
  const counts: Record<TrackingKind, number> = { story: 0, actor: 0, claim: 0 };
  for (let i = 0; i < CHANNELS; i += 1) {
    const channel = (
      i % 2 === 0 ? `slack:CB${String(i).padStart(6, '0')}` : `discord:4000000000${String(i).padStart(8, '0')}`
    ) as ChannelAddress;
    const roll = random();
    const kind: TrackingKind = roll < 0.4 ? 'story' : roll < 0.7 ? 'actor' : 'claim';
    const target =
      kind === 'story'
        ? story.id
        : kind === 'actor'
          ? (story.actors[Math.floor(random() * story.actors.length)]?.id as string)
          : (story.claims[Math.floor(random() * story.claims.length)]?.id as string);
    await store.tracking.add({ channel, kind, target, story: story.id, createdBy: 'bench' });
    counts[kind] += 1;
  }
  return counts;
}

async function benchPlanning(
  report: Reporter,
  label: string,
  texts: [string, string],
  storyId: string,
  target?: Target,
): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-bench-claims-'));
  const store = await openStore(`file:${path.join(dir, 'sitrep.db')}`);
  const engine = new DeliveryEngine({
    store,
    adapters: new Map<Platform, ChatAdapter>([
      ['slack', new NullAdapter('slack')],
      ['discord', new NullAdapter('discord')],
    ]),
    limits: {
      slackWorkspacePerMinute: 10_000_000,
      channelIntervalMs: { slack: 0, discord: 0, shell: 0 },
      concurrency: { slack: 64, discord: 64, shell: 4 },
    },
  });
  try {
    const [a, b] = [mustParse(texts[0], storyId), mustParse(texts[1], storyId)];
    const counts = await subscribe(store, a, 5);
    const deps: AlertPlannerDeps = {
      store,
      deliverer: engine,
      clock: { now: () => new Date() },
      log: silentLogger,
      configTracking: [],
    };
    const add = (text: string, story: Story, planned: boolean) =>
      store.revisions.add({
        story: storyId,
        hash: storyHash(story),
        content: text,
        author: 'bench',
        via: 'file',
        alertsPlanned: planned,
      });
    await add(texts[0], a, true);

    // Building the requests: diff, subscriptions from the store, each channel's share, messages.
    const probe = await add(texts[1], b, true);
    const requests = await alertRequests(deps, probe, a, b);
    report.note(
      `${label}: ${CHANNELS} channels (${counts.story} story, ${counts.actor} actor, ${counts.claim} claim subscriptions); ` +
        `${requests.length} get an alert`,
    );
    const build: number[] = [];
    for (let i = 0; i < PLAN_RUNS; i += 1) build.push((await timed(() => alertRequests(deps, probe, a, b))).ms);
    report(`plan.${label}.1000ch.build_requests.median_of_${PLAN_RUNS}`, median(build), 'ms');

    // planAlerts as the recorder runs it: the stored revisions read back and parsed, diffed, each
    // alert recorded in the delivery log (SQLite) by the delivery engine, the revision marked planned.
    const plans: number[] = [];
    for (let i = 0; i < PLAN_RUNS; i += 1) {
      const [text, story] = i % 2 === 0 ? [texts[0], a] : [texts[1], b];
      const revision = await add(text, story, false);
      const run = await timed(() => planAlerts(deps, revision));
      if (run.result !== requests.length) throw new Error(`planned ${run.result} alerts, expected ${requests.length}`);
      plans.push(run.ms);
      await engine.whenIdle();
    }
    // Recording alone: the same requests handed to the delivery engine (one row each in SQLite).
    const records: number[] = [];
    for (let i = 0; i < PLAN_RUNS; i += 1) {
      const [text, story, base] = i % 2 === 0 ? [texts[1], b, a] : [texts[0], a, b];
      const revision = await add(text, story, true);
      const prepared = await alertRequests(deps, revision, base, story);
      records.push((await timed(() => engine.enqueue(prepared))).ms);
      await engine.whenIdle();
    }
    report(`plan.${label}.1000ch.record_only.median_of_${PLAN_RUNS}`, median(records), 'ms');
    report(
      `plan.${label}.1000ch.planAlerts_recorded.median_of_${PLAN_RUNS}`,
      median(plans),
      'ms',
      ...(target ? [target] : []),
    );
  } finally {
    await engine.stop(1_000);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// ── (c) Edit saved → alert printed, through the shell ────────────────────────────────────────

class ShellBot {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      this.stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      this.stderr += c;
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }
  async waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstderr:\n${this.stderr.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  /** Times (epoch ms) of pino lines with this message. */
  logTimes(msg: string): number[] {
    return this.stderr
      .split('\n')
      .filter((l) => l.includes(`"msg":"${msg}"`))
      .map((l) => (JSON.parse(l) as { time: number }).time);
  }
}

async function benchShellLatency(report: Reporter): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-bench-shell-'));
  const briefings = path.join(dir, 'briefings');
  const config = path.join(dir, 'config');
  await mkdir(briefings);
  await mkdir(config);
  const file = path.join(briefings, 'kim-putin-summit.yaml');
  await copyFile(SHIPPED_STORY, file);
  const bot = new ShellBot(
    spawn(process.execPath, [path.join(ROOT, 'bin', 'sitrep.js'), 'start'], {
      cwd: ROOT,
      stdio: 'pipe',
      env: childEnv({
        DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
        BRIEFINGS_DIR: briefings,
        CONFIG_DIR: config,
        LOG_LEVEL: 'info',
      }),
    }),
  );
  try {
    bot.child.stdin.write('/sitrep track story kim-putin-summit\n');
    await bot.waitFor(() => bot.stdout.includes('now gets an alert'), 'the track command to be answered');
    // Answered commands mean the shell is up; the watcher starts after the shell: wait for it too.
    await bot.waitFor(
      () => bot.stderr.includes('"msg":"sitrep started"') || bot.stderr.includes('"msg":"watching story files"'),
      'the watcher',
    );
    const claim = 'kim-to-visit-russia';
    const samples: number[] = [];
    const toRevision: number[] = [];
    let text = await readFile(file, 'utf8');
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_RUNS; i += 1) {
      const status = i % 2 === 0 ? 'confirmed' : 'reported';
      const expected = `[shell:local] Kim Jong Un's expected visit to Russia: ${claim} is now ${status}`;
      const from = bot.stdout.length;
      const revisionsBefore = bot.logTimes('story revision recorded').length;
      text = patchClaim(text, claim, { status });
      await writeFile(file, text);
      const savedAt = Date.now();
      const saved = performance.now();
      await bot.waitFor(
        () => {
          const out = bot.stdout.slice(from);
          return out.includes(expected);
        },
        `the alert for edit ${i + 1}`,
        10_000,
      );
      const ms = performance.now() - saved;
      if (i >= LATENCY_WARMUP) {
        samples.push(ms);
        const recorded = bot.logTimes('story revision recorded')[revisionsBefore];
        if (recorded !== undefined) toRevision.push(recorded - savedAt);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    report.note(
      `${LATENCY_RUNS} edits (after ${LATENCY_WARMUP} warm-up) of ${claim}'s status, written to the story file; ` +
        'timed from the write to the alert on the bot’s stdout (includes the watcher’s 300 ms debounce)',
    );
    report('edit_to_alert.p50', percentile(samples, 50), 'ms', { max: 2000 });
    report('edit_to_alert.p99', percentile(samples, 99), 'ms', { max: 2000 });
    report('edit_to_alert.max', Math.max(...samples), 'ms');
    if (toRevision.length > 0)
      report('edit_to_revision_recorded.p50 (watch + debounce + parse)', percentile(toRevision, 50), 'ms');
    bot.child.stdin.end();
    const code = await Promise.race([
      bot.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
    ]);
    if (code !== 0) report.note(`the bot exited with ${code} when its input ended`);
  } finally {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

// ── Run ───────────────────────────────────────────────────────────────────────────────────────

export async function run(report: Reporter): Promise<void> {
  const before = generateStoryObject(BIG);
  const { story: after, changed } = reviseStory(before, BIG.seed + 1);
  await benchDiff(report, before, after, changed);

  const shipped = await readFile(SHIPPED_STORY, 'utf8');
  const edited = patchClaim(shipped, 'kim-to-visit-russia', { status: 'confirmed', note: 'The meeting was held.' });
  await benchPlanning(report, 'shipped_story.one_claim', [shipped, edited], 'kim-putin-summit', { max: 2000 });
  await benchPlanning(report, '10k_story.1pct_claims', [yamlOf(before), yamlOf(after)], BIG.id);

  await benchShellLatency(report);
}
