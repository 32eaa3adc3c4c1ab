import path from 'node:path';
import { loadConfig } from '../core/config/load.js';
import { listStoryFiles, loadStoryFile } from '../core/story/load.js';
import { formatProblem, type Problem } from '../core/yaml-source.js';

/** `sitrep validate`: every story file (and the config), one `path:line:col: message` per problem. */
export async function runValidate(options: {
  briefings: string;
  config: string;
}): Promise<{ exitCode: number; output: string }> {
  const problems: Problem[] = [];
  let files: string[] = [];
  try {
    files = await listStoryFiles(options.briefings);
  } catch {
    return { exitCode: 1, output: `${options.briefings}:1:1: briefings directory not found` };
  }
  for (const file of files) {
    const result = await loadStoryFile(file);
    if (!result.ok) problems.push(...result.problems);
  }
  const config = await loadConfig(path.join(options.config, 'sitrep.yaml'));
  if (!config.ok) problems.push(...config.problems);
  if (problems.length > 0) return { exitCode: 1, output: problems.map(formatProblem).join('\n') };
  const noun = files.length === 1 ? 'story file' : 'story files';
  return { exitCode: 0, output: `${files.length} ${noun} valid` };
}
