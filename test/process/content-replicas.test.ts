import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertId } from '../../src/core/claims/alerts.js';
import { storyOfRevision } from '../../src/core/claims/revisions.js';
import type { ChannelAddress } from '../../src/core/ports.js';
import { runSitrep } from '../integration/cli/spawn.js';
import { childEnv } from '../support/child-env.js';
import { freshPostgresSchemaUrl, freshSqlite } from '../support/databases.js';
import { type BotProcess, startBotProcess } from './bot-process.js';
import { useBotWorld } from './bot-world.js';
import {
  type BotFiles,
  botEnvFor,
  channelId,
  messagesIn,
  messagesOf,
  postgresAvailable,
  SIGNING_SECRET,
  waitUntil,
} from './fanout-harness.js';

/**
 * Issue 12 with real processes: story content lives in the database. Replica A writes back its
 * copy of `briefings/`; replica B's copy is on a read-only mount (BRIEFINGS_WRITEBACK=false), so
 * it stays as B last saw it: the stale copy every restart must leave alone, and the base of B's
 * file edits (a three-way merge). On SQLite, the same cases through one process.
 */

const STORY = 'kim-putin-summit';
const CLAIM = 'kim-to-visit-russia';
const TRACKER = 'slack:C0TRACK01' as ChannelAddress;
const ADMIN_CHANNEL = 'slack:C0ADMIN01' as ChannelAddress;
const EDITOR = 'U0EDITOR';
const READY_MS = 60_000;

interface Replica {
  bot: BotProcess;
  files: BotFiles;
}

async function configure(files: BotFiles): Promise<void> {
  const config = path.join(files.configDir, 'sitrep.yaml');
  const text = await readFile(config, 'utf8');
  await writeFile(
    config,
    `${text}adminChannel: "${ADMIN_CHANNEL}"\ntracking:\n  - channel: "${TRACKER}"\n    track: claim ${CLAIM}\n`,
  );
}

/** A story's text with one field of CLAIM set (the claim's own line for it). */
function withClaimField(text: string, field: string, value: string): string {
  const changed = text.replace(new RegExp(`(id: ${CLAIM}\\n[\\s\\S]*?\\n\\s+${field}: )\\S+`), `$1${value}`);
  if (changed === text) throw new Error(`no ${field} of ${CLAIM} in the text`);
  return changed;
}

const cases = [
  { name: 'postgres', available: postgresAvailable, fresh: () => freshPostgresSchemaUrl() },
  { name: 'sqlite', available: true, fresh: freshSqlite },
] as const;

