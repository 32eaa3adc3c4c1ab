import { UserError } from '../../errors.js';
import { storyOfRevision } from '../claims/revisions.js';
import type { ContentEdit, EntityKind, StoryScalarField } from '../content/types.js';
import { type FormField, type FormOutcome, type FormSpec, type FormSubmission, notice } from '../message.js';
import type { Caller } from '../ports.js';
import { ACTOR_KINDS, SOURCE_KINDS, STORY_LIMITS, type Story } from '../story/schema.js';
import { type ClaimFormDeps, decodeState, encodeState, formOrigin, outcomeOf, slugOf } from './claim-forms.js';

/**
 * The forms for the rest of a story: its actors, sources and timeline entries (edit, add, remove),
 * its own fields (title, date, the three summary tiers), and a new story. Like the claim forms they
 * are changes through the one write path on the revision the form was opened from: a problem comes
 * back beside its field, a field changed meanwhile as a conflict, never overwritten.
 */

/** What a form edits: one of a story's lists, or the story's own fields. */
export type FormSubject = Exclude<EntityKind, 'claim'> | 'story';

interface FieldDef extends FormField {
  /** Comma-separated in the form, a list in the story. */
  list?: boolean;
}

const text = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  kind: 'text',
  maxLength: STORY_LIMITS.name,
  ...extra,
});

const FIELDS: Record<FormSubject, FieldDef[]> = {
  actor: [
    text('name', 'Name', { required: true }),
    { name: 'kind', label: 'Kind', kind: 'choice', choices: ACTOR_KINDS, required: true },
    text('aliases', 'Also called (comma-separated)', { list: true, maxLength: 2000 }),
    text('role', 'Role'),
    text('affiliation', 'Affiliation (an actor id)', { hint: 'e.g. the government a minister belongs to' }),
    { name: 'summary', label: 'Summary', kind: 'paragraph', maxLength: STORY_LIMITS.note },
  ],
  source: [
    text('name', 'Name', { required: true }),
    { name: 'kind', label: 'Kind', kind: 'choice', choices: SOURCE_KINDS, required: true },
    text('url', 'Address (URL)', { maxLength: 2000 }),
    text('aliases', 'Also called (comma-separated)', { list: true, maxLength: 2000 }),
    text('affiliation', 'Speaks for (an actor id)'),
  ],
  timeline: [
    text('date', 'Date', { required: true, hint: 'YYYY, YYYY-MM or YYYY-MM-DD', maxLength: 10 }),
    { name: 'text', label: 'What happened', kind: 'paragraph', required: true, maxLength: STORY_LIMITS.sentence },
    text('actors', 'Actors (ids, comma-separated)', { list: true, maxLength: 2000 }),
  ],
  story: [
    text('title', 'Title', { required: true }),
    text('asOf', 'As of', { hint: 'YYYY-MM-DD: the date the story is current to', maxLength: 10 }),
    text('summary.headline', 'Headline', { required: true }),
    {
      name: 'summary.short',
      label: 'Short summary',
      kind: 'paragraph',
      required: true,
      maxLength: STORY_LIMITS.sentence,
    },
    { name: 'summary.full', label: 'Full summary', kind: 'paragraph', maxLength: STORY_LIMITS.full },
  ],
};

const NOUN: Record<FormSubject, string> = {
  actor: 'actor',
  source: 'source',
  timeline: 'timeline entry',
  story: 'story',
};
const SECTION = { actor: 'actors', source: 'sources', timeline: 'timeline' } as const;

const EDIT = 'edit-';
const ADD = 'add-';
export const NEW_STORY = 'new-story';

function subjectOf(kind: string): FormSubject {
  const subject = kind.replace(/^(edit|add)-/, '');
  if (!(subject in FIELDS)) throw new UserError('That form is not one Sitrep knows; open it again.');
  return subject as FormSubject;
}

/** An entity's (or the story's) value of a form field, as the form shows it. */
function shownValue(entity: Record<string, unknown>, def: FieldDef): string {
  const value = def.name.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], entity);
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** A submitted value as the story file holds it; an empty optional field clears it. */
function storedValue(def: FieldDef, raw: string): string | string[] | null {
  const value = raw.trim();
  if (def.list)
    return value
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return value === '' ? null : value;
}

