import { sha256 } from '../sha256.js';
import type { Revision, RevisionChunks } from '../store.js';
import { parseStory } from '../story/load.js';
import type { Story } from '../story/schema.js';

/**
 * Stored revisions are immutable, so their parsed stories can be kept. The cache is bounded by the
 * size of the texts it holds, not by their number: a few versions of a 10,000-claim story would
 * otherwise pin hundreds of megabytes. A story too big for the budget, or pushed out of it, stays
 * reachable through a weak reference for as long as something else holds it (the catalog serving
 * the latest version, which is what the next edit is compared with); dropped, it is parsed again.
 * Entries are matched on the content too (by digest when only weakly held): ids restart in every
 * database, and tests open many.
 */
const CACHE_BUDGET_CHARS = 2_000_000;

interface Kept {
  content: string;
  story: Story | null;
}
interface Weak {
  digest: string;
  story: WeakRef<Story>;
}

const kept = new Map<number, Kept>();
const weak = new Map<number, Weak>();
let keptChars = 0;

/**
 * The last two texts digested, with their digests: the write path asks about the latest revision's
 * text several times per change, and hashing a large story's text each time cost more than the
 * change. Two: the latest text (which the catalog holds anyway) and the one just stored.
 */
const recentDigests: Array<{ content: string; digest: string }> = [];

type Stored = Pick<Revision, 'id' | 'content'> & { chunks?: RevisionChunks | null };

/**
 * What identifies a revision's text: the list of its chunks' addresses when it is stored in chunks
 * (ADR 0044; no need to read megabytes), else a digest of the text itself.
 */
function digestOf(revision: Stored): string {
  if (revision.chunks) {
    const refs = revision.chunks.content.map((ref) => ref.hash).join(',');
    return `chunks:${sha256(refs, 'base64')}`;
  }
  const { content } = revision;
  const hit = recentDigests.find((d) => d.content === content);
  if (hit) return hit.digest;
  const digest = sha256(content, 'base64');
  recentDigests.unshift({ content, digest });
  recentDigests.length = Math.min(recentDigests.length, 2);
  return digest;
}

function cached(revision: Stored): Story | null | undefined {
  const entry = kept.get(revision.id);
  if (entry !== undefined && entry.content === revision.content) {
    // Most recently used last: the budget pushes out the oldest first.
    kept.delete(revision.id);
    kept.set(revision.id, entry);
    return entry.story;
  }
  const held = weak.get(revision.id);
  const story = held?.story.deref();
  if (held && !story) weak.delete(revision.id);
  if (story && held?.digest === digestOf(revision)) return story;
  return undefined;
}

/**
 * The story a stored revision holds. Only valid versions are ever stored, so `undefined` means a
 * revision written under an older format; callers treat it as "nothing to compare with".
 */
export function storyOfRevision(
  revision: Stored & Pick<Revision, 'story'> & { storyJson?: string | null },
): Story | undefined {
  const hit = cached(revision);
  if (hit !== undefined) return hit ?? undefined;
  // Revisions stored by the write path keep the validated story as JSON: no YAML to parse.
  const result = revision.storyJson
    ? { ok: true as const, story: JSON.parse(revision.storyJson) as Story }
    : parseStory(revision.content, `${revision.story}.yaml`);
  const story = result.ok ? result.story : null;
  rememberRevisionStory(revision, story);
  return story ?? undefined;
}

/** Also for a revision just recorded from a story already parsed: planning its alerts need not parse it again. */
export function rememberRevisionStory(revision: Stored, story: Story | null): void {
  forget(revision.id);
  if (story) weak.set(revision.id, { digest: digestOf(revision), story: new WeakRef(story) });
  if (revision.content.length > CACHE_BUDGET_CHARS) return;
  kept.set(revision.id, { content: revision.content, story });
  keptChars += revision.content.length;
  for (const [id, entry] of kept) {
    if (keptChars <= CACHE_BUDGET_CHARS) break;
    kept.delete(id);
    keptChars -= entry.content.length;
  }
  for (const [id, entry] of weak) if (!entry.story.deref()) weak.delete(id);
}

function forget(id: number): void {
  const entry = kept.get(id);
  if (entry) keptChars -= entry.content.length;
  kept.delete(id);
  weak.delete(id);
}
