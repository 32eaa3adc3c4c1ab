import type { Claim, ClaimStatus, Hedging, Source, Story } from '../story/schema.js';
import type { Attribution } from './attribution.js';
import { readHedging } from './hedging.js';
import type { ClaimCandidate } from './match.js';
import { TITLE_WORDS } from './names.js';
import { isNegated, supersededWords } from './statements.js';
import { nameKey } from './words.js';

/**
 * When a sentence changes the status of a claim it matches. Each rule is the editor's rule from
 * the product contract, and never reads the article more firmly than it is written:
 *
 *   → confirmed  the article states it in its own voice (or an authoritative source, a government
 *                or an official, states it), without a hedge, as a past event, with a date; every
 *                name the claim gives (people, places) is in the sentence; no year disagrees; and
 *                a claim that something may be called off needs a sentence that says it was
 *   → outdated   the sentence, itself unhedged, says events overtook what a hedged or speculative
 *                reported claim names ("held at the cosmodrome rather than in Vladivostok")
 *   → disputed   a named source contradicts it ("denied", "dismissed", "not"); → denied when the
 *                source is one of the claim's own actors
 *   → retracted  the claim's own source takes it back
 */

export interface SentenceReading {
  text: string;
  index: number;
  attribution: Attribution;
  hedging: Hedging;
  hedges: string[];
  past: boolean;
  dated: boolean;
  dates: string[];
  actors: Set<string>;
  /** The story source (existing or proposed) the sentence is attributed to. */
  source?: Source;
  /** The actor the attributed source is, when it is one of the story's actors. */
  speakerActor?: string;
  /** In the article's voice, but right after unnamed reports about the same names: maybe relaying them. */
  relayed?: boolean;
}

export interface StatusChange {
  to: ClaimStatus;
  why: string;
}

/**
 * Words of an event not happening. A claim that something may be called off is not confirmed by a
 * sentence saying it happened (that is the opposite); only by one that says it was called off.
 */
const CONTRARY_EVENT =
  /\b(cancel(s|led|ling)?|call(s|ed|ing)? off|postpone[sd]?|postponing|delay(s|ed|ing)?|scrap(s|ped|ping)?|abandon(s|ed|ing)?|suspend(s|ed|ing)?|boycott(s|ed|ing)?|withdr[ae]w(s|n|ing)?|pull(s|ed|ing)? out)\b/i;

const AUTHORITATIVE: ReadonlySet<Source['kind']> = new Set(['government', 'official']);
const RETRACTION = /\b(retract(ed|s)?|withdr[ae]w|withdrawn|corrected|took back)\b/i;

/** The claim's text without its attribution ("according to…", "Media reports suggest that…"). */
function assertedPart(text: string): string {
  let t = text.replace(/,?\s*according to [^,.;]*/i, '');
  const that = t.match(
    /^(.{0,80}?\b(suggest|suggests|said|says|reported|reports|indicate|indicates|revealed|believes?)\s+that)\s/i,
  );
  if (that?.[1]) t = t.slice(that[1].length);
  return t;
}

const nameWordsCache = new WeakMap<Story, Map<string, Set<string>>>();

/** Each actor's name and alias words, normalised once per story. */
function actorNameWords(story: Story): Map<string, Set<string>> {
  let words = nameWordsCache.get(story);
  if (!words) {
    words = new Map(
      story.actors.map((a) => [a.id, new Set([a.name, ...a.aliases].flatMap((n) => nameKey(n).split(' ')))]),
    );
    nameWordsCache.set(story, words);
  }
  return words;
}

/** The names a claim gives that a confirming sentence must also give. */
export function claimNames(claim: Claim, story: Story): Array<{ word: string; actor?: string }> {
  const nameWords = actorNameWords(story);
  const words = assertedPart(claim.text)
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u);
  const names: Array<{ word: string; actor?: string }> = [];
  words.forEach((raw, i) => {
    const word = raw.replace(/'s$/, '');
    if (!/^\p{Lu}/u.test(word) || i === 0 || TITLE_WORDS.has(word.toLowerCase())) return;
    const key = nameKey(word);
    const actor = claim.about.find((id) => nameWords.get(id)?.has(key));
    names.push({ word: key, ...(actor ? { actor } : {}) });
  });
  return names;
}

