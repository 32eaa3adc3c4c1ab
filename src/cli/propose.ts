import { stringify } from 'yaml';
import { articleInput, createArticleReader } from '../adapters/article/reader.js';
import type { Core } from '../compose.js';
import { storyOfRevision } from '../core/claims/revisions.js';
import type { ReadArticle } from '../core/ports.js';
import { applyProposals } from '../core/proposals/apply.js';
import { proposeChanges, skeletonStory } from '../core/proposals/propose.js';
import { proposalHeadline, proposalSetText } from '../core/proposals/render.js';
import { UserError } from '../errors.js';

export type ProposeFormat = 'text' | 'json' | 'yaml';

export interface ProposeOptions {
  story: string;
  format: ProposeFormat;
  asOf?: string;
  /** Keep the proposals for review in chat and the console instead of only printing them. */
  save?: boolean;
}

/**
 * `sitrep propose ARTICLE --story <id>`: what the article would change in the story, for an
 * editor to review. The story is its latest stored revision (the files only until the database
 * holds it). A story that does not exist yet is drafted. `--format yaml` prints the story with every
 * proposal applied; `--save` keeps the proposals for `/sitrep proposal accept|reject`.
 */
export async function runPropose(
  core: Core,
  article: string,
  options: ProposeOptions,
): Promise<{ exitCode: number; output: string }> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(options.story))
    return { exitCode: 1, output: `--story must be a story id like "kim-putin-summit", not "${options.story}".` };
  if (options.asOf && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(options.asOf))
    return { exitCode: 1, output: `--as-of must be a date like 2023-09-05, not "${options.asOf}".` };
  const latest = await core.store.revisions.latest(options.story);
  const story = (latest ? storyOfRevision(latest) : undefined) ?? core.catalog.get(options.story)?.story;
  let read: ReadArticle;
  try {
    // Whoever runs the command line runs the server: its own network is theirs to read.
    read = await createArticleReader({ privateAddresses: 'allow' }).read(articleInput(article));
  } catch (error) {
    if (error instanceof UserError) return { exitCode: 1, output: error.message };
    throw error;
  }
  const asOf = options.asOf ? { asOf: options.asOf } : {};
  if (options.save) {
    if (story && !latest)
      return {
        exitCode: 1,
        output: `${options.story} is only a file so far: "npx sitrep import" it (or start the bot) before saving proposals.`,
      };
    const review = core.router.services.proposals;
    if (!review) return { exitCode: 1, output: 'Proposals cannot be stored here.' };
    const saved = await review.record(read, { story: options.story, by: `cli:${process.env.USER ?? 'cli'}`, ...asOf });
    const lines = saved.proposals.map((p) => `#${p.id}  ${proposalHeadline(p.proposal)}`);
    return {
      exitCode: 0,
      output: [
        `Saved ${saved.proposals.length} proposals for ${options.story} from ${saved.batch.address}:`,
        ...lines,
        'Review them with "/sitrep proposal list" in chat, then "proposal accept …" or "proposal reject …".',
      ].join('\n'),
    };
  }
  const set = proposeChanges(story, read, { storyId: options.story, ...asOf });
  const result = applyProposals(story ?? skeletonStory(options.story, read), set.proposals);
  if (options.format === 'yaml') return { exitCode: 0, output: stringify(result, { lineWidth: 100 }).trimEnd() };
  if (options.format === 'json')
    return { exitCode: 0, output: JSON.stringify(set.draft ? { ...set, drafted: result } : set, null, 2) };
  return { exitCode: 0, output: proposalSetText(set) };
}
