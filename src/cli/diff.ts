import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import {
  diffStories,
  type EntityChange,
  type FieldChange,
  formatValue,
  isEmptyDiff,
  type StoryDiff,
} from '../core/claims/diff.js';
import { parseStory } from '../core/story/load.js';
import type { Story } from '../core/story/schema.js';
import { formatProblem, type Problem, sizeProblem } from '../core/yaml-source.js';

/**
 * `sitrep diff OLD NEW`: what changed between two versions of a story file. Exit 0 with the
 * changes (or "No changes."), exit 1 with `path:line:col: message` lines when a file is invalid.
 * The two files may be named anything (old copies, exports): unlike in `briefings/`, the file name
 * need not equal the story id.
 */
export async function runDiff(
  oldPath: string,
  newPath: string,
  format: 'text' | 'json',
): Promise<{ exitCode: number; output: string }> {
  const [before, after] = await Promise.all([loadVersion(oldPath), loadVersion(newPath)]);
  const problems = [...(before.ok ? [] : before.problems), ...(after.ok ? [] : after.problems)];
  if (!before.ok || !after.ok) return { exitCode: 1, output: problems.map(formatProblem).join('\n') };
  const diff = diffStories(before.story, after.story);
  return { exitCode: 0, output: format === 'json' ? JSON.stringify(diffJson(diff), null, 2) : diffText(diff) };
}

type Loaded = { ok: true; story: Story } | { ok: false; problems: Problem[] };

async function loadVersion(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a story file' : String(error);
    return { ok: false, problems: [{ file, line: 1, col: 1, message }] };
  }
  // Validate as if the file were named after the story it declares, then report the real path.
  const declared = safeDeclaredId(text);
  const asNamed = declared ? path.join(path.dirname(file), `${declared}.yaml`) : file;
  const result = parseStory(text, asNamed);
  if (result.ok) return { ok: true, story: result.story };
  return { ok: false, problems: result.problems.map((p) => ({ ...p, file })) };
}

function safeDeclaredId(text: string): string | undefined {
  if (sizeProblem(text, '')) return undefined;
  try {
    const id = parseDocument(text).get('id');
    return typeof id === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function entityJson<T>(change: EntityChange<T, string>, noun: string) {
  if (change.kind === 'changed') return { id: change.id, change: 'changed', fields: change.fields };
  return { id: change.id, change: change.kind, [noun]: change.after ?? change.before };
}

export function diffJson(diff: StoryDiff) {
  return {
    story: diff.story,
    changed: !isEmptyDiff(diff),
    claims: diff.claims.map((c) => entityJson(c, 'claim')),
    actors: diff.actors.map((a) => entityJson(a, 'actor')),
    sources: diff.sources.map((s) => entityJson(s, 'source')),
    storyFields: diff.details,
    timelineChanged: diff.timelineChanged,
  };
}

function fieldLines(fields: readonly FieldChange[]): string[] {
  return fields.map((f) => `    ${f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`);
}

function entityLines<T extends { id: string }>(
  changes: readonly EntityChange<T, string>[],
  noun: string,
  describe: (e: T) => string,
): string[] {
  return changes.flatMap((c) => {
    if (c.kind === 'changed') return [`~ ${noun} ${c.id}`, ...fieldLines(c.fields)];
    const entity = (c.after ?? c.before) as T;
    return [`${c.kind === 'added' ? '+' : '-'} ${noun} ${c.id}: ${describe(entity)}`];
  });
}

function tally(diff: StoryDiff): string {
  const count = (list: ReadonlyArray<{ kind: string }>, kind: string) => list.filter((c) => c.kind === kind).length;
  const parts: string[] = [];
  for (const [list, noun] of [
    [diff.claims, 'claim'],
    [diff.actors, 'actor'],
    [diff.sources, 'source'],
  ] as const) {
    const bits = ['changed', 'added', 'removed'].map((k) => [k, count(list, k)] as const).filter(([, n]) => n > 0);
    if (bits.length > 0) parts.push(`${noun}s: ${bits.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  }
  if (diff.details.length > 0) parts.push(`${diff.details.map((d) => d.field).join(', ')} changed`);
  if (diff.timelineChanged) parts.push('timeline changed');
  return parts.join('; ');
}

export function diffText(diff: StoryDiff): string {
  if (isEmptyDiff(diff)) return `${diff.story}: No changes.`;
  return [
    `${diff.story}: ${tally(diff)}`,
    '',
    ...entityLines(diff.claims, 'claim', (c) => `[${c.status}] ${c.text}`),
    ...entityLines(diff.actors, 'actor', (a) => a.name),
    ...entityLines(diff.sources, 'source', (s) => s.name),
    ...diff.details.map((d) => `~ ${d.field}: ${formatValue(d.before)} → ${formatValue(d.after)}`),
    ...(diff.timelineChanged ? ['~ timeline changed'] : []),
  ].join('\n');
}
