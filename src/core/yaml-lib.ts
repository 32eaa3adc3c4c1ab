import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

/**
 * The `yaml` package (positions for problem reports, edits that keep comments), loaded at its first
 * use: a valid story or config file is read with js-yaml, so a bot that is only serving never loads
 * it (ADR 0023). `yaml` is CommonJS either way: requiring it is what importing it does.
 */
export function yamlLib(): Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as Yaml;
  return loaded;
}
