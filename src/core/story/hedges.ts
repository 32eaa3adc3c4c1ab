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

/** The first hedge word in a text as a message quotes it: lower case, one space ("according to"). */
function quotedHedge(text: string): string | undefined {
  return hedgeWordIn(text)?.toLowerCase().replace(/\s+/g, ' ');
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
    const word = quotedHedge(claim.text);
    return word ? [{ claimIndex, claimId: claim.id, word }] : [];
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
  const word = quotedHedge(claim.text);
  return word ? `its text says "${word}"` : undefined;
}

/** A claim that may read stronger than its source, with the field to look at and why. */
export interface Overstatement {
  claimIndex: number;
  field: 'hedging' | 'status';
  message: string;
}

/** Every claim of `story` that may overstate its source: `sitrep validate`'s warnings. */
export function overstatements(story: Story): Overstatement[] {
  const firm = firmButHedged(story).map((w) => ({
    claimIndex: w.claimIndex,
    field: 'hedging' as const,
    message: `claim "${w.claimId}" says "${w.word}" but its hedging is firm (hedged or speculative?)`,
  }));
  const confirmed = story.claims.flatMap((claim, claimIndex) => {
    const why = confirmedButHedged(claim);
    if (!why) return [];
    const message = `claim "${claim.id}" is confirmed but ${why} (confirmed only when its source states it as fact or a confirming source is named)`;
    return [{ claimIndex, field: 'status' as const, message }];
  });
  return [...firm, ...confirmed];
}
