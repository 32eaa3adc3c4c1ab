import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createArticleReader } from '../../src/adapters/article/reader.js';
import { applyProposals } from '../../src/core/proposals/apply.js';
import { firmerThan } from '../../src/core/proposals/hedging.js';
import { ClaimIndex } from '../../src/core/proposals/match.js';
import { proposeChanges, skeletonStory } from '../../src/core/proposals/propose.js';
import type { ProposalSet } from '../../src/core/proposals/types.js';
import { parseStory } from '../../src/core/story/load.js';
import { normalizeName } from '../../src/core/story/normalize.js';
import type { Claim, Source, Story } from '../../src/core/story/schema.js';

/**
 * How well proposals draft a story a person wrote by hand from the same article. Shared by the
 * quality tests (with their thresholds) and `npm run bench` (which prints the figures).
 *
 * - actors found: each hand-made actor whose name or an alias is the name or an alias of a drafted actor;
 * - a hand-made claim is matched to the drafted claim whose text restates it best;
 * - source right: the drafted source and the hand-made one name the same speaker (one's key
 *   words all part of the other's), or both are the article itself;
 * - hedging right: the same level; firmer: a drafted claim put more firmly than the hand-made one,
 *   or confirmed where the hand-made one is not.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTICLE = `${ROOT}../shared/story/kim-putin-article.txt`;
export const SHIPPED_STORY = `${ROOT}briefings/kim-putin-summit.yaml`;
export const UPDATE_ARTICLE = `${ROOT}test/fixtures/articles/summit-held.txt`;

export function loadStory(file: string): Story {
  const result = parseStory(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${file}: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.story;
}

export interface DraftQuality {
  actors: { found: number; total: number; drafted: number; matchingDrafted: number; missing: string[] };
  claims: { matched: number; total: number; drafted: number };
  sources: { right: number; total: number; wrong: string[] };
  hedging: { right: number; total: number; wrong: string[] };
  firmer: string[];
  set: ProposalSet;
  draft: Story;
}

const names = (n: { name: string; aliases?: string[]; id?: string }) =>
  new Set([n.name, ...(n.aliases ?? []), ...(n.id ? [n.id.replace(/-/g, ' ')] : [])].map(normalizeName));

const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'by',
  'unnamed',
  'unspecified',
  'cited',
  'via',
  'on',
  'source',
  'article',
]);
const keyWords = (s: Source) =>
  normalizeName(s.name)
    .split(' ')
    .filter((w) => w && !STOP.has(w));

function sameSpeaker(a: Source, b: Source): boolean {
  if (a.id === b.id) return true;
  const [x, y] = [keyWords(a), keyWords(b)];
  if (x.length === 0 || y.length === 0) return false;
  return x.every((w) => y.includes(w)) || y.every((w) => x.includes(w));
}

export async function draftQuality(articleFile = ARTICLE, storyFile = SHIPPED_STORY): Promise<DraftQuality> {
  const hand = loadStory(storyFile);
  const article = await createArticleReader().read({ kind: 'file', path: articleFile });
  const set = proposeChanges(undefined, article, { storyId: hand.id });
  const draft = applyProposals(skeletonStory(hand.id, article), set.proposals);

  const draftedNames = draft.actors.map(names);
  const missing = hand.actors.filter((h) => {
    const mine = names(h);
    return !draftedNames.some((d) => [...d].some((n) => mine.has(n)));
  });
  const handNames = hand.actors.map(names);
  const matchingDrafted = draftedNames.filter((d) => handNames.some((h) => [...d].some((n) => h.has(n)))).length;

  const index = new ClaimIndex(draft.claims);
  const sourceOf = (story: Story, id: string) => story.sources.find((s) => s.id === id) as Source;
  let matched = 0;
  let sourcesRight = 0;
  let hedgingRight = 0;
  const wrongSources: string[] = [];
  const wrongHedging: string[] = [];
  const firmer: string[] = [];
  const used = new Set<Claim>();
  for (const h of hand.claims) {
    const best = index.match(h.text, new Set(), 1, 0.3)[0];
    if (!best) {
      wrongSources.push(`${h.id}: no drafted claim`);
      wrongHedging.push(`${h.id}: no drafted claim`);
      continue;
    }
    matched += 1;
    const d = best.claim;
    used.add(d);
    const right = d.source.some((ds) => h.source.some((hs) => sameSpeaker(sourceOf(draft, ds), sourceOf(hand, hs))));
    if (right) sourcesRight += 1;
    else wrongSources.push(`${h.id}: ${d.source.join(',')} vs ${h.source.join(',')}`);
    const [dh, hh] = [d.hedging ?? 'firm', h.hedging ?? 'firm'];
    if (dh === hh) hedgingRight += 1;
    else wrongHedging.push(`${h.id}: ${dh} vs ${hh}`);
    if (firmerThan(dh, hh) || (d.status === 'confirmed' && h.status !== 'confirmed'))
      firmer.push(`${d.id} (${d.status}, ${dh}) is firmer than ${h.id} (${h.status}, ${hh})`);
  }
  return {
    actors: {
      found: hand.actors.length - missing.length,
      total: hand.actors.length,
      drafted: draft.actors.length,
      matchingDrafted,
      missing: missing.map((m) => m.id),
    },
    claims: { matched, total: hand.claims.length, drafted: draft.claims.length },
    sources: { right: sourcesRight, total: hand.claims.length, wrong: wrongSources },
    hedging: { right: hedgingRight, total: hand.claims.length, wrong: wrongHedging },
    firmer,
    set,
    draft,
  };
}

/** What the proposals for the follow-up article do to the shipped story. */
export async function updateProposals(articleFile = UPDATE_ARTICLE, storyFile = SHIPPED_STORY): Promise<ProposalSet> {
  const story = loadStory(storyFile);
  const article = await createArticleReader().read({ kind: 'file', path: articleFile });
  return proposeChanges(story, article, { storyId: story.id });
}
