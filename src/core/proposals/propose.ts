import { capitalise, counted } from '../helpers.js';
import type { ReadArticle, ReadSentence } from '../ports.js';
import type { Claim, Source, Story, TimelineEvent } from '../story/schema.js';
import { type Attribution, readAttribution } from './attribution.js';
import { type SentenceReading, statusChange } from './claim-rules.js';
import { buildEntities } from './entities.js';
import { readHedging } from './hedging.js';
import { ClaimIndex } from './match.js';
import { type NameMention, nameMentions } from './names.js';
import { articleSource, findSource, newSource } from './sources.js';
import { isNegated, isQuestion, sentenceDates, splitHedgedAside, statesPast, supersededWords } from './statements.js';
import type { CoveredSentence, Proposal, ProposalSet } from './types.js';
import { contentWords, nameKey, slugify, uniqueSlug } from './words.js';

/**
 * From an article's sentences to proposed changes of a story (or a draft of a new one). Plain data
 * in, plain data out: the article as the reading adapter gave it, the story as loaded.
 */

export interface ProposeOptions {
  /** The story to change, or to draft when `story` is undefined. */
  storyId: string;
  /** The date "last month" and "this month" are read against when the article gives none. */
  asOf?: string;
}

/** A sentence scoring this against a claim restates it: covered, not new. */
export const SAME_CLAIM = 0.45;
/** From this score a sentence is related enough to change a claim's status (the rules decide). */
export const RELATED_CLAIM = 0.25;

type Draft = Proposal extends infer P ? (P extends Proposal ? Omit<P, 'id'> : never) : never;

interface Context {
  story: Story;
  article: ReadArticle;
  proposals: Proposal[];
  ids: { claims: Set<string>; actors: Set<string>; sources: Set<string> };
  newSources: Map<string, Proposal & { kind: 'source' }>;
  pendingSources: Map<string, SourceChoice>;
}

type ArticleEntities = ReturnType<typeof buildEntities>['entities'];

function push(ctx: Context, draft: Draft): Proposal {
  const proposal = { ...draft, id: `p${ctx.proposals.length + 1}` } as Proposal;
  ctx.proposals.push(proposal);
  return proposal;
}

function cleanText(text: string): string {
  return text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
}

/** An empty story for an article that starts one. */
export function skeletonStory(id: string, article: ReadArticle): Story {
  const first = cleanText(article.sentences[0]?.text ?? id);
  const short = article.sentences
    .slice(0, 3)
    .map((s) => cleanText(s.text))
    .join(' ');
  const title = cleanText(article.title ?? first);
  return {
    id,
    title: title.length > 120 ? `${title.slice(0, 119)}…` : title,
    ...(article.published ? { asOf: article.published } : {}),
    summary: { headline: first.length > 200 ? `${first.slice(0, 199)}…` : first, short },
    sources: [],
    actors: [],
    claims: [],
    timeline: [],
  };
}

