/** Variables that configure Sitrep: a child never inherits them, it gets them only from `extra`. */
const SITREP_VARIABLES = new Set([
  'DATABASE_URL',
  'TEST_DATABASE_URL',
  'BRIEFINGS_DIR',
  'CONFIG_DIR',
  'PORT',
  'ADMINS',
  'LOG_LEVEL',
]);
/** Platform credentials, Sitrep's own, and the test runner's (vitest, npm). */
const DROPPED_PREFIXES = /^(SLACK_|DISCORD_|SITREP_|VITEST|__VITEST|npm_)/;
/** The runner's loaders and mode (vitest's, tsx's) must not leak into a child that sets up its own. */
const RUNNER_VARIABLES = new Set(['NODE_OPTIONS', 'NODE_ENV', 'TEST']);
/** What a child keeps when it inherits nothing: enough to find programs and a temporary directory. */
const MINIMAL = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'LANG'];

/**
 * The environment for a Sitrep child process started by a test, bench or script: this process's
 * own (or, with `inherit: false`, only PATH, HOME and the like), less every variable Sitrep reads
 * and the test runner's, plus `extra`, where `undefined` removes a variable. So a developer's .env
 * or a parent's database cannot leak into the child.
 */
export function childEnv(
  extra: Record<string, string | undefined> = {},
  options: { inherit?: boolean } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (options.inherit === false && !MINIMAL.includes(key)) continue;
    if (DROPPED_PREFIXES.test(key) || SITREP_VARIABLES.has(key) || RUNNER_VARIABLES.has(key)) continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