/** The entity a form edits in `story`: by id, or a timeline entry by its place. */
function entityIn(story: Story, subject: FormSubject, key: string | undefined): Record<string, unknown> | undefined {
  if (subject === 'story') return story as unknown as Record<string, unknown>;
  if (key === undefined) return undefined;
  if (subject === 'timeline') return story.timeline[Number(key)] as Record<string, unknown> | undefined;
  return (story[SECTION[subject]] as Array<{ id: string }>).find((e) => e.id === key);
}

function fieldsWith(subject: FormSubject, entity: Record<string, unknown> | undefined): FormField[] {
  return FIELDS[subject].map(({ list: _list, ...def }) => {
    const value = entity ? shownValue(entity, def) : def.kind === 'choice' && def.required ? def.choices?.[0] : '';
    return value ? { ...def, value } : def;
  });
}

export function entityEditForm(subject: FormSubject, story: Story, key: string | undefined, base?: number): FormSpec {
  const entity = entityIn(story, subject, key);
  if (!entity) throw new UserError(`No such ${NOUN[subject]} in ${story.id}.`, 'not_found');
  return {
    kind: `${EDIT}${subject}`,
    title: subject === 'story' ? 'Edit the story' : `Edit ${NOUN[subject]}`,
    submitLabel: 'Save',
    fields: fieldsWith(subject, entity),
    state: encodeState({ story: story.id, ...(key === undefined ? {} : { claim: key }), base: base ?? null }),
  };
}

export function entityAddForm(subject: Exclude<FormSubject, 'story'>, story: string, base?: number): FormSpec {
  const fields = fieldsWith(subject, undefined);
  const id: FormField[] =
    subject === 'timeline'
      ? []
      : [text('id', `${NOUN[subject]} id (blank: made from the name)`, { hint: 'lowercase-words-with-hyphens' })];
  return {
    kind: `${ADD}${subject}`,
    title: `Add ${subject === 'actor' ? 'an' : 'a'} ${NOUN[subject]}`,
    submitLabel: 'Add',
    fields: [...fields, ...id],
    state: encodeState({ story, base: base ?? null }),
  };
}

export function newStoryForm(): FormSpec {
  return {
    kind: NEW_STORY,
    title: 'New story',
    submitLabel: 'Create',
    fields: [
      text('id', 'Story id', { required: true, hint: 'lowercase-words-with-hyphens; it names the story file' }),
      ...fieldsWith('story', undefined).filter((f) => f.name !== 'summary.full' && f.name !== 'asOf'),
    ],
    state: encodeState({ story: 'new', base: null }),
  };
}

/** Saves an entity form (or the story's own fields, or a new story). Never throws for a bad value. */
export async function submitEntityForm(
  { kind, state: rawState, values }: FormSubmission,
  caller: Caller,
  deps: ClaimFormDeps,
): Promise<FormOutcome> {
  const origin = formOrigin(caller, deps);
  if (kind === NEW_STORY) return submitNewStory(values, origin, deps);
  const state = decodeState(rawState);
  const subject = subjectOf(kind);
  const defs = FIELDS[subject];
  if (kind.startsWith(ADD) && subject !== 'story') {
    const value: Record<string, unknown> = {};
    for (const def of defs) {
      const v = storedValue(def, values[def.name] ?? '');
      if (v !== null && !(Array.isArray(v) && v.length === 0 && def.name !== 'actors')) value[def.name] = v;
    }
    if (subject !== 'timeline') value.id = (values.id ?? '').trim() || slugOf(values.name ?? '');
    const id = subject === 'timeline' ? 'new' : String(value.id);
    let outcome = await deps.content.apply({
      story: state.story,
      baseRevision: state.base,
      origin,
      edits: [{ op: 'add', entity: subject, value }],
    });
    if (outcome.kind === 'invalid' && subject === 'timeline') {
      // A new entry's problems name its place in the result (`timeline.7.date`): they are this form's.
      const problems = outcome.problems.map((p) => ({
        ...p,
        field: p.field.replace(/^timeline\.\d+\./, 'timeline.new.'),
      }));
      outcome = { ...outcome, problems };
    }
    return outcomeOf(outcome, `${SECTION[subject]}.${id}.`, `${NOUN[subject]} ${id}`, 'id');
  }
  const base = state.base === null ? undefined : await deps.store.revisions.get(state.base);
  const shownStory = base && storyOfRevision(base);
  const before = shownStory && entityIn(shownStory, subject, state.claim);
  if (!before) return { kind: 'invalid', errors: { _form: `That ${NOUN[subject]} is no longer in ${state.story}.` } };
  // Only what the editor changed from what the form showed: untouched fields never conflict.
  const edits: ContentEdit[] = [];
  for (const def of defs) {
    if (values[def.name] === undefined) continue;
    const value = storedValue(def, values[def.name] ?? '');
    const shown = storedValue(def, shownValue(before, def));
    if (JSON.stringify(value) === JSON.stringify(shown)) continue;
    if (subject === 'story') {
      edits.push({ op: 'set', entity: 'story', field: def.name as StoryScalarField, value: value as string | null });
    } else {
      edits.push({ op: 'set', entity: subject, id: state.claim ?? '', field: def.name, value });
    }
  }
  const label = subject === 'story' ? state.story : `${NOUN[subject]} ${String(before.id ?? before.date ?? '')}`;
  if (edits.length === 0) return { kind: 'done', message: notice(`No change to ${label}.`, 'info') };
  const outcome = await deps.content.apply({ story: state.story, baseRevision: state.base, origin, edits });
  const prefix = subject === 'story' ? '' : `${SECTION[subject]}.${state.claim}.`;
  const answer = outcomeOf(outcome, prefix, label);
  if (outcome.kind !== 'conflict' || answer.kind !== 'invalid') return answer;
  // Conflicts come back as the form on the latest revision, with what the editor typed kept.
  const latest = storyOfRevision(outcome.latest);
  if (!latest || !entityIn(latest, subject, state.claim))
    return { kind: 'invalid', errors: { _form: `That ${NOUN[subject]} was removed meanwhile.` } };
  const retry = entityEditForm(subject, latest, state.claim, outcome.latest.id);
  return {
    kind: 'conflict',
    errors: answer.errors,
    retry: {
      ...retry,
      fields: retry.fields.map((f) => ({
        ...f,
        ...(values[f.name] !== undefined ? { value: values[f.name] } : {}),
        ...(answer.errors[f.name] ? { problem: answer.errors[f.name] } : {}),
      })),
    },
  };
}

