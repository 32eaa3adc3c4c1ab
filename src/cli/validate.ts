import path from 'node:path';
import { loadConfig } from '../core/config/load.js';
import { firmButHedged } from '../core/story/hedges.js';
import { listStoryFiles, loadStoryFile } from '../core/story/load.js';
import type { Story } from '../core/story/schema.js';
import { formatProblem, type Problem, YamlSource } from '../core/yaml-source.js';

/** Hedge words in `firm` claims, each at its claim's `hedging` line: worth a look, never a failure. */
function hedgeWarnings(story: Story, text: string, file: string): Problem[] {
  const found = firmButHedged(story);
  if (found.length === 0) return [];
  const { source } = YamlSource.parse(text, file);
  return found.map((w) =>
    source.problemAt(
      ['claims', w.claimIndex, 'hedging'],
      `warning: claim "${w.claimId}" says "${w.word}" but its hedging is firm (hedged or speculative?)`,
    ),
  );
}

/**
 * `sitrep validate`: every story file (and the config), one `path:line:col: message` per problem.
 * Warnings are printed the same way, prefixed `warning:`, and do not change the exit code.
 */
export async function runValidate(options: {
  briefings: string;
  config: string;
}): Promise<{ exitCode: number; output: string }> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let files: string[] = [];
  try {
    files = await listStoryFiles(options.briefings);
  } catch {
    return { exitCode: 1, output: `${options.briefings}:1:1: briefings directory not found` };
  }
  for (const file of files) {
    const result = await loadStoryFile(file);
    if (!result.ok) problems.push(...result.problems);
    else warnings.push(...hedgeWarnings(result.story, result.source, file));
  }
  const config = await loadConfig(path.join(options.config, 'sitrep.yaml'));
  if (!config.ok) problems.push(...config.problems);
  const warned = warnings.map(formatProblem);
  if (problems.length > 0) return { exitCode: 1, output: [...problems.map(formatProblem), ...warned].join('\n') };
  const noun = files.length === 1 ? 'story file' : 'story files';
  const tail = warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : '';
  return { exitCode: 0, output: [...warned, `${files.length} ${noun} valid${tail}`].join('\n') };
}
