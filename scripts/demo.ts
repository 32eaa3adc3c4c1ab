/**
 * `npm run demo` (= `node --import tsx scripts/demo.ts`): a scripted session in the shell adapter.
 *
 * Copies the shipped story to a temporary directory, starts the real bot (`bin/sitrep.js start`, no
 * platform credentials, so the shell adapter on piped stdin/stdout), tracks the story, asks for the
 * headline briefing, then applies what happened next (scripts/demo-update.yaml): one save of the
 * story file, as an editor would, and `/sitrep set` lines typed by an admin. The alerts appear as
 * the bot prints them; `/sitrep claim …` then shows a claim's history. Never touches `briefings/`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isScalar, isSeq, parse, parseDocument, visit } from 'yaml';
import { type ClaimPatch, patchClaim } from '../src/core/claims/yaml-edit.js';
import { formatProblem, parseStory } from '../src/core/story/load.js';
import { childEnv } from '../test/support/child-env.js';
import { build } from './build.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const UPDATE_FILE = path.join(ROOT, 'scripts', 'demo-update.yaml');
const STEP_TIMEOUT_MS = 20_000;

interface DemoUpdate {
  story: string;
  file: {
    set?: Record<string, string>;
    sources?: Array<Record<string, unknown>>;
    claims?: {
      add?: Array<{ after?: string; claim: Record<string, unknown> }>;
      change?: Record<string, ClaimPatch>;
    };
    timeline?: Array<Record<string, unknown>>;
  };
  chat: string[];
}

const tty = process.stdout.isTTY === true;
const style = (code: string, text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);

function narrate(text: string): void {
  process.stdout.write(`\n${style('1;36', `▶ ${text}`)}\n\n`);
}

// ── Editing the story file as a person would: only the lines that change ───────────────────────

/** One list item as YAML lines at `indent`: id lists in flow style, dates quoted. */
function itemYaml(item: Record<string, unknown>, indent: number): string {
  const doc = new Document([item]);
  visit(doc, {
    Seq(_, seq) {
      if (seq !== doc.contents && seq.items.every(isScalar)) seq.flow = true;
    },
    Scalar(_, scalar) {
      if (typeof scalar.value !== 'string') return;
      if (/^\d{4}(-\d{2}){0,2}$/.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
      else if (scalar.value.length > 70) scalar.type = 'BLOCK_FOLDED';
    },
  });
  const text = doc.toString({ lineWidth: 90, flowCollectionPadding: false });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${' '.repeat(indent)}${line}\n`)
    .join('');
}

/** Inserts `items` into the top-level list `key`: at its end, or after the item with id `after`. */
function insertItems(text: string, key: string, items: Array<Record<string, unknown>>, after?: string): string {
  const doc = parseDocument(text);
  const seq = doc.get(key, true);
  if (!isSeq(seq) || !seq.range || seq.flow) throw new Error(`the story file has no block list "${key}"`);
  const nodes = seq.items as Array<{ range?: [number, number, number]; get?(k: string): unknown }>;
  const first = nodes[0]?.range?.[0];
  const indent = first === undefined ? 2 : first - text.lastIndexOf('\n', first) - 1 - 2;
  let at = seq.range[1];
  if (after !== undefined) {
    const anchor = nodes.find((n) => n.get?.('id') === after);
    if (!anchor?.range) throw new Error(`no ${key} item "${after}" in the story file`);
    at = anchor.range[2];
  }
  const inserted = items.map((item) => itemYaml(item, indent)).join('');
  return `${text.slice(0, at)}${inserted}${text.slice(at)}`;
}

/** Replaces a scalar at a dotted path (`asOf`, `summary.headline`) keeping its style. */
function setScalar(text: string, dotted: string, value: string): string {
  const doc = parseDocument(text);
  const node = doc.getIn(dotted.split('.'), true);
  if (!isScalar(node) || !node.range) throw new Error(`the story file has no "${dotted}"`);
  const [start, end] = node.range;
  const original = text.slice(start, end);
  let written: string;
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
    // `>-` followed by the text wrapped at ~90 columns, indented as the text it replaces.
    const pad = /\n( +)/.exec(original)?.[1] ?? '  ';
    const words = value.split(/\s+/);
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      if (line && line.length + word.length + 1 > 88) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    const header = original.slice(0, original.indexOf('\n'));
    written = `${header}\n${lines.map((l) => `${pad}${l}`).join('\n')}\n`;
    // The original block ran to the start of the next key: keep what follows it.
    return `${text.slice(0, start)}${written}${text.slice(end).replace(/^\n/, '')}`;
  }
  written = node.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
  return `${text.slice(0, start)}${written}${text.slice(end)}`;
}

function applyFileUpdate(text: string, update: DemoUpdate['file']): string {
  for (const [dotted, value] of Object.entries(update.set ?? {})) text = setScalar(text, dotted, value);
  if (update.sources?.length) text = insertItems(text, 'sources', update.sources);
  for (const { after, claim } of update.claims?.add ?? []) text = insertItems(text, 'claims', [claim], after);
  for (const [id, patch] of Object.entries(update.claims?.change ?? {})) text = patchClaim(text, id, patch);
  if (update.timeline?.length) text = insertItems(text, 'timeline', update.timeline);
  return text;
}

// ── The bot in the shell ───────────────────────────────────────────────────────────────────

class ShellSession {
  private out = '';
  private err = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.out += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.err += chunk;
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get printed(): number {
    return this.out.length;
  }

  /** Waits until everything printed since `from` satisfies `check`. */
  async waitFor(from: number, check: (since: string) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!check(this.out.slice(from))) {
      if (this.child.exitCode !== null) throw new Error(`the bot exited early while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  logged(msg: string): boolean {
    return this.err.includes(`"msg":"${msg}"`);
  }

  /** Types a line as a user would, echoing it, and waits for what it should print. */
  async type(line: string, done: (since: string) => boolean, what = line): Promise<void> {
    process.stdout.write(`${style('2', 'sitrep>')} ${line}\n`);
    const from = this.printed;
    this.child.stdin.write(`${line}\n`);
    await this.waitFor(from, done, what);
  }

  /** Problems the bot logged (warnings and errors), for when something goes wrong. */
  get problems(): string {
    return this.err
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l))
      .join('\n');
  }
}

