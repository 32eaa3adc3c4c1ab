import { UserError } from '../../errors.js';
import { displayValue, fieldLabel, namer } from '../claims/describe.js';
import { fieldChanges } from '../claims/diff.js';
import { EDITABLE_FIELDS } from '../claims/edit-values.js';
import { findClaimById } from '../claims/targets.js';
import { contextBlock, notice, type OutgoingMessage } from '../message.js';
import { tokenize } from './tokenize.js';
import type { CommandDef } from './types.js';

/**
 * Re-quotes words so `tokenize` gives them back: values may hold spaces and either quote. A value
 * holding every quote kind at once loses its double quotes (tokenize has no escapes).
 */
function requote(words: readonly string[]): string {
  return words
    .map((w) => {
      if (w !== '' && !/[\s"'“”‘’]/.test(w)) return w;
      if (!w.includes('"')) return `"${w}"`;
      if (!w.includes("'")) return `'${w}'`;
      if (!w.includes('”')) return `“${w}”`;
      return `"${w.replace(/"/g, '')}"`;
    })
    .join(' ');
}

/** `status=confirmed note=Seen in Vladivostok`: a word without `=` continues the previous value. */
export function parseChanges(text: string): Record<string, string> {
  const changes: Record<string, string> = {};
  let last: string | undefined;
  for (const word of tokenize(text)) {
    const at = word.indexOf('=');
    if (at > 0) {
      last = word.slice(0, at).trim().toLowerCase();
      if (last in changes) throw new UserError(`${last} is given twice.`);
      changes[last] = word.slice(at + 1);
    } else if (last !== undefined) {
      changes[last] = `${changes[last]} ${word}`;
    } else {
      throw new UserError(`Expected field=value, got "${word}". Fields: ${EDITABLE_FIELDS.join(', ')}.`);
    }
  }
  return changes;
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
    return { claim, changes: rest.length > 0 ? requote(rest) : undefined };
  },
  async run(args, ctx): Promise<OutgoingMessage> {
    const { view, claim } = findClaimById(args.claim ?? '', ctx.catalog);
    const changes = parseChanges(args.changes ?? '');
    const outcome = await ctx.services.editor.apply({
      story: view.id,
      claimId: claim.id,
      changes,
      author: `${ctx.caller.platform}:${ctx.caller.userId}`,
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
    });
    if (!outcome.ok) return notice(`Not changed: ${outcome.message}`, 'warning');
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
            contextBlock(
              `Saved to ${view.id}.yaml as revision ${outcome.revisionId}; channels tracking it are alerted.`,
            ),
          ],
          footer: view.story.title,
        },
      ],
    };
  },
};