export function proposeChanges(story: Story | undefined, article: ReadArticle, options: ProposeOptions): ProposalSet {
  const base = story ?? skeletonStory(options.storyId, article);
  const reference = article.published ?? options.asOf ?? story?.asOf;
  const ctx: Context = {
    story: base,
    article,
    proposals: [],
    ids: {
      claims: new Set(base.claims.map((c) => c.id)),
      actors: new Set(base.actors.map((a) => a.id)),
      sources: new Set(base.sources.map((s) => s.id)),
    },
    newSources: new Map(),
    pendingSources: new Map(),
  };

  // Statements: sentences, with a hedged aside on a firm sentence read on its own.
  const origin: ReadSentence[] = [];
  const statements = article.sentences
    .flatMap((s) =>
      splitHedgedAside(s, (text) => readHedging(text).hedging !== 'firm').map((part) => {
        origin.push(s);
        return part;
      }),
    )
    .map((s, index) => ({ ...s, index }));
  const evidenceOf = (i: number) => {
    const s = origin[i] as ReadSentence;
    return { sentence: cleanText(s.text), index: s.index };
  };
  const attributions: Attribution[] = [];
  const mentions: NameMention[][] = [];
  for (const sentence of statements) {
    let attribution = readAttribution(sentence.tokens);
    const previous = attributions.at(-1);
    const samePara = statements[sentence.index - 1]?.paragraph === sentence.paragraph;
    // "He said…": whoever the sentence before named.
    if (attribution.pronoun)
      attribution = previous && samePara && previous.kind === 'source' ? previous : { kind: 'article', unnamed: false };
    attributions.push(attribution);
    mentions.push(nameMentions(sentence));
  }
  const table = buildEntities(mentions, story);

  // Actors: each entity the story does not know is a new actor; a name it knows by another is an alias.
  const actorOf = new Map<(typeof table.entities)[number], { id: string; proposal?: string }>();
  for (const entity of table.entities) {
    const first = Math.min(...entity.sentences);
    if (!statements[first] || entity.sentences.size === 0) continue;
    const evidence = evidenceOf(first);
    if (entity.actorId) {
      actorOf.set(entity, { id: entity.actorId });
      const actor = base.actors.find((a) => a.id === entity.actorId);
      const knownNames = new Set([actor?.name ?? '', ...(actor?.aliases ?? [])].map((n) => nameKey(n)));
      for (const alias of [entity.name, ...entity.aliases]) {
        if (knownNames.has(nameKey(alias))) continue;
        knownNames.add(nameKey(alias));
        push(ctx, {
          kind: 'alias',
          actorId: entity.actorId,
          alias,
          requires: [],
          ...evidence,
          why: `the article calls ${actor?.name ?? entity.actorId} "${alias}"`,
        });
      }
      continue;
    }
    const id = uniqueSlug(slugify(entity.name), ctx.ids.actors);
    const proposal = push(ctx, {
      kind: 'actor',
      actor: {
        id,
        name: entity.name,
        kind: entity.kind,
        aliases: entity.aliases,
        ...(entity.role ? { role: entity.role } : {}),
      },
      requires: [],
      ...evidence,
      why: `named ${counted(entity.sentences.size, 'time')}; not in the story (${entity.kind}${entity.role ? `, "${entity.role}"` : ''})`,
    });
    actorOf.set(entity, { id, proposal: proposal.id });
  }

  const index = ClaimIndex.of(base.claims);
  const covered: CoveredSentence[] = [];
  const readings: SentenceReading[] = [];
  let carried: { paragraph: number; actors: Map<string, string | undefined> } | undefined;

  for (const sentence of statements) {
    const attribution = attributions[sentence.index] as Attribution;
    const evidence = evidenceOf(sentence.index);
    const actors = new Map<string, string | undefined>(); // actor id → proposal id when new
    for (const mention of mentions[sentence.index] ?? []) {
      if (mention.inside) continue;
      const entity = table.of(sentence.index, mention);
      const ref = entity ? actorOf.get(entity) : undefined;
      if (!ref) continue;
      // "according to a US official": the state only qualifies an unnamed source.
      if (
        mention.kind === 'state' &&
        attribution.name &&
        attribution.name !== mention.text &&
        attribution.name.includes(mention.text)
      )
        continue;
      actors.set(ref.id, ref.proposal);
    }
    if (actors.size === 0 && carried?.paragraph === sentence.paragraph)
      for (const [k, v] of carried.actors) actors.set(k, v);
    if (actors.size > 0) carried = { paragraph: sentence.paragraph, actors };

    const { source, use: useSource } = resolveSource(ctx, attribution, table.entities, evidence);
    const hedging = readHedging(sentence.text);
    // "Media reports suggest the meeting might occur in Vladivostok. An advance team had already
    // travelled to Vladivostok…": a sentence in the article's voice right after unnamed reports,
    // about the same place or person, may be relaying them: it is read as hedged, never confirmed.
    const before = readings.at(-1);
    const continuesReport =
      attribution.kind === 'article' &&
      before !== undefined &&
      statements[before.index]?.paragraph === sentence.paragraph &&
      origin[before.index] !== origin[sentence.index] &&
      before.attribution.kind === 'source' &&
      before.attribution.unnamed &&
      [...namesOf(mentions[sentence.index] ?? [])].some((n) => namesOf(mentions[before.index] ?? []).has(n));
    if (continuesReport && hedging.hedging === 'firm') {
      hedging.hedging = 'hedged';
      hedging.cues = [`continues "${before.attribution.name}" of the sentence before`];
    }
    const speaker = table.entities.find(
      (e) => attribution.name && nameKey(attribution.name).endsWith(e.key) && e.kind !== 'state',
    );
    const reading: SentenceReading = {
      text: sentence.text,
      index: sentence.index,
      attribution,
      hedging: hedging.hedging,
      hedges: hedging.cues,
      past: statesPast(sentence),
      dated: sentence.dates.length > 0,
      dates: sentenceDates(sentence, reference),
      actors: new Set(actors.keys()),
      source,
      ...(speaker && actorOf.get(speaker) ? { speakerActor: actorOf.get(speaker)?.id } : {}),
      ...(continuesReport ? { relayed: true } : {}),
    };
    readings.push(reading);
    if (isQuestion(sentence.text)) continue;

    const candidates = index.match(sentence.text, reading.actors, 5, 0.15);
    // What events overtook is named in a few words ("rather than in Vladivostok"): look those up too.
    const superseded = supersededWords(sentence.text);
    if (superseded)
      for (const c of index.match(superseded.scope, reading.actors, 5, 0.05))
        if (!candidates.some((x) => x.claim.id === c.claim.id)) candidates.push(c);
    const changes = candidates
      .map((c) => ({ c, change: statusChange(c, reading, base, RELATED_CLAIM) }))
      .filter((x) => x.change !== undefined);
    for (const { c, change } of changes) {
      if (!change) continue;
      push(ctx, {
        kind: 'status',
        claimId: c.claim.id,
        claimText: c.claim.text,
        from: c.claim.status,
        to: change.to,
        note: `${capitalise(change.to)} by ${article.title ? `"${article.title}"` : article.address}: ${cleanText(sentence.text)}`,
        requires: [useSource()].filter((p): p is string => p !== undefined),
        ...evidence,
        why: `${change.why}; matches ${c.claim.id} (${Math.round(c.score * 100)} %: ${c.shared.slice(0, 6).join(', ')})`,
      });
    }
    const best = candidates[0];
    if (changes.length > 0) continue;
    if (best && best.score >= SAME_CLAIM) {
      covered.push({
        index: sentence.index,
        sentence: cleanText(sentence.text),
        claimId: best.claim.id,
        score: best.score,
      });
      continue;
    }
    if (actors.size === 0 || contentWords(sentence.text).length < 3) continue;
    const claim: Claim = {
      id: uniqueSlug(
        slugify(contentWords(sentence.text).length > 0 ? keyPhrase(sentence.text) : sentence.text, 6),
        ctx.ids.claims,
      ),
      text: cleanText(sentence.text),
      about: [...actors.keys()],
      source: [source.id],
      status: confirmsAsFact(reading) ? 'confirmed' : 'reported',
      hedging: reading.hedging,
    };
    push(ctx, {
      kind: 'claim',
      claim,
      ...(best && best.score >= RELATED_CLAIM ? { related: best.claim.id } : {}),
      requires: [...new Set([...actors.values(), useSource()].filter((p): p is string => p !== undefined))],
      ...evidence,
      why: claimWhy(reading, claim, best),
    });
  }

  proposeTimeline(ctx, readings, evidenceOf);
  return {
    story: base.id,
    draft: story === undefined,
    article: {
      address: article.address,
      ...(article.title ? { title: article.title } : {}),
      words: article.words,
      sentences: article.sentences.length,
    },
    proposals: ctx.proposals,
    covered,
  };
}

