import type { ReadSentence, ReadToken } from '../ports.js';
import type { Actor } from '../story/schema.js';
import { tokenText } from './attribution.js';
import { countryNamed, countryOfDemonym } from './countries.js';

/**
 * Named people, states, organisations and places in one sentence, read from runs of proper nouns
 * (the English lite model tags parts of speech but names only dates and numbers). The rules:
 *
 * - a run of PROPN tokens is a name; leading titles ("President", "Defence Minister") are its title;
 * - a state by its name or code ("North Korea", "US"); a demonym before a group noun is a group
 *   ("Ukrainian forces"), and "an advance team of North Korean officials" is one;
 * - a state's possession that ends in an institution ("South Korea's intelligence service") is one;
 * - a name before an institution noun is one ("the Kim Jong Un administration");
 * - a name used only as a modifier ("Media reports", "the Covid-19 pandemic") is not an actor;
 * - a name after "in", "near", "at", "via" is a place; a role named with a demonym ("the North
 *   Korean leader") is kept as a role, for the article to resolve to whoever it titled.
 */

export type MentionKind = Actor['kind'] | 'place' | 'role' | 'unknown';

export interface NameMention {
  text: string;
  kind: MentionKind;
  start: number;
  end: number;
  /** Titles written before a person's name: "President", "National Security Council spokesman". */
  title?: string;
  /** For a state or a demonym: the state's usual name. */
  country?: string;
  /** A name that only modifies a noun ("Media reports"): not an actor unless the story knows it. */
  modifier?: boolean;
  /** Inside a longer mention (the state in "South Korea's intelligence service"). */
  inside?: boolean;
  /** The name is the subject of a verb of saying, or has an apposition: a sign of a person. */
  speaks?: boolean;
}

export const TITLE_WORDS = new Set(
  `president prime minister defence defense foreign interior finance secretary general leader chancellor king queen prince
  princess mr mrs ms dr sir senator governor mayor spokesman spokeswoman spokesperson ambassador chairman chairwoman chair
  premier supreme commander chief lieutenant colonel admiral pope deputy vice representative rep sen gen director head
  envoy judge justice lord lady sheikh emir crown`
    .split(/\s+/)
    .filter(Boolean),
);

const MONTHS_AND_DAYS = new Set(
  `january february march april may june july august september october november december monday tuesday wednesday
  thursday friday saturday sunday`.split(/\s+/),
);

const GROUP_NOUNS: Record<string, Actor['kind']> = {
  forces: 'organization',
  troops: 'organization',
  military: 'organization',
  army: 'organization',
  navy: 'organization',
  soldiers: 'organization',
  police: 'organization',
  officials: 'group',
  diplomats: 'group',
  delegation: 'group',
  authorities: 'government',
  government: 'government',
  administration: 'government',
  regime: 'government',
  cabinet: 'government',
  ministry: 'government',
  intelligence: 'agency',
  service: 'agency',
  agency: 'agency',
};

const COLLECTIVE = new Set(['team', 'delegation', 'group', 'unit', 'contingent', 'party', 'mission', 'convoy']);
const LOCATIVE = new Set(['in', 'near', 'at', 'via', 'outside', 'inside', 'across', 'around', 'towards', 'toward']);

const AGENCY_WORDS = /\b(agency|service|council|bureau|intelligence|command|commission|inspectorate)\b/i;
const GOVERNMENT_WORDS =
  /\b(house|kremlin|ministry|department|government|cabinet|parliament|congress|senate|pentagon|office|administration)\b/i;
const ORGANIZATION_WORDS =
  /\b(party|army|navy|forces|bank|union|organi[sz]ation|institute|university|court|assembly|corporation|company|group|news|times|post|committee|foundation|association|federation|league|front|movement|inc|ltd|corp)\b/i;

function lower(token: ReadToken | undefined): string {
  return token ? tokenText(token).toLowerCase() : '';
}

function isNameToken(token: ReadToken, inDate: boolean): boolean {
  return token.pos === 'PROPN' && !inDate && !MONTHS_AND_DAYS.has(lower(token)) && /\p{Lu}/u.test(token.text);
}

