import { UserError } from '../../errors.js';
import { userAddress } from '../access.js';
import { storyOfRevision } from '../claims/revisions.js';
import { changedSince } from '../content/conflict-text.js';
import type { ContentService } from '../content/service.js';
import type { ApplyOutcome, ContentChange, ContentEdit } from '../content/types.js';
import type { DeliveryRequest } from '../delivery/types.js';
import { capitalise } from '../helpers.js';
import {
  contextBlock,
  type FormField,
  type FormOutcome,
  type FormSpec,
  type FormSubmission,
  notice,
  type OutgoingMessage,
} from '../message.js';
import type { Caller } from '../ports.js';
import type { Store } from '../store.js';
import { CLAIM_STATUSES, type Claim, CONFIDENCES, HEDGINGS, STORY_LIMITS } from '../story/schema.js';

/**
 * The claim forms: `/sitrep edit <claim>` and `/sitrep add claim` open them; their submission is a
 * change through the one write path, made on the revision the form was opened from, so a field
 * someone changed meanwhile is a conflict shown beside that field, never overwritten.
 */

export const EDIT_CLAIM = 'edit-claim';
export const ADD_CLAIM = 'add-claim';

/** What the form is about and its base revision, compactly: Discord carries it in a 100-character id. */
interface FormState {
  story: string;
  claim?: string;
  base: number | null;
}

export function encodeState(state: FormState): string {
  return [state.base ?? '', state.story, state.claim ?? ''].join('|');
}

export function decodeState(raw: string): FormState {
  const [base = '', story = '', claim = ''] = raw.split('|');
  if (!story) throw new UserError('That form is no longer valid; open it again.');
  return { story, base: base === '' ? null : Number(base), ...(claim ? { claim } : {}) };
}

/** The fields in the order platforms show them; Discord shows the first five. */
function claimFields(claim: Partial<Claim>, withId: boolean): FormField[] {
  const fields: FormField[] = [
    {
      name: 'text',
      label: 'Claim, as the source put it',
      kind: 'paragraph',
      required: true,
      maxLength: STORY_LIMITS.sentence,
      ...(claim.text ? { value: claim.text } : {}),
    },
    {
      name: 'status',
      label: 'Status',
      kind: 'choice',
      choices: CLAIM_STATUSES,
      required: true,
      value: claim.status ?? 'reported',
    },
    {
      name: 'hedging',
      label: 'Hedging',
      kind: 'choice',
      choices: HEDGINGS,
      ...(claim.hedging ? { value: claim.hedging } : {}),
    },
    {
      name: 'confidence',
      label: 'Confidence',
      kind: 'choice',
      choices: CONFIDENCES,
      ...(claim.confidence ? { value: claim.confidence } : {}),
    },
    {
      name: 'note',
      label: 'Editors’ note',
      kind: 'paragraph',
      maxLength: STORY_LIMITS.note,
      ...(claim.note ? { value: claim.note } : {}),
    },
    {
      name: 'source',
      label: 'Sources (ids, comma-separated)',
      kind: 'text',
      required: true,
      ...(claim.source ? { value: claim.source.join(', ') } : {}),
    },
    {
      name: 'about',
      label: 'About (actor ids, comma-separated)',
      kind: 'text',
      required: true,
      ...(claim.about ? { value: claim.about.join(', ') } : {}),
    },
  ];
  if (!withId) return fields;
  // A new claim on a platform with room for few fields needs its sources and actors first.
  const [text, status, hedging, confidence, note, source, about] = fields as [FormField, ...FormField[]];
  return [
    text,
    source as FormField,
    about as FormField,
    status as FormField,
    hedging as FormField,
    confidence as FormField,
    note as FormField,
    { name: 'id', label: 'Claim id (blank: made from the text)', kind: 'text', hint: 'lowercase-words-with-hyphens' },
  ];
}

export function editClaimForm(story: string, claim: Claim, base: number | undefined): FormSpec {
  return {
    kind: EDIT_CLAIM,
    title: 'Edit claim',
    submitLabel: 'Save',
    fields: claimFields(claim, false),
    state: encodeState({ story, claim: claim.id, base: base ?? null }),
  };
}

export function addClaimForm(story: string, base: number | undefined): FormSpec {
  return {
    kind: ADD_CLAIM,
    title: 'Add a claim',
    submitLabel: 'Add',
    fields: claimFields({}, true),
    state: encodeState({ story, base: base ?? null }),
  };
}

/** A form answer: the form, and what to type where no form can open. */
export function formAnswer(form: FormSpec, fallback: string): OutgoingMessage {
  return { text: fallback, cards: [{ tone: 'info', blocks: [contextBlock(fallback)] }], visibility: 'private', form };
}

export interface ClaimFormDeps {
  store: Store;
  content: ContentService;
  /** Where the form was filled in (default chat): recorded with the revision. */
  via?: 'chat' | 'console';
  /**
   * Preview instead of saving: the alerts saving would raise are handed here and nothing is stored.
   * Problems and conflicts still come back as they would on a save.
   */
  preview?: (alerts: DeliveryRequest[]) => void;
}

/** Saves the change, or with `deps.preview` only works out what saving would alert. */
async function saveOrPreview(deps: ClaimFormDeps, change: ContentChange): Promise<ApplyOutcome | undefined> {
  if (!deps.preview) return deps.content.apply(change);
  const result = await deps.content.previewAlerts(change);
  if (result.kind !== 'preview') return result;
  deps.preview(result.alerts);
  return undefined;
}

