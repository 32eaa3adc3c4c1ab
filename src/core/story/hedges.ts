import type { Claim, Story } from './schema.js';

/**
 * Words by which a source (or the article repeating it) qualifies a statement. A claim whose text
 * carries one but whose `hedging` says `firm` probably overstates its source: worth a second look,
 * though not always wrong ("could" inside a quotation), so it is a warning, never a refusal.
 */
const HEDGE_WORDS = [
  'might',
  'reportedly',
  'could',
  'according to',
  'suggest',
  'suggests',
  'suggested',
  'allegedly',
  'believed to',
  'possibly',
  'potentially',
] as const;

const HEDGE_PATTERN = new RegExp(`\\b(${HEDGE_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`, 'i');

/** The first hedge word in a text, as written, or undefined. */
export function hedgeWordIn(text: string): string | undefined {
  return HEDGE_PATTERN.exec(text)?.[1];
}

export interface HedgeWarning {
  claimIndex: number;
  claimId: string;
  word: string;
}

/** Claims marked `hedging: firm` whose text hedges. */
export function firmButHedged(story: Story): HedgeWarning[] {
  return story.claims.flatMap((claim, claimIndex) => {
    if (claim.hedging !== 'firm') return [];
    const word = hedgeWordIn(claim.text);
    return word ? [{ claimIndex, claimId: claim.id, word: word.toLowerCase().replace(/\s+/g, ' ') }] : [];
  });
}

/**
 * Why a `confirmed` claim may read stronger than its source, or undefined: a claim is confirmed only
 * when its source states it as fact or a confirming source is named (PRODUCT.md, editorial rules),
 * and one still marked hedged or speculative, or hedging in its text, was not put that way.
 */
export function confirmedButHedged(claim: Claim): string | undefined {
  if (claim.status !== 'confirmed') return undefined;
  if (claim.hedging === 'hedged' || claim.hedging === 'speculative') return `its hedging is ${claim.hedging}`;
  const word = hedgeWordIn(claim.text);
  return word ? `its text says "${word.toLowerCase().replace(/\s+/g, ' ')}"` : undefined;
}
