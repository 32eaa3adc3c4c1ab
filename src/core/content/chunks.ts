import { sha256 } from '../sha256.js';
import type { ChunkedBody, ChunkRef, Revision } from '../store.js';
import type { Claim, Story } from '../story/schema.js';

/**
 * A revision's text and JSON are stored as chunks addressed by their content, shared between
 * revisions (ADR 0044): a one-claim change to a 10,000-claim story writes a few kilobytes, not
 * the story's nine megabytes again.
 *
 * The text is cut against its parent's chunks: the chunks it still starts and ends with are kept
 * as they are, and only the part between them is cut afresh. The JSON is cut by claims, at claims
 * whose id marks the end of a chunk, so an edit to one claim changes one chunk wherever it is.
 */

/**
 * A fresh chunk of text ends at the first line end after this many characters, unless what is left
 * is less than half as much again (an edit that adds a line to a chunk does not split it)…
 */
const TARGET_CHARS = 8_192;
/** …or here, on a line this long. */
const LIMIT_CHARS = 32_768;
/** A JSON chunk ends after a claim whose id hashes to 0 modulo this (about this many claims each)… */
const CLAIMS_PER_CHUNK = 32;
/** …or at this many claims. */
const MAX_CLAIMS_PER_CHUNK = 128;

export interface Cut {
  refs: ChunkRef[];
  bodies: Map<string, string>;
}

function address(body: string): string {
  return sha256(body, 'base64url');
}

function add(cut: Cut, body: string): ChunkRef {
  const ref = { hash: address(body), length: body.length };
  cut.refs.push(ref);
  cut.bodies.set(ref.hash, body);
  return ref;
}

/** Cuts `text[from, to)` into fresh chunks, never between the two halves of a surrogate pair. */
export function cutFresh(text: string, from: number, to: number, cut: Cut): void {
  let start = from;
  while (start < to) {
    let end = Math.min(to, start + LIMIT_CHARS);
    if (to - start > TARGET_CHARS * 1.5) {
      const lineEnd = text.indexOf('\n', start + TARGET_CHARS);
      if (lineEnd >= 0 && lineEnd + 1 < end) end = lineEnd + 1;
    }
    const code = text.charCodeAt(end - 1);
    if (end < to && code >= 0xd800 && code <= 0xdbff) end += 1;
    add(cut, text.slice(start, end));
    start = end;
  }
}

function sameAt(text: string, at: number, old: string, oldAt: number, length: number): boolean {
  return text.slice(at, at + length) === old.slice(oldAt, oldAt + length);
}

/** `text` in chunks, keeping the leading and trailing chunks it shares with `previous`. */
export function chunkText(text: string, previous?: { text: string; refs: readonly ChunkRef[] }): Cut {
  const cut: Cut = { refs: [], bodies: new Map() };
  const old =
    previous && previous.refs.reduce((sum, r) => sum + r.length, 0) === previous.text.length ? previous : undefined;
  if (!old) {
    cutFresh(text, 0, text.length, cut);
    return cut;
  }
  let head = 0;
  let start = 0;
  for (const ref of old.refs) {
    if (start + ref.length > text.length || !sameAt(text, start, old.text, start, ref.length)) break;
    start += ref.length;
    head += 1;
  }
  let tail = old.refs.length;
  let end = text.length;
  while (tail > head) {
    const ref = old.refs[tail - 1] as ChunkRef;
    const oldStart = old.text.length - (text.length - end) - ref.length;
    if (end - ref.length < start || !sameAt(text, end - ref.length, old.text, oldStart, ref.length)) break;
    end -= ref.length;
    tail -= 1;
  }
  cut.refs.push(...old.refs.slice(0, head));
  cutFresh(text, start, end, cut);
  cut.refs.push(...old.refs.slice(tail));
  return cut;
}

const claimJsons = new WeakMap<Claim, string>();

/** `JSON.stringify(claim)`, remembered per claim object (claims are never mutated). */
function claimJson(claim: Claim): string {
  let json = claimJsons.get(claim);
  if (json === undefined) {
    json = JSON.stringify(claim);
    claimJsons.set(claim, json);
  }
  return json;
}

/** FNV-1a: cheap, stable, and enough to spread chunk ends over claim ids. */
function endsChunk(id: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CLAIMS_PER_CHUNK === 0;
}

interface ClaimChunk {
  members: readonly Claim[];
  first: boolean;
  ref: ChunkRef;
}

/** Per first claim object: the chunk it last began, reused while its claims are the same objects. */
const claimChunks = new WeakMap<Claim, ClaimChunk>();

function claimChunk(members: readonly Claim[], first: boolean, cut: Cut, known: ReadonlySet<string>): void {
  const body = () => (first ? '' : ',') + members.map(claimJson).join(',');
  const kept = claimChunks.get(members[0] as Claim);
  if (
    kept?.first === first &&
    kept.members.length === members.length &&
    kept.members.every((claim, i) => claim === members[i])
  ) {
    cut.refs.push(kept.ref);
    if (!known.has(kept.ref.hash)) cut.bodies.set(kept.ref.hash, body());
    return;
  }
  const ref = add(cut, body());
  claimChunks.set(members[0] as Claim, { members, first, ref });
}

/** `JSON.stringify(story)` in chunks: the story's own fields around its claims, cut by claims. */
export function chunkStoryJson(story: Story, known: ReadonlySet<string> = new Set()): Cut {
  const cut: Cut = { refs: [], bodies: new Map() };
  const outline = JSON.stringify({ ...story, claims: [] });
  // The only `"claims":[]` in the outline: quotes inside strings are escaped.
  const at = outline.indexOf('"claims":[]') + '"claims":['.length;
  cutFresh(outline, 0, at, cut);
  let members: Claim[] = [];
  for (const [i, claim] of story.claims.entries()) {
    members.push(claim);
    if (endsChunk(claim.id) || members.length === MAX_CLAIMS_PER_CHUNK || i === story.claims.length - 1) {
      claimChunk(members, members[0] === story.claims[0], cut, known);
      members = [];
    }
  }
  cutFresh(outline, at, outline.length, cut);
  return cut;
}

/**
 * How a new revision with `text` and `story` is stored, on top of `parent` (the story's latest
 * revision): its chunks, and the bodies of those the parent did not have. `content`: the text's
 * chunks when the caller cut them already (a claim patched in place, `ChunkedText`).
 */
export function chunkRevision(text: string, story: Story, parent: Revision | undefined, content?: Cut): ChunkedBody {
  const prior = parent?.chunks ?? undefined;
  const known = new Set([...(prior?.content ?? []), ...(prior?.json ?? [])].map((ref) => ref.hash));
  const textCut =
    content ?? chunkText(text, prior && parent ? { text: parent.content, refs: prior.content } : undefined);
  const json = chunkStoryJson(story, known);
  const bodies = new Map<string, string>();
  for (const [hash, body] of [...textCut.bodies, ...json.bodies]) if (!known.has(hash)) bodies.set(hash, body);
  return { content: textCut.refs, json: json.refs, bodies };
}