const PREVIEWED: FormOutcome = { kind: 'done', message: notice('Preview only: nothing was saved.', 'info') };

const list = (raw: string) =>
  raw
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A submitted value as the story file holds it; an empty optional field clears it. */
function fieldValue(field: string, raw: string): string | string[] | null {
  const value = raw.trim();
  if (field === 'source' || field === 'about') return list(value);
  return value === '' ? null : value;
}

export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6)
    .join('-');
}

/** Who saved a form, and through what: `console:<user>` in the console, the chat user in chat. */
export function formOrigin(caller: Caller, deps: Pick<ClaimFormDeps, 'via'>) {
  const via = deps.via ?? 'chat';
  return { author: via === 'console' ? `console:${userAddress(caller)}` : userAddress(caller), via } as const;
}

export async function submitClaimForm(
  { kind, state: rawState, values }: FormSubmission,
  caller: Caller,
  deps: ClaimFormDeps,
): Promise<FormOutcome> {
  const state = decodeState(rawState);
  const origin = formOrigin(caller, deps);
  if (kind === EDIT_CLAIM) {
    if (!state.claim) throw new UserError('That form is no longer valid; open it again.');
    const base = state.base === null ? undefined : await deps.store.revisions.get(state.base);
    const before = (base && storyOfRevision(base))?.claims.find((c) => c.id === state.claim);
    if (!before) return { kind: 'invalid', errors: { _form: `Claim ${state.claim} is no longer in ${state.story}.` } };
    // Only what the editor changed from what the form showed: untouched fields never conflict.
    const edits: ContentEdit[] = [];
    for (const [field, raw] of Object.entries(values)) {
      const value = fieldValue(field, raw);
      const shown = before[field as keyof Claim] ?? null;
      if (JSON.stringify(value) === JSON.stringify(shown)) continue;
      edits.push({ op: 'set', entity: 'claim', id: before.id, field, value });
    }
    if (edits.length === 0) return { kind: 'done', message: notice(`No change to ${before.id}.`, 'info') };
    const outcome = await saveOrPreview(deps, { story: state.story, baseRevision: state.base, origin, edits });
    if (!outcome) return PREVIEWED;
    const answer = outcomeOf(outcome, `claims.${before.id}.`, `${before.id}`);
    if (outcome.kind !== 'conflict' || answer.kind !== 'invalid') return answer;
    const latest = storyOfRevision(outcome.latest)?.claims.find((c) => c.id === before.id);
    if (!latest) return { kind: 'invalid', errors: { _form: `Claim ${before.id} was removed meanwhile.` } };
    const typed = Object.fromEntries(Object.entries(values).map(([f, raw]) => [f, fieldValue(f, raw)]));
    const retry = editClaimForm(state.story, { ...latest, ...(typed as Partial<Claim>) } as Claim, outcome.latest.id);
    return {
      kind: 'conflict',
      errors: answer.errors,
      retry: {
        ...retry,
        fields: retry.fields.map((f) => (answer.errors[f.name] ? { ...f, problem: answer.errors[f.name] } : f)),
      },
    };
  }
  if (kind === ADD_CLAIM) {
    const id = (values.id ?? '').trim() || slugOf(values.text ?? '');
    const claim: Record<string, unknown> = { id };
    for (const [field, raw] of Object.entries(values)) {
      if (field === 'id') continue;
      const value = fieldValue(field, raw);
      if (value !== null) claim[field] = value;
    }
    const outcome = await saveOrPreview(deps, {
      story: state.story,
      baseRevision: state.base,
      origin,
      edits: [{ op: 'add', entity: 'claim', value: claim }],
    });
    return outcome ? outcomeOf(outcome, `claims.${id}.`, id, 'id') : PREVIEWED;
  }
  throw new UserError('That form is not one Sitrep knows; open it again.');
}

/** The write path's answer, as the form shows it: problems and conflicts beside their fields. */
export function outcomeOf(
  outcome: ApplyOutcome,
  prefix: string,
  claimId: string,
  wholeClaimField = '_form',
): FormOutcome {
  const fieldOf = (path: string) =>
    path.startsWith(prefix) ? path.slice(prefix.length) : path === prefix.slice(0, -1) ? wholeClaimField : '_form';
  switch (outcome.kind) {
    case 'applied':
      return {
        kind: 'done',
        message: notice(`Saved ${claimId} as revision ${outcome.revision.id}: ${outcome.changed.join(', ')}.`, 'info'),
      };
    case 'unchanged':
      return { kind: 'done', message: notice(`No change to ${claimId}.`, 'info') };
    case 'pending':
      return {
        kind: 'done',
        message: notice(
          `Held for an admin (${outcome.pending.reason}): /sitrep confirm ${outcome.pending.id}.`,
          'warning',
        ),
      };
    case 'invalid': {
      const errors: Record<string, string> = {};
      for (const p of outcome.problems) {
        const field = fieldOf(p.field);
        errors[field] = errors[field] ? `${errors[field]}; ${p.message}` : p.message;
      }
      return { kind: 'invalid', errors };
    }
    case 'conflict': {
      const errors: Record<string, string> = {};
      for (const c of outcome.conflicts) {
        // Beside the form's own notice that someone changed the claim: what the field is now.
        errors[fieldOf(c.field)] = `${capitalise(changedSince(c, 'you opened this form'))}.`;
      }
      return { kind: 'invalid', errors };
    }
  }
}
