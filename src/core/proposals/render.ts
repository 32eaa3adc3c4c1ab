import type { Proposal, ProposalSet } from './types.js';

/** Proposals as text for a terminal or a chat message: what would change, from which sentence, and why. */

export function proposalHeadline(p: Proposal): string {
  switch (p.kind) {
    case 'claim':
      return `new claim ${p.claim.id} [${p.claim.status}, ${p.claim.hedging ?? 'firm'}]: ${p.claim.text}`;
    case 'status':
      return `claim ${p.claimId}: ${p.from} → ${p.to}`;
    case 'actor':
      return `new actor ${p.actor.id}: ${p.actor.name} (${p.actor.kind}${p.actor.role ? `, ${p.actor.role}` : ''})${p.actor.aliases.length > 0 ? `, also "${p.actor.aliases.join('", "')}"` : ''}`;
    case 'alias':
      return `alias for ${p.actorId}: "${p.alias}"`;
    case 'source':
      return `new source ${p.source.id}: ${p.source.name} (${p.source.kind})`;
    case 'timeline':
      return `timeline ${p.event.date}: ${p.event.text}`;
  }
}

export function proposalLines(p: Proposal): string[] {
  const lines = [`${p.id}  ${proposalHeadline(p)}`];
  if (p.kind === 'status') lines.push(`    the claim: ${p.claimText}`);
  if (p.kind === 'claim' && p.related) lines.push(`    resembles: ${p.related}`);
  if (p.kind === 'claim') lines.push(`    about: ${p.claim.about.join(', ')}; source: ${p.claim.source.join(', ')}`);
  lines.push(`    sentence ${p.index + 1}: "${p.sentence}"`);
  lines.push(`    why: ${p.why}`);
  if (p.requires.length > 0) lines.push(`    needs: ${p.requires.join(', ')}`);
  return lines;
}

/** What each kind of proposal is, one and several: the tally reads "3 new claims, 1 status change". */
const KIND_NOUNS: Record<Proposal['kind'], [string, string]> = {
  claim: ['new claim', 'new claims'],
  status: ['status change', 'status changes'],
  actor: ['new actor', 'new actors'],
  alias: ['new alias', 'new aliases'],
  source: ['new source', 'new sources'],
  timeline: ['timeline entry', 'timeline entries'],
};

export function proposalSetText(set: ProposalSet): string {
  const counts = new Map<Proposal['kind'], number>();
  for (const p of set.proposals) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const tally = [...counts].map(([k, n]) => `${n} ${KIND_NOUNS[k][n === 1 ? 0 : 1]}`).join(', ') || 'nothing to change';
  const head = [
    `${set.draft ? 'Draft of a new story' : 'Proposals for'} ${set.story} from ${set.article.address}${set.article.title ? ` ("${set.article.title}")` : ''}`,
    `${set.article.sentences} sentences, ${set.article.words} words: ${tally}`,
  ];
  const body = set.proposals.flatMap((p) => ['', ...proposalLines(p)]);
  const covered =
    set.covered.length > 0
      ? [
          '',
          `Already in the story (${set.covered.length} sentences):`,
          ...set.covered.map((c) => `  sentence ${c.index + 1} → ${c.claimId} (${Math.round(c.score * 100)} %)`),
        ]
      : [];
  return [...head, ...body, ...covered].join('\n');
}