/** The environment of a fresh terminal: no platform credentials, Sitrep's variables our own. */
const alertCount = (text: string) => text.split('\n[shell:local] ').length - 1;

async function main(): Promise<number> {
  const started = Date.now();
  const update = parse(await readFile(UPDATE_FILE, 'utf8')) as DemoUpdate;
  if (!Array.isArray(update.chat) || update.chat.some((line) => typeof line !== 'string'))
    throw new Error(`${UPDATE_FILE}: "chat" must be a list of command lines (quote lines holding ": ")`);
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-demo-'));
  const briefings = path.join(dir, 'briefings');
  const config = path.join(dir, 'config');
  await mkdir(briefings);
  await mkdir(config);
  const file = path.join(briefings, `${update.story}.yaml`);
  const shipped = path.join(ROOT, 'briefings', `${update.story}.yaml`);
  const shippedText = await readFile(shipped, 'utf8');
  await copyFile(shipped, file);

  await build(); // the bot runs dist/, as `npm start` does
  narrate(`Starting Sitrep in the shell adapter on a copy of briefings/${update.story}.yaml (in ${dir})`);
  const session = new ShellSession(
    spawn(process.execPath, [path.join(ROOT, 'bin', 'sitrep.js'), 'start'], {
      cwd: ROOT,
      stdio: 'pipe',
      env: childEnv({
        DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
        BRIEFINGS_DIR: briefings,
        CONFIG_DIR: config,
        // Logs go to stderr, which the demo keeps to itself; info shows when the watcher is ready.
        LOG_LEVEL: 'info',
      }),
    }),
  );
  try {
    narrate('This channel (the terminal, shell:local) subscribes to alerts for the whole story');
    await session.type(`/sitrep track story ${update.story}`, (s) => s.includes('now gets an alert'));

    narrate('The headline briefing, as it stands on 5 September 2023');
    await session.type('/sitrep brief headline', (s) => /tracked claims/.test(s));

    const watching = Date.now() + STEP_TIMEOUT_MS;
    while (!session.logged('watching story files') && Date.now() < watching)
      await new Promise((r) => setTimeout(r, 10));

    narrate(
      'What happened next. An editor saves the story file in one go: the meeting took place on 13 September 2023 ' +
        'at the Vostochny Cosmodrome, not in Vladivostok (that claim is now outdated); a new source, a new claim ' +
        '(meeting-held-at-vostochny), a timeline entry and a new headline. The bot sees the save and alerts:',
    );
    const edited = applyFileUpdate(await readFile(file, 'utf8'), update.file);
    const check = parseStory(edited, file);
    if (!check.ok) throw new Error(`the updated story is invalid:\n${check.problems.map(formatProblem).join('\n')}`);
    let from = session.printed;
    await writeFile(file, edited);
    await session.waitFor(
      from,
      (s) => alertCount(s) >= 1 && s.includes('meeting-held-at-vostochny') && s.endsWith('\n'),
      'the alert for the file edit',
    );
    await new Promise((r) => setTimeout(r, 100));

    narrate('An admin confirms two more claims from chat (the shell user is an admin); each change alerts too');
    for (const line of update.chat) {
      const claim = line.split(/\s+/)[1] ?? '';
      from = session.printed;
      await session.type(
        `/sitrep ${line}`,
        (s) => s.includes('Saved as revision') && s.includes(`[shell:local] `) && s.includes(`${claim} is now`),
        `the answer and the alert for "${line}"`,
      );
      await new Promise((r) => setTimeout(r, 100));
    }

    narrate('Each claim keeps its history');
    await session.type('/sitrep claim kim-to-visit-russia', (s) => s.includes('History') && /\n\n$/.test(s));
    await session.type('/sitrep claim meeting-in-vladivostok', (s) => s.includes('History') && /\n\n$/.test(s));

    narrate('And the briefing now');
    await session.type('/sitrep brief headline', (s) => /tracked claims/.test(s) && /\n\n$/.test(s));

    session.child.stdin.end();
    const code = await Promise.race([
      session.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000)),
    ]);
    if (code !== 0) throw new Error(`the bot did not exit cleanly when its input ended (${code})`);
    if ((await readFile(shipped, 'utf8')) !== shippedText) throw new Error(`${shipped} changed during the demo`);
    narrate(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s; briefings/ was not touched.`);
    return 0;
  } catch (error) {
    process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (session.problems) process.stderr.write(`bot warnings and errors:\n${session.problems}\n`);
    return 1;
  } finally {
    if (session.child.exitCode === null && session.child.signalCode === null) session.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
