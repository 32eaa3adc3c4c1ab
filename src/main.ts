import { randomUUID } from 'node:crypto';
import { SHELL_CHANNEL, SHELL_USER, ShellAdapter } from './adapters/shell/transport.js';
import type { SlackAdapterOptions } from './adapters/slack/adapter.js';
import { assembleCore, ConfigError, type Core, loadContent, loadSitrepConfig, openContent } from './compose.js';
import { mountConsole } from './console/mount.js';
import { currentRevisionId, sinceLastBriefing } from './core/claims/since-last.js';
import { configReferenceProblems } from './core/config/references.js';
import { DeliveryEngine } from './core/delivery/engine.js';
import type { AdminNotifier } from './core/delivery/types.js';
import type { Logger } from './core/log.js';
import type { OutgoingMessage } from './core/message.js';
import {
  type ChannelAddress,
  type ChatAdapter,
  type Platform,
  parseChannelAddress,
  systemClock,
} from './core/ports.js';
import { syncConfigSchedules } from './core/scheduler/config-sync.js';
import { Scheduler } from './core/scheduler/scheduler.js';
import type { Store } from './core/store.js';
import { type WorkspaceDirectory, type WorkspaceEvents, workspaceEvents } from './core/workspaces.js';
import { formatProblem } from './core/yaml-source.js';
import { consoleBaseUrl, type Env, EnvError, loadEnv } from './env.js';
import { errorMessage } from './errors.js';
import { HttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { collectAfterShrink, collectAfterStartup } from './ops/release-memory.js';
import { serveOps } from './ops/routes.js';
import { serveClaimsJsonLd } from './public/claims-jsonld.js';
import { openStore } from './store/db.js';
import { SecretBox } from './store/encryption.js';

/** The Slack adapter: one bot token, or (OAuth) every workspace's installation from the store. */
async function createSlack(
  env: Env,
  http: HttpServer,
  log: Logger,
  store: Store,
  workspaces: () => WorkspaceEvents | undefined,
): Promise<ChatAdapter> {
  const { createSlackAdapter } = await import('./adapters/slack/adapter.js');
  const options: SlackAdapterOptions = {
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    http,
    log,
    replays: store.seenRequests,
  };
  if (env.SLACK_BOT_TOKEN) options.botToken = env.SLACK_BOT_TOKEN;
  if (env.slackOAuth && env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET) {
    const { SlackOAuth } = await import('./adapters/slack/oauth.js');
    options.oauth = new SlackOAuth({
      clientId: env.SLACK_CLIENT_ID,
      clientSecret: env.SLACK_CLIENT_SECRET,
      stateSecret: env.SLACK_STATE_SECRET,
      publicUrl: env.SITREP_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      apiUrl: env.SLACK_API_URL,
      installations: store.installations,
      log,
      onInstalled: async (workspace) => {
        slack.dropClient(workspace);
        await workspaces()?.installed(workspace);
      },
    });
    options.onWorkspaceRemoved = async (workspace, why) => workspaces()?.removed(workspace, why);
  }
  const slack = createSlackAdapter(options);
  return slack;
}

/** The platform adapters the environment enables; the shell when it enables none. */
async function createAdapters(
  env: Env,
  http: HttpServer,
  log: Logger,
  store: Store,
  workspaces: () => WorkspaceEvents | undefined,
): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (env.slackEnabled) adapters.push(await createSlack(env, http, log, store, workspaces));
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
        replays: store.seenRequests,
      }),
    );
  }
  return adapters;
}

/** Admin notices go to the log and, when config names one, to the admin channel. */
function adminNotifier(
  log: Logger,
  adapters: ReadonlyMap<Platform, ChatAdapter>,
  channel: string | undefined,
): AdminNotifier {
  const address = channel ? parseChannelAddress(channel) : undefined;
  return {
    async notify(message: OutgoingMessage) {
      log.warn({ notice: message.text }, 'admin notice');
      const adapter = address ? adapters.get(address.platform) : undefined;
      if (!channel || !adapter) return;
      const result = await adapter.post(channel as ChannelAddress, message, `notice:${randomUUID()}`);
      if (!result.ok) log.error({ err: result.error, channel }, 'admin notice could not be posted');
    },
  };
}

/**
 * The one way a start-up problem reaches whoever started Sitrep: one message on stderr (a
 * headline, then the problems), no stack trace, exit code 1.
 */