function joinRun(tokens: readonly ReadToken[]): string {
  return tokens
    .map((t, i) => (i > 0 && t.space ? ' ' : '') + tokenText(t))
    .join('')
    .trim();
}

/** Token index ranges of proper-noun runs, joined over "of" ("Ministry of Defence", "Port of Rotterdam Authority"). */
function runs(sentence: ReadSentence): Array<[number, number]> {
  const { tokens } = sentence;
  const inDate = new Array<boolean>(tokens.length).fill(false);
  for (const d of sentence.dates) for (let i = d.start; i < d.end; i += 1) inDate[i] = true;
  const found: Array<[number, number]> = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNameToken(tokens[i] as ReadToken, inDate[i] ?? false)) {
      i += 1;
      continue;
    }
    let end = i + 1;
    for (;;) {
      const next = tokens[end];
      if (next && isNameToken(next, inDate[end] ?? false)) end += 1;
      else if (
        next &&
        lower(next) === 'of' &&
        tokens[end + 1] &&
        isNameToken(tokens[end + 1] as ReadToken, inDate[end + 1] ?? false)
      )
        end += 2;
      else break;
    }
    found.push([i, end]);
    i = end;
  }
  return found;
}

function isPossessive(token: ReadToken | undefined): boolean {
  return token !== undefined && token.pos === 'PART' && /^'s?$/.test(tokenText(token));
}

/** Walks back over determiners, adjectives, possessives and names to the word that governs a name. */
function governingWord(tokens: readonly ReadToken[], start: number): string {
  let i = start - 1;
  while (
    (i >= 0 && ['DET', 'ADJ', 'ADV', 'PROPN', 'NUM'].includes((tokens[i] as ReadToken).pos)) ||
    isPossessive(tokens[i])
  )
    i -= 1;
  // "to Vladivostok and Moscow": a name coordinated with a place shares its preposition.
  return lower(tokens[i]);
}

function kindFromWords(text: string): Actor['kind'] | undefined {
  if (AGENCY_WORDS.test(text)) return 'agency';
  if (GOVERNMENT_WORDS.test(text)) return 'government';
  if (ORGANIZATION_WORDS.test(text)) return 'organization';
  return undefined;
}