/** The people and places a statement names, states left out (nearly every sentence names one). */
function namesOf(mentions: readonly NameMention[]): Set<string> {
  return new Set(mentions.filter((m) => m.kind !== 'state' && !m.modifier).map((m) => nameKey(m.text)));
}

/** The first words that say what the sentence is about, for a readable claim id. */
function keyPhrase(text: string): string {
  return nameKey(text)
    .split(' ')
    .filter(
      (w) =>
        w.length > 2 &&
        !['the', 'and', 'that', 'with', 'from', 'for', 'was', 'has', 'had', 'have', 'will', 'this'].includes(w),
    )
    .slice(0, 6)
    .join(' ');
}

/** New claims follow the product's rule: confirmed only when the article states it as a dated past fact in its own voice. */
function confirmsAsFact(reading: SentenceReading): boolean {
  return (
    reading.attribution.kind === 'article' &&
    reading.hedging === 'firm' &&
    reading.past &&
    reading.dated &&
    !isNegated(reading.text)
  );
}

function claimWhy(reading: SentenceReading, claim: Claim, best?: { claim: Claim; score: number }): string {
  const who =
    reading.attribution.kind === 'article'
      ? 'the article, in its own voice'
      : `${reading.source?.name ?? reading.attribution.name} ("${reading.attribution.cue}")`;
  const how = reading.hedges.length > 0 ? `${claim.hedging}: "${reading.hedges.join('", "')}"` : 'firm: no hedge';
  const status = claim.status === 'confirmed' ? '; confirmed: a dated past event stated as fact' : '';
  const near = best
    ? `; nearest existing claim ${best.claim.id} (${Math.round(best.score * 100)} %)`
    : '; no existing claim says this';
  return `source: ${who}; ${how}${status}${near}`;
}

