import { type Block, bold, code, contextBlock, type Inline, italic, STATUS_MARK } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { Claim } from '../story/schema.js';

/** How firmly the source put it, in words a reader understands at a glance. */
export function hedgingLabel(claim: Claim): string | undefined {
  if (claim.hedging === 'hedged') return 'hedged by the source';
  if (claim.hedging === 'speculative') return 'speculative';
  return undefined;
}

/** "reported · hedged by the source · per An unnamed US official" */
export function claimAttribution(claim: Claim, view: StoryView): string {
  const parts: string[] = [claim.status];
  const hedge = hedgingLabel(claim);
  if (hedge) parts.push(hedge);
  if (claim.confidence) parts.push(`editors' confidence: ${claim.confidence}`);
  parts.push(`source: ${view.sourceNames(claim).join('; ')}`);
  return parts.join(' · ');
}

/** One claim as a list item: mark, text, status and source in italics, then its id. Never stronger than its source. */
export function claimLine(claim: Claim, view: StoryView, after: readonly Inline[] = []): Inline[] {
  const line: Inline[] = [
    `${STATUS_MARK[claim.status]} `,
    claim.text,
    ' ',
    italic(`(${claimAttribution(claim, view)})`),
    ...after,
    // The id is what /sitrep claim, set, edit and track take; without it here, only Discord's
    // autocomplete could find it.
    ' · id ',
    code(claim.id),
  ];
  return claim.note ? [...line, ...noteLine(claim.note)] : line;
}

/** The editors' caveat under a listed claim, on its own line so the claim line still ends with its source. */
export function noteLine(note: string): Inline[] {
  return ['\n    ↳ ', bold('Note:'), ` ${note}`];
}

export function claimList(claims: readonly Claim[], view: StoryView): Block {
  return { type: 'list', items: claims.map((c) => claimLine(c, view)) };
}

/** A claim on its own: text, the fields a reader checks, and where it came from. */
export function claimBlocks(claim: Claim, view: StoryView): Block[] {
  const blocks: Block[] = [
    { type: 'text', content: [claim.text] },
    {
      type: 'fields',
      fields: [
        { label: 'Status', value: `${STATUS_MARK[claim.status]} ${claim.status}` },
        { label: 'Source', value: view.sourceNames(claim).join('; ') },
        { label: 'How it was put', value: claim.hedging ?? 'not stated' },
        { label: 'Confidence', value: claim.confidence ?? 'not rated' },
        { label: 'About', value: claim.about.map((id) => view.actorName(id)).join(', ') },
      ],
    },
  ];
  if (claim.note) blocks.push(contextBlock(bold('Note: '), claim.note));
  const links = claim.source.map((id) => view.sourceById.get(id)).filter((s) => s?.url);
  if (links.length > 0) {
    blocks.push(
      contextBlock(
        'Sources: ',
        ...links.flatMap((s, i) => [...(i ? ['; '] : []), { text: s?.name ?? '', url: s?.url }]),
      ),
    );
  }
  return blocks;
}
