import { capitalise } from '../helpers.js';
import type { ReadSentence } from '../ports.js';
import { tokenText } from './attribution.js';

/** What kind of statement a sentence makes: dated, past, negated, or saying that events overtook something. */

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const IRREGULAR_PAST = new Set(
  `met held went made took came left won saw gave began fought brought sought found flew rode ran sent spent built sold
  bought kept led struck shot fell rose arrived told said knew thought became grew stood sat hit put set cut let paid`
    .split(/\s+/)
    .filter(Boolean),
);
const MODALS = new Set(['will', 'would', 'could', 'might', 'may', 'should', 'shall', 'can', 'must', 'to']);
const NEGATIONS =
  /\b(not|never|no longer|denied|denies|deny|dismissed|rejected|refuted|disputed|contradicted|false|untrue|baseless|no plans?)\b|n't\b/;

/** A date as the story format writes it (YYYY, YYYY-MM or YYYY-MM-DD), or undefined when it cannot be placed. */
export function isoDate(text: string, reference?: string): string | undefined {
  const t = text.toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  const month = (name: string) => MONTHS.indexOf(name) + 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  let m = t.match(/^(?:on |the )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+) (\d{4})$/);
  if (m && month(m[2] as string) > 0) return `${m[3]}-${pad(month(m[2] as string))}-${pad(Number(m[1]))}`;
  m = t.match(/^([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/);
  if (m && month(m[1] as string) > 0) return `${m[3]}-${pad(month(m[1] as string))}-${pad(Number(m[2]))}`;
  m = t.match(/^(?:in )?([a-z]+) (\d{4})$/);
  if (m && month(m[1] as string) > 0) return `${m[2]}-${pad(month(m[1] as string))}`;
  m = t.match(/^(?:in )?(\d{4})$/);
  if (m) return m[1];
  m = t.match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
  if (m) return m[0];
  const ref = reference?.match(/^(\d{4})-(\d{2})(?:-(\d{2}))?/);
  if (!ref) return undefined;
  const [year, mon] = [Number(ref[1]), Number(ref[2])];
  m = t.match(/^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)$/) ?? t.match(/^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?$/);
  if (m) {
    const [a, b] = [m[1] as string, m[2] as string];
    const [day, name] = /^\d/.test(a) ? [Number(a), b] : [Number(b), a];
    if (month(name) > 0) return `${year}-${pad(month(name))}-${pad(day)}`;
  }
  if (t === 'this month') return `${year}-${pad(mon)}`;
  if (t === 'last month') return mon === 1 ? `${year - 1}-12` : `${year}-${pad(mon - 1)}`;
  if (t === 'next month') return mon === 12 ? `${year + 1}-01` : `${year}-${pad(mon + 1)}`;
  if (t === 'this year') return String(year);
  if (t === 'last year') return String(year - 1);
  return undefined;
}

/** The dates a sentence gives, as ISO, most precise first. */
export function sentenceDates(sentence: ReadSentence, reference?: string): string[] {
  const dates = sentence.dates.map((d) => isoDate(d.text, reference)).filter((d): d is string => d !== undefined);
  return [...new Set(dates)].sort((a, b) => b.length - a.length);
}

/** A past event: a verb in the past not governed by a modal ("met", "had travelled"; not "might travel"). */
export function statesPast(sentence: ReadSentence): boolean {
  const { tokens } = sentence;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token || (token.pos !== 'VERB' && token.pos !== 'AUX')) continue;
    const word = tokenText(token).toLowerCase();
    const past =
      IRREGULAR_PAST.has(word) || (word.endsWith('ed') && word.length > 3) || ['was', 'were', 'had'].includes(word);
    if (!past) continue;
    const before = tokens[i - 1] ? tokenText(tokens[i - 1] as typeof token).toLowerCase() : '';
    const twoBefore = tokens[i - 2] ? tokenText(tokens[i - 2] as typeof token).toLowerCase() : '';
    if (MODALS.has(before) || MODALS.has(twoBefore)) continue;
    // "the proposed agreement", "known for": a participle used as an adjective.
    if (before === 'the' || before === 'a' || before === 'an') continue;
    return true;
  }
  return false;
}

export function isNegated(text: string): boolean {
  return NEGATIONS.test(text.toLowerCase().replace(/[’‘]/g, "'"));
}

const SUPERSEDED =
  /\b(rather than|instead of|not in|not at|no longer|was cancell?ed|were cancell?ed|called off|was postponed|were postponed|was scrapped|has been superseded)\b/;

/**
 * "held at the cosmodrome rather than in Vladivostok, where…": the cue and the words after it up to
 * the end of the clause are what events overtook; `clause` is the sentence up to there.
 */
export function supersededWords(text: string): { scope: string; clause: string } | undefined {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const match = lower.match(SUPERSEDED);
  if (!match || match.index === undefined) return undefined;
  const after = match.index + match[0].length;
  const stop = lower.slice(after).search(/[,;.:!?]/);
  const end = stop < 0 ? lower.length : after + stop;
  return { scope: lower.slice(match.index, end), clause: text.slice(0, end) };
}

export function isQuestion(text: string): boolean {
  return text.trim().endsWith('?');
}

/**
 * "North Korea showcased weapons, including the Hwasong ICBM, which is believed to be its first
 * solid-fuel ICBM.": a hedged aside on a firm statement. Two statements, each as firm as the
 * article makes it: the sentence without the aside, and "the Hwasong ICBM is believed to be…". A
 * sentence whose aside is no less firm than the rest stays whole.
 */
export function splitHedgedAside(sentence: ReadSentence, isHedged: (text: string) => boolean): ReadSentence[] {
  const { tokens } = sentence;
  const at = tokens.findIndex(
    (t, i) => i > 2 && t.text === ',' && ['which', 'who'].includes(tokens[i + 1]?.text.toLowerCase() ?? ''),
  );
  if (at < 0) return [sentence];
  let end = tokens.length;
  while (end > at && tokens[end - 1]?.pos === 'PUNCT' && tokens[end - 1]?.text !== ')') end -= 1;
  const asideTokens = tokens.slice(at + 2, end);
  const mainTokens = tokens.slice(0, at);
  const aside = joinRun(asideTokens);
  const main = joinRun(mainTokens);
  if (!isHedged(aside) || isHedged(main)) return [sentence];
  // The antecedent: back from the comma to the verb, preposition or comma that governs it.
  let from = at;
  while (from > 0 && !['VERB', 'ADP', 'SCONJ'].includes(tokens[from - 1]?.pos ?? '') && tokens[from - 1]?.text !== ',')
    from -= 1;
  const antecedent = tokens.slice(from, at);
  if (antecedent.length === 0 || !antecedent.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN')) return [sentence];
  const subject = antecedent.map((t, i) => (i === 0 ? { ...t, space: false, text: capitalise(t.text) } : t));
  const period = { text: '.', pos: 'PUNCT', space: false };
  const part = (list: ReadSentence['tokens'], offset: number): ReadSentence => ({
    ...sentence,
    text: joinRun(list),
    tokens: list,
    dates: sentence.dates
      .filter((d) => d.start >= offset && d.end <= offset + list.length)
      .map((d) => ({ ...d, start: d.start - offset, end: d.end - offset })),
  });
  const first = part([...mainTokens, period], 0);
  const second = part([...subject, ...asideTokens, period], 0);
  second.dates = [];
  return [first, second];
}

function joinRun(tokens: ReadSentence['tokens']): string {
  return tokens
    .map((t, i) => (i > 0 && t.space ? ' ' : '') + tokenText(t))
    .join('')
    .trim();
}
