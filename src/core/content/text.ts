import type { Document } from 'yaml';
import { storyHash } from '../claims/canonical.js';
import { type ClaimPatch, patchClaim } from '../claims/yaml-edit.js';
import { parseStory } from '../story/load.js';
import type { Story, TimelineEvent } from '../story/schema.js';
import { yamlLib } from '../yaml-lib.js';
import type { ChunkedText } from './chunked-text.js';
import type { Cut } from './chunks.js';
import { type ClaimAt, patchClaimLines } from './claim-text.js';
import { findTimelineEntry, SECTION } from './edits.js';
import type { ContentEdit } from './types.js';

/** A story as a file holds it: fields in the documented order, defaults left out. */
export function storyToYaml(story: Story): string {
  return yamlLib().stringify(story, { lineWidth: 100 });
}

/** All edits set fields of one claim: the byte-preserving splice of `patchClaim` applies. */
function oneClaimPatch(edits: readonly ContentEdit[]): { id: string; patch: ClaimPatch } | undefined {
  const first = edits[0];
  if (first?.op !== 'set' || first.entity !== 'claim') return undefined;
  const patch: ClaimPatch = {};
  for (const edit of edits) {
    if (edit.op !== 'set' || edit.entity !== 'claim' || edit.id !== first.id) return undefined;
    patch[edit.field] = edit.value;
  }
  return { id: first.id, patch };
}

function indexIn(doc: Document, section: string, id: string, base: Story, now: TimelineEvent[]): number | undefined {
  if (section === 'timeline') return findTimelineEntry(base, now, id);
  const seq = doc.get(section, true);
  if (!yamlLib().isSeq(seq)) return undefined;
  const at = seq.items.findIndex((item) => yamlLib().isMap(item) && item.get('id') === id);
  return at < 0 ? undefined : at;
}

/** Applies edits to the YAML document of `text` (comments kept; layout may re-flow). */
function patchDocument(text: string, base: Story, edits: readonly ContentEdit[]): string {
  const doc = yamlLib().parseDocument(text);
  // Timeline entries are found by date and text, in the document as it changes.
  const timeline = (): TimelineEvent[] =>
    ((doc.toJS() as { timeline?: TimelineEvent[] }).timeline ?? []).map((e) => ({ ...e, date: String(e.date) }));
  for (const edit of edits) {
    if (edit.op === 'replace') return storyToYaml(edit.story as Story);
    if (edit.op === 'set' && edit.entity === 'story') {
      const path = edit.field.split('.');
      if (edit.value === null) doc.deleteIn(path);
      else doc.setIn(path, edit.value);
      continue;
    }
    const section = SECTION[edit.entity];
    if (edit.op === 'add') {
      if (!yamlLib().isSeq(doc.get(section, true))) doc.set(section, doc.createNode([]));
      doc.addIn([section], doc.createNode(edit.value));
      continue;
    }
    const at = indexIn(doc, section, edit.id, base, section === 'timeline' ? timeline() : []);
    if (at === undefined) throw new Error(`${section}.${edit.id} not found in the text`);
    if (edit.op === 'remove') doc.deleteIn([section, at]);
    else if (edit.value === null) doc.deleteIn([section, at, edit.field]);
    else doc.setIn([section, at, edit.field], edit.value);
  }
  return String(doc);
}

/**
 * The YAML text of a new revision: the base revision's text with the edits made in it, so that
 * comments and layout an editor wrote survive edits from chat or the console. Checked by reading
 * it back as a file would be; if it does not give exactly the new story, the story is written out
 * afresh instead.
 */
export function renderText(
  baseText: string | undefined,
  base: Story | undefined,
  edits: readonly ContentEdit[],
  next: Story,
): string {
  const replaced = edits.length === 1 && edits[0]?.op === 'replace' ? edits[0] : undefined;
  if (replaced?.text !== undefined && readsAs(replaced.text, next)) return replaced.text;
  if (baseText !== undefined && base && !replaced) {
    const one = oneClaimPatch(edits);
    const fast = one && patchOneClaimLines(baseText, base, next, one.id, one.patch);
    if (fast !== undefined) return fast;
    try {
      const text = one ? patchClaim(baseText, one.id, one.patch) : patchDocument(baseText, base, edits);
      if (readsAs(text, next)) return text;
    } catch {
      // Written afresh below.
    }
  }
  return storyToYaml(next);
}

/** Claim `id` where `base` and `next` both hold it, at the same place; undefined otherwise. */
function claimAt(base: Story, next: Story, id: string): ClaimAt | undefined {
  const index = base.claims.findIndex((c) => c.id === id);
  const before = base.claims[index];
  const after = next.claims[index];
  if (!before || after?.id !== id || base.claims.length !== next.claims.length) return undefined;
  return { count: base.claims.length, index, before, after };
}

/** The claim's own lines patched (ADR 0042): checked there, so the whole text need not be read back. */
function patchOneClaimLines(text: string, base: Story, next: Story, id: string, patch: ClaimPatch): string | undefined {
  const at = claimAt(base, next, id);
  return at && patchClaimLines(text, at, patch);
}

/**
 * A one-claim change made inside the latest revision's chunks (ADR 0044): the new text and the
 * chunks that changed; undefined when the edits are not that or it cannot be done in place.
 */
export function patchChunkedText(
  text: ChunkedText,
  base: Story,
  edits: readonly ContentEdit[],
  next: Story,
): { text: ChunkedText; cut: Cut } | undefined {
  const one = oneClaimPatch(edits);
  const at = one && claimAt(base, next, one.id);
  return at && one && text.patchClaim(at, one.patch);
}

export function readsAs(text: string, story: Story): boolean {
  const parsed = parseStory(text, `${story.id}.yaml`);
  return parsed.ok && storyHash(parsed.story) === storyHash(story);
}
