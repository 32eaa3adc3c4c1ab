import { normalizeName } from '../story/normalize.js';

/**
 * Words that carry a claim's meaning, for matching a sentence to the claims it restates. Function
 * words and hedges are left out, so "Kim met Putin" meets "Kim might meet Putin"; endings are cut
 * so "meeting", "met" and "meets" meet too.
 */

const STOPWORDS = new Set(
  `a an the and or but nor of to in on at by for with from into onto over under about as than then that this these those
  which who whom whose what when where why how it its it's he him his she her hers they them their theirs we us our you your i me my
  is are was were be been being am has have had having do does did done will would shall should can could may might must
  not no yes so such very also too just only even still yet already there here all any both each few more most other some
  own same s t if while during before after since until against between through per via whether because although though
  despite including include includes included according reportedly allegedly apparently possibly potentially perhaps
  likely unlikely probably believed believe believes thought suggest suggests suggested suggesting indicate indicates
  indicated indicating say says said report reports reported reporting claim claims claimed told tell tells revealed
  reveal reveals announced announce announces stated state states strongly`
    .split(/\s+/)
    .filter(Boolean),
);

const STEM_MEMO_LIMIT = 200_000;

const IRREGULAR: Record<string, string> = {
  met: 'meet',
  held: 'hold',
  went: 'go',
  gone: 'go',
  made: 'make',
  took: 'take',
  taken: 'take',
  came: 'come',
  left: 'leave',
  won: 'win',
  saw: 'see',
  seen: 'see',
  gave: 'give',
  given: 'give',
  began: 'begin',
  begun: 'begin',
  fought: 'fight',
  brought: 'bring',
  sought: 'seek',
  found: 'find',
  flew: 'fly',
  flown: 'fly',
  rode: 'ride',
  ran: 'run',
  sent: 'send',
  spent: 'spend',
  built: 'build',
  sold: 'sell',
  bought: 'buy',
  kept: 'keep',
  led: 'lead',
  struck: 'strike',
  shot: 'shoot',
  fell: 'fall',
  rose: 'rise',
  armour: 'armor',
  armoured: 'armor',
  armored: 'armor',
};

const keys = new Map<string, string>();

/** `normalizeName`, remembered: the rules compare the same few hundred names many times per article. */
export function nameKey(text: string): string {
  let key = keys.get(text);
  if (key === undefined) {
    key = normalizeName(text);
    if (keys.size < STEM_MEMO_LIMIT) keys.set(text, key);
  }
  return key;
}

/** A light stemmer: good enough that inflections of one word meet, never clever. */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is'))
    w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 4 && /([bdgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

// Each distinct written word's stem ('' for a function word), kept: a story's vocabulary is small
// next to its text, and 10,000 claims are read on every new story version.
const stemOf = new Map<string, string>();

function wordStem(raw: string): string {
  let stemmed = stemOf.get(raw);
  if (stemmed !== undefined) return stemmed;
  const word = /^[a-z0-9]+$/.test(raw) ? raw : normalizeName(raw).replace(/ /g, '');
  stemmed = word.length < 2 || STOPWORDS.has(word) ? '' : stem(word);
  if (stemOf.size < STEM_MEMO_LIMIT) stemOf.set(raw, stemmed);
  return stemmed;
}

/** The distinct meaning-carrying words of a text, stemmed. */
export function contentWords(text: string): string[] {
  const words = new Set<string>();
  for (const raw of text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    const stemmed = wordStem(raw);
    if (stemmed !== '') words.add(stemmed);
  }
  return [...words];
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** A lowercase slug from a text: "Kim Jong Un" → "kim-jong-un"; at most `maxWords` words. */
export function slugify(text: string, maxWords = 8): string {
  const words = normalizeName(text).split(' ').filter(Boolean).slice(0, maxWords);
  return words.join('-').replace(/[^a-z0-9-]/g, '') || 'item';
}

/** A slug not yet in `taken` (which it joins): "kim", "kim-2", "kim-3"… */
export function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