export function nameMentions(sentence: ReadSentence, speakerSpan?: [number, number]): NameMention[] {
  const { tokens } = sentence;
  const mentions: NameMention[] = [];
  for (const [runStart, runEnd] of runs(sentence)) {
    let start = runStart;
    for (;;) {
      if (start < runEnd && TITLE_WORDS.has(lower(tokens[start]))) start += 1;
      // "Dutch Prime Minister Mark Rutte", "North Korean Leader…": a demonym before a title is part of it.
      else if (TITLE_WORDS.has(lower(tokens[start + 1])) && countryOfDemonym(lower(tokens[start]))) start += 1;
      else if (
        TITLE_WORDS.has(lower(tokens[start + 2])) &&
        countryOfDemonym(`${lower(tokens[start])} ${lower(tokens[start + 1])}`)
      )
        start += 2;
      else break;
    }
    const titleTokens = tokens.slice(runStart, start);
    // Titles written as common nouns before the name: "President Vladimir Putin", "spokesman John Kirby".
    let titleStart = runStart;
    while (
      titleStart > 0 &&
      (tokens[titleStart - 1] as ReadToken).pos === 'NOUN' &&
      TITLE_WORDS.has(lower(tokens[titleStart - 1]))
    )
      titleStart -= 1;
    if (titleStart < runStart) {
      // …and the name before such a title belongs to it: "National Security Council spokesman".
      let k = titleStart;
      while (k > 0 && (tokens[k - 1] as ReadToken).pos === 'PROPN') k -= 1;
      titleStart = k;
    }
    const title = joinRun(tokens.slice(titleStart, runStart).concat(titleTokens));
    if (start >= runEnd) continue; // only titles: a role, not a name ("Defence Minister")
    const nameTokens = tokens.slice(start, runEnd);
    const text = joinRun(nameTokens);
    const next = tokens[runEnd];
    const nextWord = lower(next);
    const mention: NameMention = { text, kind: 'unknown', start, end: runEnd, ...(title ? { title } : {}) };
    const country = countryNamed(text);
    const demonymOf = country ? undefined : countryOfDemonym(text);
    if (country) {
      mention.kind = 'state';
      mention.country = country;
    } else if (demonymOf) {
      mention.country = demonymOf;
      const groupKind = next?.pos === 'NOUN' ? GROUP_NOUNS[nextWord] : undefined;
      if (groupKind) {
        let from = start;
        // "an advance team of North Korean officials"
        if (lower(tokens[start - 1]) === 'of' && COLLECTIVE.has(lower(tokens[start - 2]))) {
          from = start - 2;
          while (from > 0 && ['ADJ', 'NOUN'].includes((tokens[from - 1] as ReadToken).pos)) from -= 1;
        }
        mentions.push({
          text: joinRun(tokens.slice(from, runEnd + 1)),
          kind: from < start ? 'group' : groupKind,
          start: from,
          end: runEnd + 1,
          country: demonymOf,
        });
        continue;
      }
      if (next?.pos === 'NOUN' && TITLE_WORDS.has(nextWord)) {
        mentions.push({
          text: joinRun(tokens.slice(start, runEnd + 1)),
          kind: 'role',
          start,
          end: runEnd + 1,
          country: demonymOf,
        });
        continue;
      }
      continue; // a demonym on its own qualifies something else
    }
    // "South Korea's intelligence service", "Russia's defence ministry"
    if (isPossessive(next)) {
      let j = runEnd + 1;
      while (tokens[j] && ['NOUN', 'ADJ'].includes((tokens[j] as ReadToken).pos) && !TITLE_WORDS.has(lower(tokens[j])))
        j += 1;
      const head = lower(tokens[j - 1]);
      if (j > runEnd + 1 && GROUP_NOUNS[head]) {
        mentions.push({ ...mention, inside: true });
        mentions.push({
          text: joinRun(tokens.slice(start, j)),
          kind: GROUP_NOUNS[head] as Actor['kind'],
          start,
          end: j,
        });
        continue;
      }
    }
    if (mention.kind === 'unknown' && next?.pos === 'NOUN' && GROUP_NOUNS[nextWord] && !kindFromWords(text)) {
      // "the Kim Jong Un administration": the institution is the actor; the person inside it too.
      mentions.push({ ...mention, inside: true, kind: 'person' });
      mentions.push({
        text: joinRun(tokens.slice(start, runEnd + 1)),
        kind: GROUP_NOUNS[nextWord] as Actor['kind'],
        start,
        end: runEnd + 1,
      });
      continue;
    }
    if (mention.kind === 'unknown') {
      const byWords = kindFromWords(text);
      if (byWords) mention.kind = byWords;
      else if (LOCATIVE.has(governingWord(tokens, start))) mention.kind = 'place';
      // People are not "the …": "the Elling Courier reported" is a paper, not a person.
      else if (!title && lower(tokens[start - 1]) === 'the') mention.kind = 'organization';
      else if (title || nameTokens.length >= 2) mention.kind = 'person';
    }
    const nextIsDate = sentence.dates.some((d) => d.start === runEnd);
    const modifies = next && (next.pos === 'NOUN' || next.pos === 'ADJ') && !TITLE_WORDS.has(nextWord) && !nextIsDate;
    // "the country's first ICBM", "missile (ICBM)": a name used as a common noun.
    const common =
      tokens[start - 1]?.pos === 'ADJ' || (tokens[start - 1]?.text === '(' && tokens[start - 2]?.pos === 'NOUN');
    if ((modifies || common) && mention.kind !== 'state' && !title) mention.modifier = true;
    const apposition = next?.text === ',' && ['a', 'an', 'the'].includes(lower(tokens[runEnd + 1]));
    const speaking = speakerSpan !== undefined && start >= speakerSpan[0] && runEnd <= speakerSpan[1];
    if (apposition || speaking) mention.speaks = true;
    mentions.push(mention);
  }
  return mentions;
}
