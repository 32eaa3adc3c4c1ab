import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ConfigResult, loadConfig } from '../core/config/load.js';
import { configReferenceProblems } from '../core/config/references.js';
import { counted } from '../core/helpers.js';
import { overstatements } from '../core/story/hedges.js';
import { listStoryFiles, loadStoryFile } from '../core/story/load.js';
import type { Story } from '../core/story/schema.js';
import { formatProblem, type Problem, sortProblems, YamlSource } from '../core/yaml-source.js';

/**
 * Claims that may read stronger than their source, each at the line to look at: hedge words in a
 * `firm` claim, and a `confirmed` claim still hedged. Worth a look, never a failure.
 */
function hedgeWarnings(story: Story, text: string, file: string): Problem[] {
  const found = overstatements(story);
  if (found.length === 0) return [];
  const { source } = YamlSource.parse(text, file);
  return sortProblems(found.map((o) => source.problemAt(['claims', o.claimIndex, o.field], `warning: ${o.message}`)));
}

/**
 * The config's stories, actors and claims that none of `stories` has, each at its name in the file.
 * Also for a config the schema refused (from its raw data), so every problem is listed at once; the
 * positioned parser is loaded only when there is one to place (ADR 0023).
 */
async function configNameProblems(file: string, config: ConfigResult, stories: Story[]): Promise<Problem[]> {
  if (config.ok && configReferenceProblems(config.config, stories).length === 0) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return []; // No file: the defaults name nothing (an unreadable one is loadConfig's problem).
  }
  const { source, problems } = YamlSource.parse(text, file);
  if (problems.length > 0 || typeof source.data !== 'object' || source.data === null) return [];
  return configReferenceProblems(source.data, stories).map((p) => source.problemAt(p.at, p.message));
}

/**
 * `sitrep validate`: every story file, and the config (its schema, and the stories, actors and
 * claims it names against the valid story files), one `path:line:col: message` per problem.
 * Warnings are printed the same way, prefixed `warning:`, and do not change the exit code.
 */
export async function runValidate(options: {
  briefings: string;
  config: string;
}): Promise<{ exitCode: number; output: string }> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const stories: Story[] = [];
  let files: string[] = [];
  try {
    files = await listStoryFiles(options.briefings);
  } catch {
    return { exitCode: 1, output: `${options.briefings}:1:1: briefings directory not found` };
  }
  for (const file of files) {
    const result = await loadStoryFile(file);
    if (!result.ok) problems.push(...result.problems);
    else {
      stories.push(result.story);
      warnings.push(...hedgeWarnings(result.story, result.source, file));
    }
  }
  const configFile = path.join(options.config, 'sitrep.yaml');
  const config = await loadConfig(configFile);
  const references = await configNameProblems(configFile, config, stories);
  problems.push(...sortProblems([...(config.ok ? [] : config.problems), ...references]));
  const warned = warnings.map(formatProblem);
  if (problems.length > 0) return { exitCode: 1, output: [...problems.map(formatProblem), ...warned].join('\n') };
  const noun = files.length === 1 ? 'story file' : 'story files';
  const tail = warnings.length > 0 ? ` (${counted(warnings.length, 'warning')})` : '';
  return { exitCode: 0, output: [...warned, `${files.length} ${noun} valid${tail}`].join('\n') };
}
