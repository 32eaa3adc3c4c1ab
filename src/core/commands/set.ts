import path from 'node:path';
import { UserError } from '../../errors.js';
import { displayValue, fieldLabel, namer } from '../claims/describe.js';
import { fieldChanges } from '../claims/diff.js';
import { EDITABLE_FIELDS } from '../claims/edit-values.js';
import { findClaimById } from '../claims/targets.js';
import { type Block, contextBlock, failedNotice, notice, type OutgoingMessage } from '../message.js';
import { confirmedButHedged } from '../story/hedges.js';
import type { Claim } from '../story/schema.js';
import type { CommandDef } from './types.js';

/** A quote that opens a value, and the one that closes it. */
const CLOSING: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»', '”': '”' };
const FIELD = /^([A-Za-z_]+)=/;
const NEXT_FIELD = /\s+[A-Za-z_]+=/;

/**
 * `status=confirmed note=Seen in Vladivostok`, read from the text as typed: a value runs to the
 * next ` field=` or the end, keeping every character in it (quotes of any kind, line breaks, tabs);
 * a value wrapped whole in a pair of quotes loses only that pair (`note="a b"`).
 */
export function parseChanges(raw: string): Record<string, string> {
  const changes: Record<string, string> = {};
  let rest = raw.normalize('NFC').trim();
  while (rest.length > 0) {
    const field = FIELD.exec(rest);
    if (!field?.[1]) {
      const word = rest.split(/\s/)[0] ?? rest;
      throw new UserError(`Expected field=value, got "${word}". Fields: ${EDITABLE_FIELDS.join(', ')}.`);
    }
    const name = field[1].toLowerCase();
    if (name in changes) throw new UserError(`${name} is given twice.`);
    rest = rest.slice(field[0].length);
    const close = CLOSING[rest[0] ?? ''];
    const closed = close ? closingQuote(rest, close) : -1;
    if (closed > 0) {
      changes[name] = rest.slice(1, closed);
      rest = rest.slice(closed + 1).trimStart();
      continue;
    }
    const next = NEXT_FIELD.exec(rest);
    changes[name] = (next ? rest.slice(0, next.index) : rest).trim();
    rest = next ? rest.slice(next.index).trimStart() : '';
  }
  return changes;
}

/** Where the quote opening `text` closes: a `close` followed by whitespace or the end; -1 if none. */
function closingQuote(text: string, close: string): number {
  for (let at = text.indexOf(close, 1); at > 0; at = text.indexOf(close, at + 1)) {
    const after = text[at + 1];
    if (after === undefined || /\s/.test(after)) return at;
  }
  return -1;
}

/** The changes as typed after the claim id (Slack and shell text), when the text has them. */
function typedChanges(text: string, claim: string | undefined): string | undefined {
  if (!claim) return undefined;
  const words = /^\s*(?:\/?sitrep\s+)?set\s+/i.exec(text);
  if (!words) return undefined;
  const after = text.slice(words[0].length).trimStart();
  const quoted = CLOSING[after[0] ?? ''];
  const end = quoted ? closingQuote(after, quoted) + 1 : after.search(/\s|$/);
  return end > 0 ? after.slice(end).trim() : undefined;
}

/** Where the change went: always a revision in the database; a file only when one was written. */
function savedLine(story: string, revision: number, files: { file?: string; fileLeftAlone?: string }): string {
  const written = files.file ? ` and written to ${path.basename(files.file)}` : '';
  const saved = `Saved as revision ${revision} of ${story}${written}; channels tracking it are alerted.`;
  if (!files.fileLeftAlone) return saved;
  const name = path.basename(files.fileLeftAlone);
  return `${saved} ${name} was left as it is: it holds edits that are not valid yet (npx sitrep validate says where). Once fixed and saved, they merge with this change.`;
}

/** A confirmed claim that may read stronger than its source: said to whoever just confirmed it. */
function overstatement(claim: Claim): Block[] {
  const why = confirmedButHedged(claim);
  if (!why) return [];
  return [
    contextBlock(
      `⚠ ${claim.id} is confirmed, but ${why}. A claim is confirmed only when its source states it as fact or a confirming source is named: add that source (source=…), or keep it reported.`,
    ),
  ];
}

export const set: CommandDef = {
  name: 'set',
  description: 'Change a claim (status, source, confidence, hedging, text, about, note); raises alerts',
  needs: 'edit',
  slow: true,
  options: [
    {
      name: 'claim',
      description: 'Claim id (story:claim when several stories have it)',
      required: true,
      autocomplete: 'claim',
    },
    {
      name: 'changes',
      description: 'field=value pairs, e.g. status=confirmed note="Seen arriving"',
      required: true,
      rest: true,
    },
  ],
  examples: [
    'set kim-to-visit-russia status=confirmed',
    'set kim-to-visit-russia confidence=high note="Kremlin confirmed the visit"',
    'set meeting-in-vladivostok source=us-official,media-reports hedging=hedged',
  ],
  split(words) {
    const [claim, ...rest] = words;
    return { claim, changes: rest.length > 0 ? rest.join(' ') : undefined };
  },
  async run(args, ctx): Promise<OutgoingMessage> {
    const { view, claim } = findClaimById(args.claim ?? '', ctx.catalog);
    // Typed text keeps what word splitting loses (line breaks, tabs, quotes inside a value).
    const changes = parseChanges(typedChanges(ctx.text, args.claim) ?? args.changes ?? '');
    const outcome = await ctx.services.editor.apply({
      story: view.id,
      claimId: claim.id,
      changes,
      author: `${ctx.caller.platform}:${ctx.caller.userId}`,
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
    });
    if (!outcome.ok) return failedNotice('invalid', `Not changed: ${outcome.message}`);
    const after = ctx.catalog.get(view.id)?.claimById.get(claim.id) ?? claim;
    if (outcome.changedFields.length === 0) return notice(`No change: ${claim.id} already has those values.`, 'info');
    const names = namer(ctx.catalog.get(view.id)?.story, view.story);
    const fields = fieldChanges(claim, after, outcome.changedFields).map((f) => ({
      label: fieldLabel(f.field),
      value: `${displayValue(f.field, f.before, names)} → ${displayValue(f.field, f.after, names)}`,
    }));
    const summary = `Updated ${claim.id}: ${outcome.changedFields.join(', ')}`;
    return {
      text: summary,
      visibility: 'private',
      cards: [
        {
          title: `Claim updated: ${claim.id}`,
          tone: after.status,
          blocks: [
            { type: 'text', content: [after.text] },
            { type: 'fields', fields },
            contextBlock(savedLine(view.id, outcome.revisionId, outcome)),
            ...overstatement(after),
          ],
          footer: view.story.title,
        },
      ],
    };
  },
};
