import type { ReadToken } from '../ports.js';
import type { Source } from '../story/schema.js';
import { countryOfDemonym } from './countries.js';

type SourceKind = Source['kind'];

/**
 * Who says what a sentence says, by rules read off real news sentences:
 *
 *   "…, according to a US official."                    → a US official
 *   "John Kirby revealed that …" / "Everard also suggests that …"   → the subject of a verb of saying
 *   "John Everard, a former UK ambassador, raises doubts …"        → the subject; the apposition is its role
 *   "Media reports suggest that …" / "reports indicate that …"     → unnamed reports
 *   "…, the Kremlin said."  /  "…, said the Kremlin."               → the speaker after the clause
 *   "the White House's recent announcement of …"                   → whoever announced
 *   "Kim is reportedly …" with none of the above                   → unnamed reports
 *   none of these                                                  → the article, in its own voice
 */

export interface Attribution {
  kind: 'article' | 'source';
  /** The source as the sentence names it, without a leading article ("US official", "John Kirby"). */
  name?: string;
  /** An apposition describing the source ("a former UK ambassador to North Korea"). */
  role?: string;
  /** True when the source is only "reports" or "sources", with no one named. */
  unnamed: boolean;
  /** The words that made it an attribution ("according to", "revealed", "reportedly"). */
  cue?: string;
  /** A pronoun subject ("he said"): whoever the sentence before named. */
  pronoun?: boolean;
}

const SAYING = new Set(
  `said says say told tells stated states revealed reveals announced announces reported reports confirmed confirms
  claimed claims warned warns added adds noted notes suggested suggests suggest believes believe argued argues insisted
  insists denied denies indicated indicates indicate wrote writes acknowledged acknowledges admitted admits disclosed
  discloses alleged alleges estimated estimates predicted predicts raised raises questioned questions dismissed dismisses
  rejected rejects disputed disputes contradicted contradicts retracted retracts assessed assesses concluded concludes
  explained explains stressed stresses emphasised emphasized maintained maintains reiterated reiterates tweeted posted`
    .split(/\s+/)
    .filter(Boolean),
);

const STATEMENT_NOUNS = new Set(
  'announcement statement report assessment claim claims warning admission disclosure confirmation denial remarks comments testimony briefing'.split(
    ' ',
  ),
);

const UNNAMED_HEADS = new Set(['reports', 'report', 'sources', 'source', 'accounts', 'rumours', 'rumors']);
const RELATIVES = new Set([
  'where',
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'as',
  'while',
  'if',
  'because',
  'although',
]);
const GENERIC_NAMES = new Set([
  'media',
  'press',
  'news',
  'state',
  'local',
  'foreign',
  'western',
  'regional',
  'international',
]);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);
const DETERMINERS = new Set(['a', 'an', 'the', 'some', 'several', 'many', 'other', 'two', 'three']);

export function tokenText(token: ReadToken): string {
  return token.text.replace(/[’‘]/g, "'");
}

/** Tokens back into text as written. */
export function joinTokens(tokens: readonly ReadToken[]): string {
  return tokens
    .map((t, i) => (i > 0 && t.space ? ' ' : '') + tokenText(t))
    .join('')
    .trim();
}

function isPunct(token: ReadToken | undefined, chars = ',.;:!?'): boolean {
  return token !== undefined && token.pos === 'PUNCT' && chars.includes(token.text);
}

/** A noun phrase's text without its leading determiner. */
function phrase(tokens: readonly ReadToken[]): string {
  let start = 0;
  while (start < tokens.length && DETERMINERS.has((tokens[start] as ReadToken).text.toLowerCase())) start += 1;
  return joinTokens(tokens.slice(start));
}

function hasNoun(tokens: readonly ReadToken[]): boolean {
  return tokens.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'PRON');
}

function source(tokens: ReadToken[], cue: string, role?: ReadToken[]): Attribution {
  const words = tokens.filter((t) => t.pos !== 'PUNCT');
  const head = words.at(-1)?.text.toLowerCase() ?? '';
  const pronoun = words.length === 1 && PRONOUNS.has(head);
  // "Media reports", "Local media reports", "Chinese state media" name no one: the lite model tags
  // such words as proper nouns.
  const named = words.some(
    (t) => t.pos === 'PROPN' && !GENERIC_NAMES.has(t.text.toLowerCase()) && !countryOfDemonym(t.text),
  );
  return {
    kind: 'source',
    name: phrase(tokens),
    ...(role && role.length > 0 ? { role: phrase(role) } : {}),
    unnamed: !named && UNNAMED_HEADS.has(head),
    cue,
    ...(pronoun ? { pronoun: true } : {}),
  };
}

/** "according to X": X runs to the next comma or the end. */
function accordingTo(tokens: ReadToken[]): Attribution | undefined {
  for (let i = 0; i < tokens.length - 1; i += 1) {
    if (tokens[i]?.text.toLowerCase() !== 'according' || tokens[i + 1]?.text.toLowerCase() !== 'to') continue;
    let end = i + 2;
    while (end < tokens.length && !isPunct(tokens[end], ',.;:!?()')) end += 1;
    const np = tokens.slice(i + 2, end);
    if (hasNoun(np)) return source(np, 'according to');
  }
  return undefined;
}

