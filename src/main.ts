import { ShellAdapter } from './adapters/shell/transport.js';
import { ConfigError, createCore } from './compose.js';
import type { ChatAdapter } from './core/ports.js';
import { formatProblem } from './core/yaml-source.js';
import { EnvError, loadEnv } from './env.js';
import { createLogger } from './logger.js';

/**
 * The composition root: env → logger → store and content → adapters → start. Returns the exit code.
 * With no platform credentials it runs the shell adapter on this terminal.
 */
export async function runBot(): Promise<number> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const shellMode = !env.slackEnabled && !env.discordEnabled;
  // In the shell, answers go to stdout and only warnings to stderr, so piped sessions read cleanly.
  const log = createLogger(env.LOG_LEVEL ?? (shellMode ? 'warn' : 'info'));
  let core: Awaited<ReturnType<typeof createCore>>;
  try {
    core = await createCore({
      briefingsDir: env.BRIEFINGS_DIR,
      configDir: env.CONFIG_DIR,
      databaseUrl: env.DATABASE_URL,
      admins: env.ADMINS,
      log,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Sitrep cannot start: config/sitrep.yaml is invalid:\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  for (const problem of core.contentProblems) log.warn({ problem: formatProblem(problem) }, 'story file invalid');

  const adapters: ChatAdapter[] = [];
  let shell: ShellAdapter | undefined;
  if (shellMode) {
    shell = new ShellAdapter({ input: process.stdin, output: process.stdout, prompt: process.stdin.isTTY === true });
    adapters.push(shell);
  }
  for (const adapter of adapters) await adapter.start(core.router);

  const stop = async () => {
    for (const adapter of adapters) await adapter.stop();
    await core.close();
  };
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await Promise.race([signalled, ...(shell ? [shell.closed] : [])]);
  await stop();
  return 0;
}
