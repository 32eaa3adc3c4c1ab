import { availableParallelism, loadavg } from 'node:os';
import { createArticleReader } from '../src/adapters/article/reader.js';
import { ClaimIndex } from '../src/core/proposals/match.js';
import { proposeChanges } from '../src/core/proposals/propose.js';
import type { Story } from '../src/core/story/schema.js';
import { draftQuality, updateProposals } from '../test/support/proposal-quality.js';
import { createRandom, generateStoryObject } from '../test/support/story-generator.js';
import { percentile, type Reporter, timed } from './lib/report.js';

/**
 * Proposals from articles: quality against the hand-made shipped story (the same measure as
 * test/integration/proposals/quality.test.ts), and the time to read a 2,000-word article and propose
 * its changes to a 10,000-claim story.
 */
export const description =
  'proposals: draft quality vs the hand-made story; 2,000-word article vs a 10,000-claim story';

const RUNS = 40;

/** A 2,000-word article about a generated story: restated claims, new dated events, new people. */
function articleFor(story: Story, words: number, seed: number): string {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const people = story.actors.filter((a) => a.kind === 'person');
  const months = ['January', 'March', 'May', 'July', 'September', 'November'];
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const roll = random();
      let sentence: string;
      if (roll < 0.5) sentence = (pick(story.claims).text.split('. ')[0] ?? '').replace(/\.?$/, '.');
      else if (roll < 0.8)
        sentence = `${pick(people).name} met ${pick(people).name} on ${1 + Math.floor(random() * 28)} ${pick(months)} 2024 to discuss the harbour, officials said.`;
      else
        sentence = `Analysts said ${pick(people).name} could resign before the vote, according to ${pick(people).name}.`;
      sentences.push(sentence);
      count += sentence.split(/\s+/).length;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

export async function run(report: Reporter): Promise<void> {
  const q = await draftQuality();
  report('draft.actors found', (100 * q.actors.found) / q.actors.total, '%', { min: 95 });
  report('draft.claims sources right', (100 * q.sources.right) / q.sources.total, '%', { min: 80 });
  report('draft.claims hedging right', (100 * q.hedging.right) / q.hedging.total, '%', { min: 80 });
  report('draft.claims firmer than the article', q.firmer.length, 'claims', { max: 0 });
  report(
    'draft.actors precision (drafted that are hand-made)',
    (100 * q.actors.matchingDrafted) / q.actors.drafted,
    '%',
  );
  report.note(
    `draft: ${q.actors.found}/${q.actors.total} actors, sources ${q.sources.right}/${q.sources.total}, hedging ${q.hedging.right}/${q.hedging.total}; ${q.claims.drafted} claims drafted for ${q.claims.total} hand-made`,
  );
  const update = await updateProposals();
  const confirmed = update.proposals
    .filter((p) => p.kind === 'status' && p.to === 'confirmed')
    .map((p) => (p.kind === 'status' ? p.claimId : ''));
  report('update.existing claims confirmed', confirmed.length, 'claims');
  report.note(`follow-up article: confirmed ${confirmed.join(', ')}`);

  const story = generateStoryObject({ actors: 1_000, claims: 10_000, seed: 7 });
  const text = articleFor(story, 2_000, 11);
  const indexBuild = await timed(() => ClaimIndex.of(story.claims));
  report('large.claim index build (once per story version)', indexBuild.ms, 'ms');
  const reader = createArticleReader();
  const reads: number[] = [];
  const proposes: number[] = [];
  const totals: number[] = [];
  const cpu: number[] = [];
  let proposals = 0;
  let words = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const read = await timed(() => reader.read({ kind: 'text', text }));
    const propose = await timed(() => proposeChanges(story, read.result, { storyId: story.id }));
    words = read.result.words;
    proposals = propose.result.proposals.length;
    if (i < 3) continue; // warm-up: the model's first load, JIT
    reads.push(read.ms);
    proposes.push(propose.ms);
    totals.push(read.ms + propose.ms);
    cpu.push(read.cpuMs + propose.cpuMs);
  }
  report.note(
    `load average while measuring: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  report.note(
    `article: ${words} words; story: ${story.claims.length} claims, ${story.actors.length} actors; ${proposals} proposals`,
  );
  report('large.read p50', percentile(reads, 50), 'ms');
  report('large.propose p50', percentile(proposes, 50), 'ms');
  report('large.read+propose p50', percentile(totals, 50), 'ms');
  report('large.read+propose p99', percentile(totals, 99), 'ms', { max: 1000 });
  report('large.read+propose CPU p99', percentile(cpu, 99), 'ms');
}