for (const { name, available, fresh } of cases) {
  describe.skipIf(!available)(`story content in the database (${name}, real processes)`, () => {
    const world = useBotWorld(fresh);

    /** A copy of the files, configured for these cases (the tracker and admin channel). */
    async function filesFor(): Promise<BotFiles> {
      const files = await world.moreFiles();
      await configure(files);
      return files;
    }

    async function start(files: BotFiles, instance: string, writeback: boolean): Promise<Replica> {
      const env = {
        ...botEnvFor(world.platforms, files, world.database.url, instance),
        ADMINS: `slack:${EDITOR}`,
        BRIEFINGS_WRITEBACK: String(writeback),
      };
      return { bot: await startBotProcess({ env, readyTimeoutMs: READY_MS }), files };
    }

    /** A /sitrep command through one replica's Slack endpoint; the (possibly deferred) answer's text. */
    async function command(replica: Replica, text: string): Promise<string> {
      const { platforms } = world;
      const res = await platforms.slack.sendSlashCommand({
        url: `${replica.bot.url}/slack/events`,
        signingSecret: SIGNING_SECRET,
        channelId: 'C0EDITS01',
        userId: EDITOR,
        text,
      });
      const answers = () =>
        platforms.slack.responses.filter((r) => r.responseId === res.responseId && JSON.stringify(r.body).length > 2);
      await waitUntil(
        () => answers().some((r) => /Updated|Not changed|No change|confidence|Claim/i.test(JSON.stringify(r.body))),
        `an answer to "${text}"`,
        15_000,
        20,
      );
      return answers()
        .map((r) => JSON.stringify(r.body))
        .join('\n');
    }

    /** The claim card's Confidence field (its history lists earlier values as "confidence: a → b"). */
    async function confidenceServedBy(replica: Replica): Promise<string> {
      const answer = await command(replica, `claim ${CLAIM}`);
      return /\*Confidence\*\\n(\w+)/.exec(answer)?.[1] ?? '?';
    }

    function briefingsOf(files: BotFiles, instance: string): string {
      return path.join(files.configDir, `briefings-${instance}`);
    }

    /** The environment of a `sitrep` command run next to the replicas (its own empty briefings folder). */
    function cliEnv(files: BotFiles, instance: string): NodeJS.ProcessEnv {
      return childEnv({
        DATABASE_URL: world.database.url,
        BRIEFINGS_DIR: briefingsOf(files, instance),
        CONFIG_DIR: files.configDir,
        SITREP_INSTANCE: instance,
      });
    }

    async function latestId(): Promise<number> {
      return (await world.store.revisions.latest(STORY))?.id ?? 0;
    }

    async function sentAlerts(revision: number): Promise<number> {
      await waitUntil(
        async () => (await world.store.deliveries.get(alertId(revision, TRACKER)))?.status === 'sent',
        `the alert of revision ${revision} to be sent`,
        15_000,
        50,
      );
      return messagesOf(world.platforms, TRACKER, alertId(revision, TRACKER));
    }

    it('a set through one replica is served by the other within 2 s and alerted once; a stale copy changes nothing; file edits merge or are refused', async () => {
      const { platforms, store } = world;
      const filesA = await filesFor();
      const filesB = await filesFor();
      const staleB = await readFile(path.join(filesB.briefingsDir, `${STORY}.yaml`), 'utf8');
      // On SQLite one process does both: its copy is the read-only one.
      const replicated = name === 'postgres';
      const b = await start(filesB, 'content-b', false);
      const a = replicated ? await start(filesA, 'content-a', true) : b;

      // 1. A set through A, served by B.
      const answered = Date.now();
      expect(await command(a, `set ${CLAIM} confidence=high`)).toContain('Updated kim-to-visit-russia');
      const first = await latestId();
      await waitUntil(
        async () => (await confidenceServedBy(b)) === 'high',
        'B to serve the change',
        2_000,
        20,
        () => command(b, `claim ${CLAIM}`),
      );
      const servedInMs = Date.now() - answered;
      expect(await sentAlerts(first)).toBe(1);
      expect(messagesIn(platforms, TRACKER)).toBe(1);
      if (replicated) {
        // A's copy is rewritten in place, comments kept.
        const fileA = await readFile(path.join(filesA.briefingsDir, `${STORY}.yaml`), 'utf8');
        expect(fileA).toMatch(/confidence: high/);
        expect(fileA).toContain('# ');
      }

      // 2. Two changes of the same field at the same moment, by two processes, against the same
      // base revision (a chat set has no base of its own: it edits what its replica serves after
      // reading the database, so two of them only race by chance; `sitrep import --base` states
      // the base the editor started from): one wins, the other is refused naming the field, the
      // value now, who and when.
      const baseText = (await store.revisions.get(first))?.content ?? '';
      const imports = await Promise.all(
        [
          { user: 'ana', status: 'confirmed' },
          { user: 'ben', status: 'denied' },
        ].map(async ({ user, status }) => {
          const file = path.join(filesA.configDir, user, `${STORY}.yaml`);
          await mkdir(path.dirname(file));
          await writeFile(file, withClaimField(baseText, 'status', status));
          const env = { ...cliEnv(filesA, `cli-${user}`), USER: user };
          await mkdir(briefingsOf(filesA, `cli-${user}`));
          return runSitrep(['import', file, '--base', String(first)], { env, timeoutMs: 60_000 });
        }),
      );
      const results = imports.map((r) => r.stdout + r.stderr);
      expect(
        results.filter((t) => t.includes(`${STORY}: stored as revision ${first + 1}`)),
        results.join('\n---\n'),
      ).toHaveLength(1);
      const loser = results.find((t) => t.includes('not stored')) ?? results.join('\n');
      const winner = await store.revisions.latest(STORY);
      const winning = winner && storyOfRevision(winner)?.claims.find((c) => c.id === CLAIM)?.status;
      // The time in ISO 8601, to the second.
      const wonAt = winner?.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(loser).toContain(
        `claims.${CLAIM}.status: now "${winning}", set by ${winner?.author} (import) in revision ${winner?.id} at ${wonAt}`,
      );
      expect(winner?.id).toBe(first + 1);

      // Two sets of different fields at the same moment: both kept, whichever was stored first.
      const both = await Promise.all([
        command(a, `set ${CLAIM} note="Set through A"`),
        command(b, `set ${CLAIM} text="Kim Jong Un is set to visit Russia."`),
      ]);
      for (const answer of both) expect(answer).toContain('Updated kim-to-visit-russia');
      const second = await latestId();
      expect(second).toBe(first + 3);
      const kept = await store.revisions.latest(STORY);
      expect(kept && storyOfRevision(kept)?.claims.find((c) => c.id === CLAIM)).toMatchObject({
        note: 'Set through A',
        text: 'Kim Jong Un is set to visit Russia.',
      });

      // 3. B restarted with its stale copy (read-only: still the file as first shipped): no change.
      await b.bot.stop();
      expect(await readFile(path.join(filesB.briefingsDir, `${STORY}.yaml`), 'utf8')).toBe(staleB);
      const b2 = await start(filesB, 'content-b', false);
      const served = replicated ? a : b2;
      expect(await latestId()).toBe(second);
      expect(await confidenceServedBy(b2)).toBe('high');

      // 4. The same field edited in B's stale file: refused, reported with both values.
      const fileB = path.join(filesB.briefingsDir, `${STORY}.yaml`);
      const reportsBefore = messagesIn(platforms, ADMIN_CHANNEL);
      await writeFile(
        fileB,
        staleB.replace(/(id: kim-to-visit-russia[\s\S]*?)confidence: medium/, '$1confidence: low'),
      );
      await waitUntil(() => messagesIn(platforms, ADMIN_CHANNEL) > reportsBefore, 'the conflict report', 10_000, 50);
      const report = JSON.stringify(platforms.slack.history(channelId(ADMIN_CHANNEL)).at(-1));
      expect(report).toContain(`claims.${CLAIM}.confidence`);
      expect(report).toMatch(/file says low; now \\"high\\", set by/);
      expect(await latestId()).toBe(second);
      expect(await confidenceServedBy(served)).toBe('high');
      // Reported, not overwritten: the editor's file still holds their edit.
      expect(await readFile(fileB, 'utf8')).toMatch(/confidence: low/);

      // 5. A different field of the same file: merged on top of the latest, served by A.
      await writeFile(fileB, staleB.replace(/(id: kim-to-visit-russia[\s\S]*?)hedging: hedged/, '$1hedging: firm'));
      await waitUntil(async () => (await latestId()) > second, 'the file edit to be stored', 10_000, 50);
      const merged = await store.revisions.latest(STORY);
      expect(merged).toMatchObject({ via: 'file', parentId: second });
      const claim = merged && storyOfRevision(merged)?.claims.find((c) => c.id === CLAIM);
      expect(claim).toMatchObject({ hedging: 'firm', confidence: 'high' });
      await waitUntil(async () => /firm/.test(await command(served, `claim ${CLAIM}`)), 'A to serve it', 5_000, 50);
      expect(await sentAlerts(merged?.id ?? 0)).toBe(1);
      console.info(`content (${name}): a set through A was served by B ${servedInMs} ms after A answered`);
    }, 240_000);

    it('SIGKILL during a change: the change is stored whole or not at all, and served everywhere', async () => {
      const { platforms, store } = world;
      const files = await filesFor();
      const a = await start(files, 'content-a', true);
      const other = name === 'postgres' ? await start(await filesFor(), 'content-b', true) : undefined;
      const before = await latestId();
      // The request dies with the bot: its rejection is expected, and handled from the start (a
      // handler attached only after the kill leaves an unhandled rejection in between).
      const sent = platforms.slack
        .sendSlashCommand({
          url: `${a.bot.url}/slack/events`,
          signingSecret: SIGNING_SECRET,
          channelId: 'C0EDITS01',
          userId: EDITOR,
          text: `set ${CLAIM} note="Killed half-way through"`,
        })
        .catch(() => undefined);
      // Killed while the set is under way (read, validated, stored or planned: wherever it is).
      await new Promise((r) => setTimeout(r, 40));
      a.bot.kill('SIGKILL');
      await a.bot.waitForExit();
      await sent;
      const revisions = await store.revisions.list(STORY);
      // Every stored revision is whole: its text and its story agree.
      for (const revision of revisions) expect(storyOfRevision(revision)).toBeDefined();
      const stored = revisions[0]?.id !== before;
      const restarted = await start(files, 'content-a', true);
      for (const replica of [restarted, ...(other ? [{ bot: other.bot, files }] : [])]) {
        const note = await command(replica, `claim ${CLAIM}`);
        expect(note.includes('Killed half-way through')).toBe(stored);
      }
      if (stored) expect(await sentAlerts(revisions[0]?.id ?? 0)).toBe(1);
      console.info(`content (${name}): the change killed half-way was ${stored ? 'stored whole' : 'not stored'}`);
    }, 240_000);
  });
}
