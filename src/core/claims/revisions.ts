import type { Revision } from '../store.js';
import { parseStory } from '../story/load.js';
import type { Story } from '../story/schema.js';

/**
 * Stored revisions are immutable, so their parsed stories can be kept; a small cap bounds memory.
 * The content is compared too: ids restart in every database (tests open many).
 */
const parsed = new Map<number, { content: string; story: Story | null }>();
const CACHE_LIMIT = 200;

/**
 * The story a stored revision holds. Only valid versions are ever stored, so `undefined` means a
 * revision written under an older format; callers treat it as "nothing to compare with".
 */
export function storyOfRevision(
  revision: Pick<Revision, 'id' | 'story' | 'content'> & { storyJson?: string | null },
): Story | undefined {
  const cached = parsed.get(revision.id);
  if (cached !== undefined && cached.content === revision.content) return cached.story ?? undefined;
  // Revisions stored by the write path keep the validated story as JSON: no YAML to parse.
  const result = revision.storyJson
    ? { ok: true as const, story: JSON.parse(revision.storyJson) as Story }
    : parseStory(revision.content, `${revision.story}.yaml`);
  const story = result.ok ? result.story : null;
  rememberRevisionStory(revision, story);
  return story ?? undefined;
}

/** Also for a revision just recorded from a story already parsed: planning its alerts need not parse it again. */
export function rememberRevisionStory(revision: Pick<Revision, 'id' | 'content'>, story: Story | null): void {
  if (parsed.size >= CACHE_LIMIT) parsed.delete(parsed.keys().next().value as number);
  parsed.set(revision.id, { content: revision.content, story });
}