/** The subject of the first verb of saying: from the last comma before it, an apposition set aside. */
function subjectOfSaying(tokens: ReadToken[]): Attribution | undefined {
  for (let v = 1; v < tokens.length; v += 1) {
    const verb = tokens[v] as ReadToken;
    const word = verb.text.toLowerCase();
    if (!SAYING.has(word) || (verb.pos !== 'VERB' && verb.pos !== 'NOUN')) continue;
    // "raises doubts", "suggests that", "said on Monday that": a verb of saying, not "the reports".
    if (verb.pos === 'NOUN' && !['reports', 'claims', 'questions', 'raises'].includes(word)) continue;
    if (verb.pos === 'NOUN' && tokens[v + 1]?.text.toLowerCase() !== 'that') continue;
    let end = v;
    while (end > 0 && ['ADV', 'AUX'].includes((tokens[end - 1] as ReadToken).pos)) end -= 1; // "also", "has"
    let before = tokens.slice(0, end);
    let role: ReadToken[] | undefined;
    // "X, a former ambassador, raises…": the apposition between the last two commas is a role.
    if (isPunct(before.at(-1), ',')) {
      const inner = before.slice(0, -1);
      const open = lastIndex(inner, (t) => isPunct(t, ','));
      if (open >= 0 && DETERMINERS.has(inner[open + 1]?.text.toLowerCase() ?? '')) {
        role = inner.slice(open + 1);
        before = inner.slice(0, open);
      }
    }
    const start = lastIndex(before, (t) => isPunct(t, ',;:'));
    const subject = before.slice(start + 1);
    if (subject.length === 0 || subject.length > 12 || !hasNoun(subject)) continue;
    if (subject.some((t) => t.pos === 'VERB' || t.pos === 'SCONJ' || t.pos === 'AUX')) continue;
    // "…, where media reports had suggested…": a relative clause, not who says the sentence.
    if (RELATIVES.has(subject[0]?.text.toLowerCase() ?? '')) continue;
    return source(subject, word, role);
  }
  return undefined;
}

/** "…, the Kremlin said." and "…, said the Kremlin." at the end of the sentence. */
function trailingSpeaker(tokens: ReadToken[]): Attribution | undefined {
  let end = tokens.length;
  while (end > 0 && isPunct(tokens[end - 1], '.!?"”')) end -= 1;
  const body = tokens.slice(0, end);
  const comma = lastIndex(body, (t) => isPunct(t, ','));
  if (comma < 0) return undefined;
  const tail = body.slice(comma + 1);
  if (tail.length < 2 || tail.length > 12) return undefined;
  const first = tail[0]?.text.toLowerCase() ?? '';
  const last = tail.at(-1)?.text.toLowerCase() ?? '';
  if (SAYING.has(first) && hasNoun(tail.slice(1))) return source(tail.slice(1), first);
  if (SAYING.has(last) && hasNoun(tail.slice(0, -1))) return source(tail.slice(0, -1), last);
  // "…, the Kremlin said on Wednesday."
  const verbAt = tail.findIndex((t) => SAYING.has(t.text.toLowerCase()) && t.pos === 'VERB');
  if (verbAt > 0 && hasNoun(tail.slice(0, verbAt)) && tail.slice(verbAt + 1).every((t) => t.pos !== 'VERB'))
    return source(tail.slice(0, verbAt), (tail[verbAt] as ReadToken).text.toLowerCase());
  return undefined;
}

/** "the White House's recent announcement of …": the possessor of a statement noun. */
function possessorOfStatement(tokens: ReadToken[]): Attribution | undefined {
  for (let i = 1; i < tokens.length; i += 1) {
    const token = tokens[i] as ReadToken;
    if (token.pos !== 'PART' || !/^'s?$/.test(tokenText(token))) continue;
    let j = i + 1;
    while (tokens[j]?.pos === 'ADJ') j += 1;
    if (!STATEMENT_NOUNS.has(tokens[j]?.text.toLowerCase() ?? '')) continue;
    let start = i;
    while (start > 0 && ['PROPN', 'NOUN'].includes((tokens[start - 1] as ReadToken).pos)) start -= 1;
    const owner = tokens.slice(start, i);
    if (owner.some((t) => t.pos === 'PROPN')) return source(owner, (tokens[j] as ReadToken).text.toLowerCase());
  }
  return undefined;
}

function lastIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i -= 1) if (test(list[i] as T)) return i;
  return -1;
}

export function readAttribution(tokens: ReadToken[]): Attribution {
  const found =
    accordingTo(tokens) ?? subjectOfSaying(tokens) ?? trailingSpeaker(tokens) ?? possessorOfStatement(tokens);
  if (found) return found;
  if (tokens.some((t) => /^(reportedly|allegedly)$/i.test(t.text)))
    return { kind: 'source', name: 'reports', unnamed: true, cue: 'reportedly' };
  return { kind: 'article', unnamed: false };
}

/** A source's kind from the words that name it, most specific first. */
export function sourceKind(name: string, role = ''): SourceKind {
  const words = `${name} ${role}`.toLowerCase();
  if (
    /\bformer\b|\banalysts?\b|\bexperts?\b|\bprofessor\b|\bresearchers?\b|\bscholars?\b|\bthink.?tank\b|\bfellow\b/.test(
      words,
    )
  )
    return 'analyst';
  if (/\bintelligence\b|\bspy\b|\bspies\b/.test(words)) return 'intelligence';
  if (
    /\bkremlin\b|\bwhite house\b|\bgovernment\b|\bministry\b|\bdepartment\b|\bcabinet\b|\bparliament\b|\bcongress\b|\bpentagon\b/.test(
      words,
    )
  )
    return 'government';
  if (
    /\bmedia\b|\breports?\b|\bnews\b|\bnewspapers?\b|\bpress\b|\bbroadcaster\b|\btelevision\b|\bjournalists?\b|\breporters?\b|\bagency\b/.test(
      words,
    )
  )
    return 'media';
  if (
    /\bofficials?\b|\bspokes(man|woman|person)\b|\bminister\b|\bpresident\b|\bsecretary\b|\bambassador\b|\bdiplomats?\b|\benvoy\b|\bcouncil\b/.test(
      words,
    )
  )
    return 'official';
  return 'other';
}
