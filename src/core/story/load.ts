import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import jsyaml from 'js-yaml';
import {
  mayHaveAnchors,
  type PathKey,
  type Problem,
  sizeProblem,
  sortProblems,
  YAML_LIMITS,
  YamlSource,
} from '../yaml-source.js';
import { type Story, storySchema } from './schema.js';

export type { Problem } from '../yaml-source.js';
export { formatProblem } from '../yaml-source.js';

export type LoadResult = { ok: true; story: Story; source: string } | { ok: false; problems: Problem[] };

type Loose = Record<string, unknown>;

/** The objects of a list as written, whatever the schema thinks of them (so checks run on invalid files too). */
function looseItems(value: unknown): Array<{ item: Loose; index: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? [{ item: item as Loose, index }] : [],
  );
}

/** The string ids in a field that holds one id or a list of them, with their place in the list. */
function looseIds(value: unknown): Array<{ id: string; at: PathKey[] }> {
  if (typeof value === 'string') return [{ id: value, at: [] }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((id, j) => (typeof id === 'string' ? [{ id, at: [j] }] : []));
}

/**
 * Ids that must exist and be unique within one file. Works on the document as written, not on the
 * validated story, so a file with schema errors still gets its dangling and duplicate ids reported
 * in the same run ("every problem, all at once").
 */
export function referenceProblems(raw: unknown): Array<{ at: PathKey[]; message: string }> {
  const found: Array<{ at: PathKey[]; message: string }> = [];
  const doc = (raw !== null && typeof raw === 'object' ? raw : {}) as Loose;
  const uniqueIds = (name: string) => {
    const seen = new Set<string>();
    for (const { item, index } of looseItems(doc[name])) {
      if (typeof item.id !== 'string') continue;
      if (seen.has(item.id)) found.push({ at: [name, index, 'id'], message: `duplicate ${name} id "${item.id}"` });
      seen.add(item.id);
    }
    return seen;
  };
  const actors = uniqueIds('actors');
  const sources = uniqueIds('sources');
  uniqueIds('claims');
  const mustBe = (known: Set<string>, noun: string, value: unknown, at: PathKey[]) => {
    for (const { id, at: within } of looseIds(value)) {
      if (!known.has(id))
        found.push({
          at: [...at, ...within],
          message: `unknown ${noun} "${id}" (no ${noun} with that id in this file)`,
        });
    }
  };
  for (const { item, index } of looseItems(doc.actors)) {
    if (typeof item.affiliation === 'string')
      mustBe(actors, 'actor', item.affiliation, ['actors', index, 'affiliation']);
  }
  for (const { item, index } of looseItems(doc.sources)) {
    if (typeof item.affiliation === 'string')
      mustBe(actors, 'actor', item.affiliation, ['sources', index, 'affiliation']);
  }
  for (const { item, index } of looseItems(doc.claims)) {
    if (Array.isArray(item.about)) mustBe(actors, 'actor', item.about, ['claims', index, 'about']);
    mustBe(sources, 'source', item.source, ['claims', index, 'source']);
  }
  for (const { item, index } of looseItems(doc.timeline)) {
    if (Array.isArray(item.actors)) mustBe(actors, 'actor', item.actors, ['timeline', index, 'actors']);
  }
  return found;
}

function expectedId(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/, '');
}

/**
 * The common case, a valid file, checked without positions: js-yaml builds plain data about ten
 * times faster than `yaml` builds a document that knows its lines and columns. Both read YAML 1.2's
 * core schema, so dates stay strings and a valid file gives the same story either way. Anything
 * wrong (duplicate keys make js-yaml throw) goes to the positioned path for its report.
 */
function parseValidStory(text: string, file: string): Story | undefined {
  // A file that is too big is not parsed at all; the positioned path says so.
  if (sizeProblem(text, file)) return undefined;
  const raw = readPlainYaml(text, file);
  if (raw === undefined) return undefined;
  const parsed = storySchema.safeParse(raw);
  if (!parsed.success || parsed.data.id !== expectedId(file)) return undefined;
  if (referenceProblems(parsed.data).length > 0) return undefined;
  // js-yaml's strings are slices of the text, and each keeps the whole text alive in V8: a copy of
  // the story holds only what it needs (a 10,000-claim story pinned its text several times over).
  // Copied through JSON, not structuredClone: its serializer fills one native buffer the size of the
  // story, which leaves megabytes resident after it is freed (ADR 0025); JSON stays in V8's heap.
  return JSON.parse(JSON.stringify(parsed.data)) as Story;
}

/**
 * The document as plain data, or undefined when the positioned path must read it: a syntax error,
 * nesting past the limit (js-yaml counts every node, so it stops at or before the limit `yaml`
 * enforces), or a possible anchor. Only `yaml` counts and bounds aliases, and an alias needs an
 * anchor, so a file without one cannot hold an alias bomb. Anchors, not aliases, are looked for:
 * "*" is everywhere in prose ("**bold**" in a summary, "* " bullets), "&name" almost nowhere.
 */
export function readPlainYaml(text: string, file: string): unknown {
  if (mayHaveAnchors(text)) return undefined;
  try {
    return jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      filename: file,
      maxDepth: YAML_LIMITS.maxDepth,
    } as jsyaml.LoadOptions);
  } catch {
    return undefined;
  }
}

/** Parses and validates one story file's text. Every problem is reported, all at once. */
export function parseStory(text: string, file: string): LoadResult {
  const valid = parseValidStory(text, file);
  if (valid) return { ok: true, story: valid, source: text };
  return parseStoryPositioned(text, file);
}

/** The positioned path, for a file with problems: every one of them, each at its line and column. */
export function parseStoryPositioned(text: string, file: string): LoadResult {
  const { source, problems: syntax } = YamlSource.parse(text, file);
  if (syntax.length > 0) return { ok: false, problems: syntax };
  const validated = source.validate(storySchema);
  const found = validated.ok ? [] : [...validated.problems];
  // The validated story has the same shape as the document for these checks, and is already built.
  const raw: unknown = validated.ok ? validated.data : source.data;
  // A reference problem where the schema already complained (e.g. an id that is not a slug) is the same mistake.
  const taken = new Set(found.map((p) => `${p.line}:${p.col}`));
  for (const { at, message } of referenceProblems(raw)) {
    const problem = source.problemAt(at, message);
    if (!taken.has(`${problem.line}:${problem.col}`)) found.push(problem);
  }
  const id = raw !== null && typeof raw === 'object' ? (raw as Loose).id : undefined;
  if (typeof id === 'string' && id !== expectedId(file)) {
    const problem = source.problemAt(['id'], `id "${id}" must equal the file name "${expectedId(file)}"`);
    if (!taken.has(`${problem.line}:${problem.col}`)) found.push(problem);
  }
  if (!validated.ok || found.length > 0) return { ok: false, problems: sortProblems(found) };
  return { ok: true, story: validated.data, source: text };
}

export async function loadStoryFile(file: string): Promise<LoadResult> {
  let text: string;
  try {
    // Not read at all when over the limit: a 50 MB file costs nothing but this message.
    const { size } = await stat(file);
    const tooBig = sizeProblem(size, file);
    if (tooBig) return { ok: false, problems: [tooBig] };
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, problems: [{ file, line: 1, col: 1, message: reason }] };
  }
  return parseStory(text, file);
}

export function isStoryFile(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.');
}

/** The story files of a briefings directory, sorted. */
export async function listStoryFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter(isStoryFile)
    .sort()
    .map((name) => path.join(dir, name));
}
