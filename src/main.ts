import { randomUUID } from 'node:crypto';
import { ShellAdapter } from './adapters/shell/transport.js';
import { ConfigError, type Core, createCore } from './compose.js';
import { currentRevisionId, sinceLastBriefing } from './core/claims/since-last.js';
import { DeliveryEngine } from './core/delivery/engine.js';
import type { AdminNotifier } from './core/delivery/types.js';
import type { Logger } from './core/log.js';
import type { OutgoingMessage } from './core/message.js';
import { type ChatAdapter, type Platform, parseChannelAddress } from './core/ports.js';
import { syncConfigSchedules } from './core/scheduler/config-sync.js';
import { Scheduler } from './core/scheduler/scheduler.js';
import { formatProblem } from './core/yaml-source.js';
import { type Env, EnvError, loadEnv } from './env.js';
import { HttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { SitrepMetrics } from './ops/metrics.js';
import { mountOpsRoutes } from './ops/routes.js';

/** The platform adapters the environment enables; the shell when it enables none. */
async function createAdapters(env: Env, http: HttpServer, log: Logger, metrics: SitrepMetrics): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (env.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('./adapters/slack/adapter.js');
    adapters.push(
      createSlackAdapter({
        botToken: env.SLACK_BOT_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
        http,
        log,
      }),
    );
  }
  if (env.DISCORD_TOKEN && env.DISCORD_APPLICATION_ID) {
    const { createDiscordAdapter } = await import('./adapters/discord/adapter.js');
    adapters.push(
      createDiscordAdapter({
        token: env.DISCORD_TOKEN,
        applicationId: env.DISCORD_APPLICATION_ID,
        publicKey: env.DISCORD_PUBLIC_KEY,
        apiUrl: env.DISCORD_API_URL,
        http,
        log,
        gateway: true,
        onRateLimited: () => metrics.rateLimited('discord'),
      }),
    );
  }
  return adapters;
}

/** Admin notices go to the log and, when config names one, to the admin channel. */
function adminNotifier(
  log: Logger,
  adapters: () => ReadonlyMap<Platform, ChatAdapter>,
  channel: () => string | undefined,
): AdminNotifier {
  return {
    async notify(message: OutgoingMessage) {
      log.warn({ notice: message.text }, 'admin notice');
      const to = channel();
      const address = to ? parseChannelAddress(to) : undefined;
      const adapter = address ? adapters().get(address.platform) : undefined;
      if (!to || !address || !adapter) return;
      const result = await adapter.post(to as `${Platform}:${string}`, message, `notice:${randomUUID()}`);
      if (!result.ok) log.error({ err: result.error, channel: to }, 'admin notice could not be posted');
    },
  };
}

/**
 * The composition root: env → logger → store and content → adapters → delivery, scheduler and
 * claim tracking → start. Returns the exit code. With no platform credentials it runs the shell.
 */
export async function runBot(): Promise<number> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // Listen for signals from the start: a SIGTERM during start-up (a slow gateway login) still
  // ends in an orderly shutdown rather than a kill.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const shellMode = !env.slackEnabled && !env.discordEnabled;
  // In the shell, answers go to stdout and only warnings to stderr, so piped sessions read cleanly.
  const log = createLogger(env.LOG_LEVEL ?? (shellMode ? 'warn' : 'info'));
  // A library promise nobody awaits (Bolt on a signed but malformed body, a Socket Mode reconnect
  // that gave up) must not take every channel down with it: log it and keep serving.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  const http = new HttpServer(log);
  const metrics = new SitrepMetrics();

  let adapters: ChatAdapter[];
  try {
    adapters = await createAdapters(env, http, log, metrics);
  } catch (error) {
    process.stderr.write(`Sitrep cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const shell = shellMode
    ? new ShellAdapter({ input: process.stdin, output: process.stdout, prompt: process.stdin.isTTY === true })
    : undefined;
  if (shell) adapters.push(shell);
  const byPlatform = new Map(adapters.map((a) => [a.platform, a]));
  let adminChannel: string | undefined;
  const notifier = adminNotifier(
    log,
    () => byPlatform,
    () => adminChannel,
  );
  let engine: DeliveryEngine | undefined;

  let core: Core;
  try {
    core = await createCore({
      briefingsDir: env.BRIEFINGS_DIR,
      configDir: env.CONFIG_DIR,
      databaseUrl: env.DATABASE_URL,
      admins: env.ADMINS,
      log,
      notifier,
      deliverer: (store, config) => {
        engine = new DeliveryEngine({
          store,
          adapters: byPlatform,
          admins: notifier,
          metrics,
          log,
          owner: env.SITREP_INSTANCE,
          limits: { slackWorkspacePerMinute: config.slackWorkspaceBudgetPerMinute },
        });
        return engine;
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Sitrep cannot start: config/sitrep.yaml is invalid:\n${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Sitrep cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  adminChannel = core.config.adminChannel;
  for (const problem of core.contentProblems) log.warn({ problem: formatProblem(problem) }, 'story file invalid');

  const delivery = engine as unknown as DeliveryEngine;
  const synced = await syncConfigSchedules(core.store, core.config);
  for (const problem of synced.problems) log.warn({ problem }, 'config schedule ignored');
  const scheduler = new Scheduler({
    store: core.store,
    deliverer: delivery,
    catchUpWindowMs: core.config.catchUpWindow,
    stories: core.catalog,
    sinceLastBriefing: (channel, story) => sinceLastBriefing({ store: core.store }, channel, story),
    currentRevision: (story) => currentRevisionId({ store: core.store }, story),
    clock: core.clock,
    log,
  });

  try {
    for (const adapter of adapters) await adapter.start(core.router);
    await core.claims.syncAtStart();
    const stopWatching = await core.claims.watch();
    await delivery.start();
    scheduler.start();
    mountOpsRoutes(http, { store: core.store, adapters, metrics });
    // The shell needs no port; a platform (or an explicit PORT) does.
    if (!shellMode || process.env.PORT) {
      const port = await http.listen(env.PORT);
      log.info({ port, platforms: adapters.map((a) => a.platform) }, 'sitrep started');
    }

    const reason = await Promise.race([signalled, ...(shell ? [shell.closed.then(() => 'end of input')] : [])]);
    log.info({ reason }, 'shutting down');
    await scheduler.stop();
    await stopWatching();
    // Finishes in-flight sends or hands them back, so another replica or the next start sends them.
    await delivery.stop();
    for (const adapter of adapters) await adapter.stop();
    await http.close();
    await core.close();
    return 0;
  } catch (error) {
    log.error({ err: error }, 'sitrep failed');
    process.stderr.write(`Sitrep stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    await core.close().catch(() => undefined);
    return 1;
  }
}
