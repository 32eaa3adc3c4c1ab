import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '../compose.js';
import { latestClaimReviews } from '../core/claims/claim-review.js';
import { storyOfRevision } from '../core/claims/revisions.js';
import { changedSince } from '../core/content/conflict-text.js';
import type { ApplyOutcome, ContentOrigin } from '../core/content/types.js';
import { formatContentProblem } from '../core/content/validate.js';
import { writeFileAtomically } from '../core/content/write-file.js';
import type { Revision } from '../core/store.js';
import { formatProblem, parseStory } from '../core/story/load.js';

/** `sitrep export`, `import` and `new`: story content in the database, to and from files (ADR 0041). */

export interface CliResult {
  exitCode: number;
  output: string;
}

function cliOrigin(via: ContentOrigin['via'], reference?: string): ContentOrigin {
  return { author: `cli:${process.env.USER ?? 'cli'}`, via, ...(reference ? { reference } : {}) };
}

/** Words for an outcome of the write path, and the exit code (1 when nothing was stored). */
export function describeOutcome(story: string, outcome: ApplyOutcome): CliResult {
  switch (outcome.kind) {
    case 'applied':
      return {
        exitCode: 0,
        output: `${story}: stored as revision ${outcome.revision.id} (${outcome.changed.join(', ')})`,
      };
    case 'unchanged':
      return { exitCode: 0, output: `${story}: no change (revision ${outcome.revision.id} already says this)` };
    case 'pending':
      return {
        exitCode: 0,
        output: `${story}: held for an admin (${outcome.pending.reason}); "/sitrep confirm ${outcome.pending.id}" publishes it`,
      };
    case 'invalid':
      return { exitCode: 1, output: `${story}: not stored:\n${outcome.problems.map(formatContentProblem).join('\n')}` };
    case 'conflict':
      return {
        exitCode: 1,
        output: `${story}: not stored, changed elsewhere since its base:\n${outcome.conflicts
          .map((c) => `${c.field}: ${changedSince(c)}`)
          .join('\n')}`,
      };
  }
}

export type ExportFormat = 'yaml' | 'claimreview';

/** A stored revision in an export format: its YAML as written, or its claims as ClaimReview JSON-LD. */
async function exported(core: Core, revision: Revision, format: ExportFormat): Promise<string> {
  if (format === 'yaml') return revision.content;
  const { claimReview } = core.config;
  const reviews = await latestClaimReviews({ store: core.store, history: core.claims.history }, revision.story, {
    publisher: { name: claimReview.publisher, url: claimReview.publisherUrl },
  });
  return `${JSON.stringify(reviews?.document ?? {}, null, 2)}\n`;
}

/** The latest revision of one story (or of each): to stdout, or a file per story in `out`. */
export async function runExport(
  core: Core,
  story: string | undefined,
  out: string | undefined,
  format: ExportFormat = 'yaml',
): Promise<CliResult> {
  const heads = await core.store.revisions.heads();
  const chosen = story === undefined ? heads : heads.filter((h) => h.story === story);
  if (chosen.length === 0)
    return { exitCode: 1, output: story ? `No story "${story}" in the database.` : 'No story in the database yet.' };
  if (!out) {
    if (chosen.length > 1)
      return {
        exitCode: 1,
        output: `Several stories (${chosen.map((h) => h.story).join(', ')}): name one or give --out DIR.`,
      };
    const revision = await core.store.revisions.get(chosen[0]?.id ?? 0);
    if (!revision) return { exitCode: 1, output: `No story "${story}" in the database.` };
    return { exitCode: 0, output: (await exported(core, revision, format)).replace(/\n$/, '') };
  }
  // A folder that is not there yet is made, as `git` or `cp -r` would; one that cannot be is said plainly.
  const made = await mkdir(out, { recursive: true }).then(
    () => undefined,
    (error: NodeJS.ErrnoException) =>
      `Cannot write to ${out}: ${error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'it is a file, not a folder' : error.message}`,
  );
  if (made) return { exitCode: 1, output: made };
  const written: string[] = [];
  for (const head of chosen) {
    const revision = await core.store.revisions.get(head.id);
    if (!revision) continue;
    const file = path.join(out, `${head.story}.${format === 'yaml' ? 'yaml' : 'jsonld'}`);
    await writeFileAtomically(file, await exported(core, revision, format));
    written.push(`${file} (revision ${revision.id})`);
  }
  return { exitCode: 0, output: `Wrote ${written.join(', ')}` };
}

/**
 * A story file applied through the write path as a whole story, on the latest revision (or on
 * `base`, for a file edited from an older export: then it merges like a file edit).
 */
export async function runImport(core: Core, file: string, base: number | undefined): Promise<CliResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { exitCode: 1, output: `Cannot read ${file}: ${(error as Error).message}` };
  }
  const parsed = parseStory(text, file);
  if (!parsed.ok) return { exitCode: 1, output: parsed.problems.map(formatProblem).join('\n') };
  const story = parsed.story.id;
  const latest = await core.store.revisions.latest(story);
  const outcome = await core.claims.content.apply({
    story,
    baseRevision: base ?? latest?.id ?? null,
    origin: cliOrigin('import', path.basename(file)),
    edits: [{ op: 'replace', story: parsed.story, text }],
    text,
  });
  return describeOutcome(story, outcome);
}

/** An empty story: a title, a summary to fill in, no claims yet. */
export async function runNew(core: Core, id: string, title: string): Promise<CliResult> {
  const story = {
    id,
    title,
    summary: { headline: title, short: title },
    sources: [],
    actors: [],
    claims: [],
    timeline: [],
  };
  const outcome = await core.claims.content.apply({
    story: id,
    baseRevision: null,
    origin: cliOrigin('cli'),
    edits: [{ op: 'replace', story }],
  });
  const result = describeOutcome(id, outcome);
  if (outcome.kind === 'applied') {
    const stored = storyOfRevision(outcome.revision);
    result.output += `\nEdit ${path.join(core.claims.files.fileOf(id))} (or the console) to fill in "${stored?.title ?? title}".`;
  }
  return result;
}
