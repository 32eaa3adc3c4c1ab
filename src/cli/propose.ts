import { stringify } from 'yaml';
import { articleInput, createArticleReader } from '../adapters/article/reader.js';
import { applyProposals } from '../core/proposals/apply.js';
import { proposeChanges, skeletonStory } from '../core/proposals/propose.js';
import { proposalSetText } from '../core/proposals/render.js';
import { StoryCatalog } from '../core/story/catalog.js';
import { UserError } from '../errors.js';

export type ProposeFormat = 'text' | 'json' | 'yaml';

export interface ProposeOptions {
  story: string;
  format: ProposeFormat;
  briefings: string;
  asOf?: string;
}

/**
 * `sitrep propose ARTICLE --story <id>`: what the article would change in the story, for an
 * editor to review. A story that does not exist yet is drafted. `--format yaml` prints the story
 * with every proposal applied (a draft to save under briefings/, or to diff against the current file).
 */
export async function runPropose(
  article: string,
  options: ProposeOptions,
): Promise<{ exitCode: number; output: string }> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(options.story))
    return { exitCode: 1, output: `--story must be a story id like "kim-putin-summit", not "${options.story}".` };
  if (options.asOf && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(options.asOf))
    return { exitCode: 1, output: `--as-of must be a date like 2023-09-05, not "${options.asOf}".` };
  const catalog = new StoryCatalog(options.briefings);
  await catalog.loadAll().catch(() => []);
  const story = catalog.get(options.story)?.story;
  let read: Awaited<ReturnType<ReturnType<typeof createArticleReader>['read']>>;
  try {
    // Whoever runs the command line runs the server: its own network is theirs to read.
    read = await createArticleReader({ privateAddresses: 'allow' }).read(articleInput(article));
  } catch (error) {
    if (error instanceof UserError) return { exitCode: 1, output: error.message };
    throw error;
  }
  const set = proposeChanges(story, read, { storyId: options.story, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const result = applyProposals(story ?? skeletonStory(options.story, read), set.proposals);
  if (options.format === 'yaml') return { exitCode: 0, output: stringify(result, { lineWidth: 100 }).trimEnd() };
  if (options.format === 'json')
    return { exitCode: 0, output: JSON.stringify(set.draft ? { ...set, drafted: result } : set, null, 2) };
  return { exitCode: 0, output: proposalSetText(set) };
}
