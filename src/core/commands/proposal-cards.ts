import { UserError } from '../../errors.js';
import { changedSince } from '../content/conflict-text.js';
import { type Card, contextBlock, type OutgoingMessage, textBlock } from '../message.js';
import { proposalHeadline } from '../proposals/render.js';
import type { AcceptOutcome, ProposalReview } from '../proposals/review.js';
import type { StoredProposal } from '../proposals/stored.js';
import type { CommandContext } from './types.js';

/** What the proposal commands share: the review service, numbers as typed, and the list card. */

/** An interactive answer lists this many; the rest are a command (or the console) away. */
export const PROPOSALS_SHOWN = 15;

export function reviewOf(ctx: CommandContext): ProposalReview {
  const review = ctx.services.proposals;
  if (!review) throw new UserError('Proposals are not available here.');
  return review;
}

/** `12 13`, `#12,#13` or `all` (of the story, or the only story). */
export function chosenProposals(raw: string | undefined, ctx: CommandContext): readonly number[] | { all: string } {
  const words = (raw ?? '')
    .split(/[\s,]+/)
    .map((w) => w.replace(/^#/, ''))
    .filter(Boolean);
  if (words.length === 0) throw new UserError('Give proposal numbers (e.g. "proposal accept 12 13") or "all".');
  // A drafted story is not in the catalog until its first acceptance: any id may be named.
  if (words[0] === 'all') return { all: words[1] ?? ctx.catalog.resolve(undefined).id };
  const ids = words.map(Number);
  if (ids.some((id) => !Number.isInteger(id) || id < 1))
    throw new UserError(`Proposal numbers are whole numbers, like "proposal accept 12 13", not "${raw}".`);
  return ids;
}

export function proposalList(title: string, proposals: readonly StoredProposal[], footer: string): OutgoingMessage {
  const shown = proposals.slice(0, PROPOSALS_SHOWN);
  const blocks = shown.flatMap((p) => [
    textBlock({ text: `#${p.id} `, style: 'bold' }, proposalHeadline(p.proposal)),
    contextBlock(`“${p.proposal.sentence}” (${p.proposal.why})`),
  ]);
  const more = proposals.length - shown.length;
  if (more > 0)
    blocks.push(contextBlock(`${more} more: "/sitrep proposal list" again after deciding these, or the console.`));
  const card: Card = { title, tone: 'info', blocks, footer };
  return { text: title, cards: [card], visibility: 'private' };
}

/** One line per batch decided: what happened, in words an editor acts on. */
export function acceptedText(result: AcceptOutcome): string {
  const numbers = result.ids.map((id) => `#${id}`).join(', ');
  switch (result.kind) {
    case 'accepted':
      return result.outcome.kind === 'applied'
        ? `Accepted ${numbers}: revision ${result.outcome.revision.id} (${result.outcome.changed.join(', ')}).`
        : `Accepted ${numbers}: the story already said this.`;
    case 'held':
      return `${numbers} held for an admin (${result.outcome.pending.reason}): "/sitrep confirm ${result.outcome.pending.id}".`;
    case 'refused':
      if (result.outcome.kind === 'conflict')
        return `Not accepted (${numbers} stay open): changed since the article was read: ${result.outcome.conflicts
          .map((c) => `${c.field}: ${changedSince(c, 'the article was read')}`)
          .join('; ')}. Accept it edited, or reject it.`;
      return `Not accepted (${numbers} stay open): ${result.outcome.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`;
  }
}
