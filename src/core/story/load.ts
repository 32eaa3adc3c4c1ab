import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type PathKey, type Problem, sortProblems, YamlSource } from '../yaml-source.js';
import { type Story, storySchema } from './schema.js';

export type { Problem } from '../yaml-source.js';
export { formatProblem } from '../yaml-source.js';

export type LoadResult = { ok: true; story: Story; source: string } | { ok: false; problems: Problem[] };

/** Ids that must exist and be unique within one file. */
function referenceProblems(story: Story): Array<{ at: PathKey[]; message: string }> {
  const found: Array<{ at: PathKey[]; message: string }> = [];
  const uniqueIds = (list: Array<{ id: string }>, name: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) found.push({ at: [name, i, 'id'], message: `duplicate ${name} id "${item.id}"` });
      seen.add(item.id);
    });
    return seen;
  };
  const actors = uniqueIds(story.actors, 'actors');
  const sources = uniqueIds(story.sources, 'sources');
  uniqueIds(story.claims, 'claims');
  const mustBeActor = (id: string, at: PathKey[]) => {
    if (!actors.has(id)) found.push({ at, message: `unknown actor "${id}" (no actor with that id in this file)` });
  };
  story.actors.forEach((a, i) => {
    if (a.affiliation !== undefined) mustBeActor(a.affiliation, ['actors', i, 'affiliation']);
  });
  story.claims.forEach((c, i) => {
    c.about.forEach((id, j) => mustBeActor(id, ['claims', i, 'about', j]));
    c.source.forEach((id, j) => {
      if (!sources.has(id)) {
        found.push({ at: ['claims', i, 'source', j], message: `unknown source "${id}" (no source with that id in this file)` });
      }
    });
  });
  story.timeline.forEach((e, i) => e.actors.forEach((id, j) => mustBeActor(id, ['timeline', i, 'actors', j])));
  return found;
}

/** Parses and validates one story file's text. Every problem is reported, all at once. */
export function parseStory(text: string, file: string): LoadResult {
  const { source, problems } = YamlSource.parse(text, file);
  if (problems.length > 0) return { ok: false, problems };
  const validated = source.validate(storySchema);
  if (!validated.ok) return validated;
  const story = validated.data;
  const found = referenceProblems(story).map(({ at, message }) => source.problemAt(at, message));
  const expectedId = path.basename(file).replace(/\.ya?ml$/, '');
  if (story.id !== expectedId) {
    found.push(source.problemAt(['id'], `id "${story.id}" must equal the file name "${expectedId}"`));
  }
  if (found.length > 0) return { ok: false, problems: sortProblems(found) };
  return { ok: true, story, source: text };
}

export async function loadStoryFile(file: string): Promise<LoadResult> {
  let text: string;
  try {
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