function namesCovered(claim: Claim, story: Story, reading: SentenceReading): boolean {
  const sentence = ` ${nameKey(reading.text)} `;
  return claimNames(claim, story).every(
    (n) => sentence.includes(` ${n.word} `) || (n.actor !== undefined && reading.actors.has(n.actor)),
  );
}

function yearsDisagree(claim: Claim, story: Story, reading: SentenceReading): boolean {
  const claimYears = new Set(claim.text.match(/\b(19|20)\d\d\b/g) ?? []);
  if (claimYears.size === 0 && /\b(this|next) (month|week|year)\b/i.test(claim.text) && story.asOf)
    claimYears.add(story.asOf.slice(0, 4));
  if (claimYears.size === 0 || reading.dates.length === 0) return false;
  return !reading.dates.some((d) => claimYears.has(d.slice(0, 4)));
}

function sourceLabel(reading: SentenceReading): string {
  return reading.attribution.kind === 'article'
    ? 'the article, in its own voice'
    : (reading.source?.name ?? 'its source');
}

export function statusChange(
  candidate: ClaimCandidate,
  reading: SentenceReading,
  story: Story,
  minScore: number,
): StatusChange | undefined {
  const { claim } = candidate;
  const named = reading.attribution.kind === 'source' && !reading.attribution.unnamed;
  // The claim's own source takes it back.
  if (
    named &&
    reading.source &&
    claim.source.includes(reading.source.id) &&
    RETRACTION.test(reading.text) &&
    claim.status !== 'retracted'
  )
    return { to: 'retracted', why: `${reading.source.name}, the claim's own source, takes it back` };

  const superseded = supersededWords(reading.text);
  // Events overtake expectations (a hedged or speculative report), never an established fact.
  if (superseded && claim.status === 'reported' && (claim.hedging ?? 'firm') !== 'firm') {
    const scope = ` ${nameKey(superseded.scope)} `;
    const overtaken = claimNames(claim, story).filter((n) => !n.actor && scope.includes(` ${n.word} `));
    if (overtaken.length > 0 && readHedging(superseded.clause).hedging === 'firm')
      return {
        to: 'outdated',
        why: `${sourceLabel(reading)} says events overtook it: "…${superseded.scope}…" (the claim names ${overtaken.map((n) => n.word).join(', ')})`,
      };
  }
  if (candidate.score < minScore) return undefined;
  const allActors = claim.about.filter((a) => a !== reading.speakerActor).every((a) => reading.actors.has(a));

  if (named && isNegated(reading.text) && allActors && !['disputed', 'denied', 'retracted'].includes(claim.status)) {
    const denies = reading.speakerActor !== undefined && claim.about.includes(reading.speakerActor);
    return {
      to: denies ? 'denied' : 'disputed',
      why: `${reading.source?.name ?? reading.attribution.name} ${denies ? 'denies it' : 'contradicts it'} ("${reading.attribution.cue}", with a negation)`,
    };
  }

  if (claim.status !== 'reported' && claim.status !== 'disputed') return undefined;
  if (reading.hedging !== 'firm' || !reading.past || !reading.dated || isNegated(reading.text)) return undefined;
  if (reading.relayed) return undefined;
  const authoritative =
    reading.attribution.kind === 'article' ||
    (named && reading.source !== undefined && AUTHORITATIVE.has(reading.source.kind));
  if (!authoritative || !allActors || !namesCovered(claim, story, reading) || yearsDisagree(claim, story, reading))
    return undefined;
  if (CONTRARY_EVENT.test(assertedPart(claim.text)) && !CONTRARY_EVENT.test(reading.text)) return undefined;
  return {
    to: 'confirmed',
    why: `${sourceLabel(reading)} states it as a past event, unhedged, dated ${reading.dates[0] ?? 'in the sentence'}, naming everyone and everything the claim names`,
  };
}