interface SourceChoice {
  source: Source;
  /** The proposal that adds it, made when a change first uses it. */
  use(): string | undefined;
}

function resolveSource(
  ctx: Context,
  attribution: Attribution,
  entities: ArticleEntities,
  evidence: { sentence: string; index: number },
): SourceChoice {
  const known = [...ctx.story.sources, ...[...ctx.newSources.values()].map((p) => p.source)];
  const existingChoice = (source: Source): SourceChoice => ({ source, use: () => ctx.newSources.get(source.id)?.id });
  let wanted: Omit<Source, 'id'> & { id?: string };
  if (attribution.kind === 'article') {
    wanted = articleSource(ctx.story, ctx.article.address, ctx.article.title, ctx.article.siteName);
  } else {
    const name = attribution.name ?? 'reports';
    const person = entities.find(
      (e) => e.kind === 'person' && [e.key, ...e.aliases.map((n) => nameKey(n))].some((k) => nameKey(name).endsWith(k)),
    );
    const found = findSource(known, attribution.unnamed ? newSource(attribution, undefined).name : name, person);
    if (found) return existingChoice(found);
    const actor = person?.actorId ? ctx.story.actors.find((a) => a.id === person.actorId) : undefined;
    wanted = newSource(attribution, actor ? { name: actor.name, ...(actor.role ? { role: actor.role } : {}) } : person);
  }
  const existing = known.find((s) => (wanted.id && s.id === wanted.id) || nameKey(s.name) === nameKey(wanted.name));
  if (existing) return existingChoice(existing);
  const pending = ctx.pendingSources.get(nameKey(wanted.name));
  if (pending) return pending;
  const source: Source = { ...wanted, id: uniqueSlug(wanted.id ?? slugify(wanted.name, 6), ctx.ids.sources) };
  let proposal: string | undefined;
  const choice: SourceChoice = {
    source,
    use: () => {
      if (proposal) return proposal;
      const made = push(ctx, {
        kind: 'source',
        source,
        requires: [],
        ...evidence,
        why:
          attribution.kind === 'article'
            ? 'the article itself, for what it states in its own voice'
            : `the article attributes to "${attribution.name}" ("${attribution.cue}"); the story has no such source (${source.kind})`,
      }) as Proposal & { kind: 'source' };
      ctx.newSources.set(source.id, made);
      proposal = made.id;
      return proposal;
    },
  };
  ctx.pendingSources.set(nameKey(wanted.name), choice);
  return choice;
}

function proposeTimeline(
  ctx: Context,
  readings: SentenceReading[],
  evidenceOf: (i: number) => { sentence: string; index: number },
): void {
  const existing = ctx.story.timeline.map((event) => ({ event, words: contentWords(event.text) }));
  const added: Array<{ event: TimelineEvent; words: string[] }> = [];
  for (const reading of readings) {
    const date = reading.dates[0];
    if (!date || !reading.past || reading.hedging !== 'firm' || reading.relayed || isNegated(reading.text)) continue;
    if (reading.attribution.kind === 'source' && reading.attribution.unnamed) continue;
    const words = new Set(contentWords(reading.text));
    const overlaps = ({ event, words: theirs }: { event: TimelineEvent; words: string[] }) => {
      // An event the timeline has less precisely ("2023-09" for "2023-09-13") is news.
      if (!(event.date.startsWith(date) || date.startsWith(event.date)) || event.date.length < date.length)
        return false;
      const shared = theirs.filter((w) => words.has(w)).length;
      return (2 * shared) / (theirs.length + words.size || 1) >= 0.3;
    };
    if (existing.some(overlaps) || added.some(overlaps)) continue;
    const event: TimelineEvent = { date, text: cleanText(reading.text), actors: [...reading.actors] };
    added.push({ event, words: [...words] });
    const requires = ctx.proposals
      .filter((p) => p.kind === 'actor' && event.actors.includes(p.actor.id))
      .map((p) => p.id);
    push(ctx, {
      kind: 'timeline',
      event,
      requires,
      ...evidenceOf(reading.index),
      why: `a past event stated without a hedge, dated ${date}; not yet on the timeline`,
    });
  }
}
