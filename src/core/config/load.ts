import { readFile } from 'node:fs/promises';
import { type Problem, YamlSource } from '../yaml-source.js';
import { configSchema, defaultConfig, type SitrepConfig } from './schema.js';

export type ConfigResult = { ok: true; config: SitrepConfig } | { ok: false; problems: Problem[] };

export function parseConfig(text: string, file: string): ConfigResult {
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
