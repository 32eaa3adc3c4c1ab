import { distance } from 'fastest-levenshtein';
import type { StoryView } from '../story/catalog.js';
import { normalizeName } from '../story/normalize.js';
import { CLAIM_STATUSES, type Claim, CONFIDENCES, HEDGINGS } from '../story/schema.js';
import { fieldChanges } from './diff.js';
import type { ClaimPatch } from './yaml-edit.js';

/** What `set` may change, and the words that clear an optional field (`note=-`, `hedging=none`). */
export const EDITABLE_FIELDS = ['status', 'confidence', 'hedging', 'text', 'source', 'about', 'note'] as const;
const FIELD_ALIASES: Record<string, (typeof EDITABLE_FIELDS)[number]> = {
  sources: 'source',
  actors: 'about',
  wording: 'text',
};
const OPTIONAL = new Set(['confidence', 'hedging', 'note']);
const CLEAR_WORDS = new Set(['', '-', 'none', 'null']);

export interface ValidatedEdit {
  patch: ClaimPatch;
  /** Fields whose value really differs from the claim's current one. */
  changed: string[];
  problems: string[];
}

function closest(word: string, options: readonly string[]): string | undefined {
  const best = options.map((o) => ({ o, d: distance(o, word) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.o : undefined;
}

function oneOf(field: string, raw: string, allowed: readonly string[]): string | { problem: string } {
  const value = raw.toLowerCase();
  if (allowed.includes(value)) return value;
  const hint = closest(value, allowed);
  return {
    problem: `${field} must be one of ${allowed.join(', ')}, not "${raw}".${hint ? ` Did you mean ${hint}?` : ''}`,
  };
}

function idList(raw: string): string[] {
  return raw
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function sourceIds(raw: string, view: StoryView): string[] | { problem: string } {
  const ids: string[] = [];
  for (const word of idList(raw)) {
    const byName = view.story.sources.find((s) => normalizeName(s.name) === normalizeName(word));
    const id = view.sourceById.has(word) ? word : byName?.id;
    if (!id) {
      const hint = closest(word, [...view.sourceById.keys()]);
      const known = [...view.sourceById.keys()].join(', ');
      return {
        problem: `Unknown source "${word}".${hint ? ` Did you mean ${hint}?` : ''} Sources in this story: ${known}.`,
      };
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.length > 0 ? ids : { problem: 'source needs at least one source id.' };
}

function actorIds(raw: string, view: StoryView): string[] | { problem: string } {
  const ids: string[] = [];
  for (const word of idList(raw)) {
    let id = view.actorById.has(word) ? word : undefined;
    if (!id) {
      const found = view.findActor(word);
      if (found.kind === 'found') id = found.item.id;
      else if (found.kind === 'ambiguous') {
        return {
          problem: `"${word}" matches several actors: ${found.candidates.map((a) => a.id).join(', ')}. Use an id.`,
        };
      } else return { problem: `Unknown actor "${word}". Use actor ids, comma-separated (see /sitrep actors).` };
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.length > 0 ? ids : { problem: 'about needs at least one actor id.' };
}

/** Checks `field=value` pairs against the story; every problem is reported at once. */
export function validateEdit(changes: Record<string, string>, claim: Claim, view: StoryView): ValidatedEdit {
  const patch: ClaimPatch = {};
  const problems: string[] = [];
  if (Object.keys(changes).length === 0)
    problems.push(`Nothing to change. Give field=value pairs; fields: ${EDITABLE_FIELDS.join(', ')}.`);
  for (const [key, rawValue] of Object.entries(changes)) {
    const lower = key.trim().toLowerCase();
    const field = (EDITABLE_FIELDS as readonly string[]).includes(lower) ? lower : FIELD_ALIASES[lower];
    if (!field) {
      const hint = closest(lower, EDITABLE_FIELDS);
      problems.push(
        `Unknown field "${key}".${hint ? ` Did you mean ${hint}?` : ''} You can set: ${EDITABLE_FIELDS.join(', ')}.`,
      );
      continue;
    }
    const raw = rawValue.trim();
    if (OPTIONAL.has(field) && CLEAR_WORDS.has(raw.toLowerCase())) {
      patch[field] = null;
      continue;
    }
    let value: string | string[] | { problem: string };
    switch (field) {
      case 'status':
        value = oneOf('status', raw, CLAIM_STATUSES);
        break;
      case 'hedging':
        value = oneOf('hedging', raw, HEDGINGS);
        break;
      case 'confidence':
        value = oneOf('confidence', raw, CONFIDENCES);
        break;
      case 'source':
        value = sourceIds(raw, view);
        break;
      case 'about':
        value = actorIds(raw, view);
        break;
      default:
        // Kept as typed (line breaks and tabs too): what the editor wrote is what is stored.
        value = raw.trim() === '' ? { problem: `${field} must not be empty.` } : raw.trim();
    }
    if (typeof value === 'object' && !Array.isArray(value)) problems.push(value.problem);
    else patch[field] = value;
  }
  const after = { ...claim, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? undefined])) };
  const changed = fieldChanges(claim, after, Object.keys(patch)).map((c) => c.field);
  return { patch, changed, problems };
}
