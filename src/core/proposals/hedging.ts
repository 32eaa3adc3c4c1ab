import type { Hedging } from '../story/schema.js';

/**
 * How firmly a sentence puts what it says, by rules an editor can read:
 *
 *   speculative  a possibility: could, might, may, possibly, potentially, perhaps, would potentially
 *   hedged       attributed or qualified: reportedly, allegedly, according to, believed/thought/said to,
 *                suggest(s), indicate(s), likely, appears/seems to, expected to, doubts, unconfirmed
 *   firm         none of these
 *
 * The weakest cue wins ("reports suggest ... could" is speculative). The cues found are returned
 * so the proposal can say why.
 */

interface Cue {
  pattern: RegExp;
  level: Exclude<Hedging, 'firm'>;
}

const CUES: Cue[] = [
  { pattern: /\b(could|might)\b/, level: 'speculative' },
  // "may" the modal, not May the month: a capitalised May inside a sentence is the month.
  { pattern: /(?:^|[^\p{L}])(?:may)\b/u, level: 'speculative' },
  { pattern: /\b(possibly|potentially|perhaps|conceivably|maybe)\b/, level: 'speculative' },
  { pattern: /\b(reportedly|allegedly|apparently|purportedly|supposedly|presumably)\b/, level: 'hedged' },
  { pattern: /\baccording to\b/, level: 'hedged' },
  {
    pattern:
      /\b(?:is|are|was|were|be|been|being)\s+(?:widely\s+)?(believed|thought|said|understood|expected|reported|alleged|rumou?red|estimated|assumed|considered) to\b/,
    level: 'hedged',
  },
  { pattern: /\b(suggest|suggests|suggested|suggesting)\b/, level: 'hedged' },
  { pattern: /\b(indicate|indicates|indicated|indicating)\b/, level: 'hedged' },
  { pattern: /\b(likely|unlikely|probably|probable)\b/, level: 'hedged' },
  { pattern: /\b(appears?|appeared|seems?|seemed) to\b/, level: 'hedged' },
  { pattern: /\b(doubts?|doubtful|unconfirmed|unverified|unclear)\b/, level: 'hedged' },
  { pattern: /\b(claims|claimed|alleges|alleged) (?:that\b)?/, level: 'hedged' },
];

export interface HedgingReading {
  hedging: Hedging;
  /** The hedge words as found, in order of appearance. */
  cues: string[];
}

const RANK: Record<Hedging, number> = { firm: 2, hedged: 1, speculative: 0 };

/** Firm > hedged > speculative: true when `a` is put more firmly than `b`. */
export function firmerThan(a: Hedging, b: Hedging): boolean {
  return RANK[a] > RANK[b];
}

export function readHedging(sentence: string): HedgingReading {
  const text = sentence.replace(/[’‘]/g, "'");
  const lower = text.toLowerCase();
  let hedging: Hedging = 'firm';
  const found: Array<{ at: number; cue: string }> = [];
  for (const { pattern, level } of CUES) {
    const global = new RegExp(pattern.source, `${pattern.flags}g`);
    for (const match of lower.matchAll(global)) {
      const at = match.index + match[0].length - match[0].trimStart().length;
      const cue = match[0].trim().replace(/^[^\p{L}]+/u, '');
      if (cue === 'may' && isMonthMay(text, at)) continue;
      found.push({ at, cue });
      if (RANK[level] < RANK[hedging]) hedging = level;
    }
  }
  found.sort((a, b) => a.at - b.at);
  return { hedging, cues: [...new Set(found.map((f) => f.cue))] };
}

function isMonthMay(text: string, at: number): boolean {
  const word = text.slice(at, at + 3);
  if (word !== 'May') return false;
  // Capitalised at the start of the sentence it is the modal ("May I…" aside, news rarely starts so).
  if (text.slice(0, at).trim() === '') return /^May\s+\d/.test(text.slice(at));
  return true;
}
