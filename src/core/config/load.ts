import { readFile } from 'node:fs/promises';
import { readPlainYaml } from '../story/load.js';
import { type Problem, sizeProblem, YamlSource } from '../yaml-source.js';
import { configSchema, defaultConfig, type SitrepConfig } from './schema.js';

export type ConfigResult = { ok: true; config: SitrepConfig } | { ok: false; problems: Problem[] };

/**
 * A valid config file, read as plain data by js-yaml (as valid story files are): the positioned
 * parser is loaded only for a file with something to report (ADR 0023). Limits, duplicate keys
 * (js-yaml throws) and schema errors all go to the positioned path.
 */
function parseValidConfig(text: string, file: string): SitrepConfig | undefined {
  if (sizeProblem(text, file)) return undefined;
  const raw = readPlainYaml(text, file);
  // Unreadable as plain data, or empty (the positioned path gives the defaults for that).
  if (raw === undefined || raw === null) return undefined;
  const parsed = configSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function parseConfig(text: string, file: string): ConfigResult {
  const valid = parseValidConfig(text, file);
  if (valid) return { ok: true, config: valid };
  const { source, problems } = YamlSource.parse(text, file);
  if (problems.length > 0) return { ok: false, problems };
  if (source.doc.contents === null) return { ok: true, config: defaultConfig };
  const result = source.validate(configSchema);
  return result.ok ? { ok: true, config: result.data } : result;
}

/** A missing config file means the defaults: a new install needs none. */
export async function loadConfig(file: string): Promise<ConfigResult> {
  try {
    return parseConfig(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, config: defaultConfig };
    return { ok: false, problems: [{ file, line: 1, col: 1, message: String(error) }] };
  }
}