function cannotStart(error: unknown): number {
  const message =
    error instanceof EnvError
      ? error.message
      : error instanceof ConfigError
        ? `Sitrep cannot start: config/sitrep.yaml is invalid:\n${error.message}`
        : `Sitrep cannot start: ${errorMessage(error)}`;
  process.stderr.write(`${message}\n`);
  return 1;
}

/**
 * In the shell the console listens on this machine only, and a sign-in link for the person at the
 * terminal is printed (on stderr, so piped answers on stdout read cleanly). A busy port is not
 * fatal: the shell still answers.
 */
async function startShellConsole(http: HttpServer, env: Env, core: Core, bound: (port: number) => void) {
  try {
    bound(await http.listen(env.PORT, '127.0.0.1'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `The editors' console is not available: port ${env.PORT} ${code === 'EADDRINUSE' ? 'is in use' : 'cannot be opened'} (set PORT).\n`,
    );
    return;
  }
  const link = await core.signIn.issueLink(`shell:${SHELL_USER}`, 'shell');
  if (link.ok) {
    process.stderr.write(
      `Editors' console: ${link.url}\n  (sign-in link: works once, for 10 minutes; /sitrep console prints another)\n`,
    );
  }
}

/** What start-up opened, undone in reverse order when a later step fails or the bot stops. */
class OpenedParts {
  private readonly undo: Array<() => Promise<unknown>> = [];

  add(close: () => Promise<unknown>): void {
    this.undo.push(close);
  }

  async closeAll(log: Logger): Promise<void> {
    for (const close of this.undo.splice(0).reverse()) {
      await close().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    }
  }
}

interface RunningBot {
  /** Resolves when the shell's input ends; never for a platform bot. */
  ended: Promise<string>;
  stop(): Promise<void>;
}

/**
 * The composition root, in one line: env → config → content → store → adapters (built, not yet
 * connected) → delivery engine → core → scheduler → start (adapters, claim tracking, engine,
 * scheduler, HTTP). With no platform credentials it runs the shell.
 */
async function startBot(env: Env, shellMode: boolean, log: Logger, opened: OpenedParts): Promise<RunningBot> {
  const http = new HttpServer(log);
  // prom-client (and its default collectors) only when /metrics is served at all.
  const metricsServed = env.METRICS_TOKEN !== undefined || env.METRICS_PORT !== undefined;
  const metrics = metricsServed ? new (await import('./ops/metrics.js')).SitrepMetrics() : undefined;

  const config = await loadSitrepConfig(env.CONFIG_DIR, env.ADMINS);
  // A platform bot reads its stories once, in claims.syncAtStart() below (which reports invalid
  // files). The shell answers piped lines as soon as it starts, so it reads them first as well.
  const content = shellMode ? await loadContent(env.BRIEFINGS_DIR) : await openContent(env.BRIEFINGS_DIR);
  for (const problem of content.problems) log.warn({ problem: formatProblem(problem) }, 'story file invalid');
  const store = await openStore(env.DATABASE_URL, {
    clock: systemClock,
    ...(env.SITREP_ENCRYPTION_KEY ? { secrets: SecretBox.fromBase64(env.SITREP_ENCRYPTION_KEY) } : {}),
  });
  opened.add(() => store.close());
  opened.add(() => http.close());

  let workspaces: WorkspaceEvents | undefined;
  const adapters = await createAdapters(env, http, log, store, () => workspaces);
  const shell = shellMode
    ? new ShellAdapter({ input: process.stdin, output: process.stdout, prompt: process.stdin.isTTY === true })
    : undefined;
  if (shell) adapters.push(shell);
  const byPlatform = new Map(adapters.map((a) => [a.platform, a]));
  // The person at the shell is its admin: with no admin channel configured, notices (a story file
  // refused, with its problems) print there, not only as log lines drawn over the prompt.
  const notifier = adminNotifier(log, byPlatform, config.adminChannel ?? (shell ? SHELL_CHANNEL : undefined));

  const engine = new DeliveryEngine({
    store,
    adapters: byPlatform,
    admins: notifier,
    ...(metrics ? { metrics } : {}),
    log,
    owner: env.SITREP_INSTANCE,
    limits: { slackWorkspacePerMinute: config.slackWorkspaceBudgetPerMinute },
  });
  // Known once the listener has its port (PORT=0 picks a free one).
  let boundPort = env.PORT;
  const core = assembleCore({
    config,
    content,
    store,
    briefingsDir: env.BRIEFINGS_DIR,
    log,
    deliverer: engine,
    notifier,
    instance: env.SITREP_INSTANCE,
    writeback: env.BRIEFINGS_WRITEBACK,
    consoleBaseUrl: () => consoleBaseUrl(env, boundPort),
  });
  const slack = byPlatform.get('slack') as (ChatAdapter & WorkspaceDirectory) | undefined;
  if (slack) workspaces = workspaceEvents({ store, notifier, directory: slack, clock: core.clock });
  const synced = await syncConfigSchedules(store, config);
  for (const problem of synced.problems)
    log.warn({ entry: problem.entry, reason: problem.message }, 'config schedule ignored');
  const scheduler = new Scheduler({
    store,
    deliverer: engine,
    catchUpWindowMs: config.catchUpWindow,
    stories: core.catalog,
    sinceLastBriefing: (channel, story) => sinceLastBriefing({ store }, channel, story),
    currentRevision: (story) => currentRevisionId({ store }, story),
    clock: core.clock,
    log,
  });

  mountConsole(http, {
    signIn: core.signIn,
    catalog: core.catalog,
    services: core.router.services,
    clock: core.clock,
    log,
    publicUrl: env.SITREP_PUBLIC_URL,
    deliverer: engine,
    commands: core.router,
  });
  if (config.claimReview.public) {
    serveClaimsJsonLd(http, {
      store,
      history: core.claims.history,
      publisher: { name: config.claimReview.publisher, url: config.claimReview.publisherUrl },
      baseUrl: () => consoleBaseUrl(env, boundPort),
    });
  }
  // The shell's console is up before the first typed line, so `/sitrep console` has its port.
  if (shellMode) await startShellConsole(http, env, core, (port) => (boundPort = port));

  // Closed in reverse: the scheduler, the file watcher, then the engine (it finishes in-flight sends
  // or hands them back, for another replica or the next start), adapters, HTTP, the store.
  // Side by side: each start is mostly waiting on its platform (Slack's auth.test, Discord's login).
  const commands = metrics ? metrics.counting(core.router) : core.router;
  const starts = await Promise.allSettled(adapters.map((adapter) => adapter.start(commands)));
  for (const [i, started] of starts.entries())
    if (started.status === 'fulfilled') opened.add(() => adapters[i]!.stop());
  const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  opened.add(() => engine.stop());
  collectAfterShrink(core.claims.content);
  await core.claims.syncAtStart();
  // Logged, not refused: a story, actor or claim may be added after start-up (a new file under
  // briefings/, or an edit) and the entry works from then on, so the bot must not stay down for it.
  // Meanwhile such a schedule's slots report `story "…" is not loaded` and such tracking alerts on
  // nothing. `sitrep validate` is where an entry naming nothing fails.
  for (const problem of configReferenceProblems(
    config,
    core.catalog.list().map((view) => view.story),
  ))
    log.warn({ entry: problem.entry, reason: problem.message }, 'config entry names nothing loaded');
  opened.add(await core.claims.watch());
  await engine.start();
  opened.add(
    await serveOps(
      http,
      { store, adapters, metrics, log },
      { token: env.METRICS_TOKEN, port: env.METRICS_PORT, host: env.METRICS_HOST },
    ),
  );
  if (!shellMode) boundPort = await http.listen(env.PORT);
  // After the listener: arming node-cron's heartbeat loads the time-zone data of `Intl` (tens of
  // milliseconds on a small VM), and the bot answers commands without it. Its first pass runs at
  // once and catches up any slot that fell due meanwhile.
  scheduler.start();
  opened.add(() => scheduler.stop());
  if (!shellMode) {
    log.info({ port: boundPort, platforms: adapters.map((a) => a.platform) }, 'sitrep started');
    collectAfterStartup();
  }
  return {
    ended: shell ? shell.closed.then(() => 'end of input') : new Promise<string>(() => {}),
    stop: () => opened.closeAll(log),
  };
}

/** Runs the bot until a signal (or the end of the shell's input). Returns the exit code. */
export async function runBot(): Promise<number> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    return cannotStart(error);
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

  const opened = new OpenedParts();
  let bot: RunningBot;
  try {
    bot = await startBot(env, shellMode, log, opened);
  } catch (error) {
    await opened.closeAll(log);
    return cannotStart(error);
  }
  const reason = await Promise.race([signalled, bot.ended]);
  log.info({ reason }, 'shutting down');
  await bot.stop();
  return 0;
}
