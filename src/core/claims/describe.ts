import { STATUS_MARK } from '../message.js';
import type { ClaimStatus, Story } from '../story/schema.js';
import {
  type ActorChange,
  type ClaimChange,
  type FieldChange,
  type FieldValue,
  formatValue,
  type SourceChange,
  type StoryDiff,
} from './diff.js';

/** Words for changes, shared by alerts, "since your last briefing", `/sitrep claim` and `sitrep diff`. */

const LABELS: Record<string, string> = {
  text: 'Wording',
  about: 'About',
  source: 'Source',
  status: 'Status',
  hedging: 'How it was put',
  confidence: 'Confidence',
  note: 'Note',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

/** Resolves ids to names with whichever version of the story knows them (a removed actor: the old one). */
export function namer(...stories: Array<Story | undefined>) {
  const names = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const story of [...stories].reverse()) {
    for (const a of story?.actors ?? []) names.set(a.id, a.name);
    for (const s of story?.sources ?? []) sources.set(s.id, s.name);
  }
  return {
    actor: (id: string) => names.get(id) ?? id,
    source: (id: string) => sources.get(id) ?? id,
  };
}

export type Namer = ReturnType<typeof namer>;

/** A claim field's value for readers: status with its mark, sources and actors by name. */
export function displayValue(field: string, value: FieldValue, names: Namer): string {
  if (value === null) return '(none)';
  if (field === 'status' && typeof value === 'string')
    return `${STATUS_MARK[value as ClaimStatus] ?? ''} ${value}`.trim();
  const list = Array.isArray(value) ? value : [value];
  if (field === 'source') return list.map(names.source).join('; ');
  if (field === 'about') return list.map(names.actor).join(', ');
  return formatValue(value);
}

export function beforeAfter(change: FieldChange, names: Namer): string {
  return `${displayValue(change.field, change.before, names)} → ${displayValue(change.field, change.after, names)}`;
}

/** "status: reported → confirmed; note: (none) → Seen arriving" — one line, ids as typed. */
export function compactFields(fields: readonly FieldChange[]): string {
  return fields.map((f) => `${f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`).join('; ');
}

export function claimChangeLine(change: ClaimChange, names: Namer): string {
  if (change.kind === 'added') return `added (${change.after?.status ?? ''})`;
  if (change.kind === 'removed') return 'removed';
  return change.fields.map((f) => `${fieldLabel(f.field).toLowerCase()}: ${beforeAfter(f, names)}`).join('; ');
}

export function actorChangeLine(change: ActorChange): string {
  const name = change.after?.name ?? change.before?.name ?? change.id;
  if (change.kind !== 'changed') return `Actor ${change.kind}: ${name} (${change.id})`;
  return `Actor ${name}: ${change.fields.map((f) => `${f.field} ${formatValue(f.before)} → ${formatValue(f.after)}`).join('; ')}`;
}

export function sourceChangeLine(change: SourceChange): string {
  const name = change.after?.name ?? change.before?.name ?? change.id;
  if (change.kind !== 'changed') return `Source ${change.kind}: ${name} (${change.id})`;
  return `Source ${change.id}: ${compactFields(change.fields)}`;
}

/** Everything in a diff that is not a claim, one line each. */
export function otherChangeLines(diff: StoryDiff): string[] {
  return [
    ...diff.details.map(
      (f) => `${f.field === 'id' ? 'Story id' : f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`,
    ),
    ...diff.actors.map(actorChangeLine),
    ...diff.sources.map(sourceChangeLine),
    ...(diff.timelineChanged ? ['Timeline changed'] : []),
  ];
}

export function countChanges(diff: StoryDiff): number {
  return otherChangeLines(diff).length + diff.claims.length;
}

export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A diff in one line for the audit log and the server log. */
export function diffSummary(diff: StoryDiff, limit = 500): string {
  const lines = [
    ...diff.claims.map((c) => `${c.id}: ${c.kind === 'changed' ? compactFields(c.fields) : c.kind}`),
    ...otherChangeLines(diff),
  ];
  const text = lines.join(' | ') || 'no change';
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