/** Removes an actor, source or timeline entry; one still named elsewhere comes back as a problem. */
export async function removeEntity(
  subject: Exclude<FormSubject, 'story'>,
  rawState: string,
  caller: Caller,
  deps: ClaimFormDeps,
): Promise<FormOutcome> {
  const state = decodeState(rawState);
  const key = state.claim ?? '';
  const outcome = await deps.content.apply({
    story: state.story,
    baseRevision: state.base,
    origin: formOrigin(caller, deps),
    edits: [{ op: 'remove', entity: subject, id: key }],
  });
  if (outcome.kind === 'invalid') {
    // What still names it, once each: `claims.kim-to-visit-russia.about`, …
    const where = [...new Set(outcome.problems.map((p) => p.field))].filter(
      (f) => !f.startsWith(`${SECTION[subject]}.${key}`),
    );
    const shown = where.slice(0, 10).join(', ') + (where.length > 10 ? ` and ${where.length - 10} more` : '');
    if (where.length > 0)
      return {
        kind: 'invalid',
        errors: { _form: `${NOUN[subject]} ${key} is still named in ${shown}: change those first.` },
      };
  }
  const answer = outcomeOf(outcome, `${SECTION[subject]}.${key}.`, `${NOUN[subject]} ${key}`);
  if (answer.kind === 'done' && outcome.kind === 'applied')
    return {
      kind: 'done',
      message: notice(`Removed ${NOUN[subject]} ${key} (revision ${outcome.revision.id}).`, 'info'),
    };
  return answer;
}

async function submitNewStory(
  values: Record<string, string>,
  origin: ReturnType<typeof formOrigin>,
  deps: ClaimFormDeps,
): Promise<FormOutcome> {
  const id = (values.id ?? '').trim();
  const title = (values.title ?? '').trim();
  if (!id) return { kind: 'invalid', errors: { id: 'Give the story an id.' } };
  if ((await deps.store.revisions.latestId(id)) !== undefined)
    return { kind: 'invalid', errors: { id: `A story called ${id} exists already.` } };
  const story = {
    id,
    title,
    summary: {
      headline: (values['summary.headline'] ?? '').trim() || title,
      short: (values['summary.short'] ?? '').trim() || title,
    },
    sources: [],
    actors: [],
    claims: [],
    timeline: [],
  };
  const outcome = await deps.content.apply({
    story: id,
    baseRevision: null,
    origin,
    edits: [{ op: 'replace', story }],
  });
  if (outcome.kind === 'conflict') return { kind: 'invalid', errors: { id: `A story called ${id} exists already.` } };
  return outcomeOf(outcome, '', `story ${id}`);
}
