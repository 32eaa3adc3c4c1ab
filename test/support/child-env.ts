/**
 * The environment for a Sitrep child process started by a test, bench or script: this process's
 * own, less every variable Sitrep reads (so a developer's .env cannot leak into it), plus `extra`.
 */
export function envWithoutSitrep(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|DISCORD_|SITREP_)/.test(key)) continue;
    if (['DATABASE_URL', 'BRIEFINGS_DIR', 'CONFIG_DIR', 'ADMINS', 'LOG_LEVEL', 'PORT'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
