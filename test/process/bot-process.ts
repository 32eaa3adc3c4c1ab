/**
 * Spawns the real bot (`node bin/sitrep.js start`, what `npm start` runs) as a child process and
 * drives it from a test: wait until it is serving, read its logs, signal it, wait for it to exit.
 *
 *   const bot = await startBotProcess({ env: { SLACK_BOT_TOKEN: …, DATABASE_URL: … } });
 *   await fetch(`${bot.url}/healthz`);
 *   bot.kill('SIGKILL');                       // or 'SIGTERM' for a graceful stop
 *   const { code, signal } = await bot.waitForExit();
 *
 * - The child gets a clean environment: the parent's, minus every Sitrep variable (SLACK_*,
 *   DISCORD_*, DATABASE_URL, TEST_DATABASE_URL, BRIEFINGS_DIR, CONFIG_DIR, PORT, …) and vitest's
 *   own, plus `env`. `PORT` defaults to 0 (a free port, read back from the log) and `LOG_LEVEL` to
 *   `info`, so readiness can be seen in the log.
 * - Ready means the pino line `{"msg":"sitrep started","port":N}` on stderr. If the process exits
 *   first, or is not ready in time, the start rejects with everything it printed.
 * - Every process started here is killed (SIGKILL) by `stopAllBotProcesses()` — call it in
 *   `afterAll`/`afterEach` — and, as a last resort, when the test worker itself exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../support/child-env.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BOT_BIN = path.join(REPO_ROOT, 'bin', 'sitrep.js');

/** One line the bot wrote to stderr: pino's JSON fields when it was JSON, else just `raw`. */
export interface LogLine {
  /** pino level number (10 trace … 60 fatal); absent on a non-JSON line. */
  level?: number;
  msg?: string;
  /** The line exactly as written. */
  raw: string;
  [field: string]: unknown;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcessOptions {
  /** Variables for the child, on top of the clean environment. `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Working directory (default: the repository root, so `briefings/` and `bin/` resolve). */
  cwd?: string;
  /** 'pipe' keeps stdin open for writing (the shell adapter reads it); default 'ignore'. */
  stdin?: 'pipe' | 'ignore';
  /** Arguments after `bin/sitrep.js`; default `['start']`. */
  args?: string[];
  /**
   * Wait for the `sitrep started` log line before resolving (default true). Pass false for a
   * process expected to fail at start-up, then `await bot.waitForExit()`.
   */
  waitForReady?: boolean;
  /** How long to wait for readiness (default 20 s). */
  readyTimeoutMs?: number;
  /** Inherit the parent's environment, minus Sitrep's and vitest's variables (default true). */
  inheritEnv?: boolean;
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The HTTP port the bot logged (throws before readiness / when it never listened). */
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The exact environment the child was given. */
  readonly env: NodeJS.ProcessEnv;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** stderr, split into lines, JSON-parsed where possible (pino). Grows as the bot logs. */
  readonly logs: readonly LogLine[];
  /** Set once the process has exited. */
  readonly exit: ExitInfo | undefined;
  /** Sends a signal (default SIGTERM). False when the process has already exited. */
  kill(signal?: NodeJS.Signals): boolean;
  /** Resolves when the process exits; rejects after `timeoutMs` (default 15 s) with its output. */
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
  /** The first log line (already written or yet to come) matching; rejects on timeout or exit. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Calls `listener` with every log line from now on; returns a function that stops it. */
  onLog(listener: (line: LogLine) => void): () => void;
  /** Writes to stdin (only with `stdin: 'pipe'`). */
  write(text: string): void;
  /** SIGTERM, then SIGKILL if still running after `graceMs` (default 5 s). Resolves on exit. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** stdout and stderr, labelled: for assertion messages. */
  describe(): string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: a test worker that ends (or crashes) never leaves a bot running behind it.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** The environment a child bot gets: clean of Sitrep's and the runner's variables, plus `extra`. */
export function botEnv(extra: Record<string, string | undefined> = {}, inherit = true): NodeJS.ProcessEnv {
  return childEnv({ PORT: '0', LOG_LEVEL: 'info', ...extra }, { inherit });
}

/** The variables that point a bot at the Slack and Discord stand-ins (with interactions over HTTP when a public key is given). */
export function standInEnv(
  slack: { botToken: string; apiUrl: string },
  discord: { token: string; applicationId: string; apiUrl: string },
  signingSecret: string,
  publicKeyHex?: string,
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    ...(publicKeyHex ? { DISCORD_PUBLIC_KEY: publicKeyHex } : {}),
  };
}

/** The line main.ts logs once HTTP is listening: `{"msg":"sitrep started","port":N,"platforms":[…]}`. */
export function isStartedLine(line: LogLine): boolean {
  return line.msg === 'sitrep started' && typeof line.port === 'number';
}

function parseLine(raw: string): LogLine {
  if (raw.startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { ...parsed, raw };
    } catch {
      // not JSON after all
    }
  }
  return { raw };
}

/**
 * Spawns `node bin/sitrep.js start` and (by default) resolves once it is serving HTTP.
 * See the file comment for the environment it gets and how it is cleaned up.
 */
export async function startBotProcess(options: BotProcessOptions = {}): Promise<BotProcess> {
  const env = botEnv(options.env, options.inheritEnv ?? true);
  const waitForReady = options.waitForReady ?? true;
  if (waitForReady && ['warn', 'error', 'fatal', 'silent'].includes(env.LOG_LEVEL ?? '')) {
    throw new Error(`startBotProcess: LOG_LEVEL=${env.LOG_LEVEL} hides the "sitrep started" line it waits for`);
  }
  const stdinMode = options.stdin ?? 'ignore';
  const child = spawn(process.execPath, [BOT_BIN, ...(options.args ?? ['start'])], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: [stdinMode, 'pipe', 'pipe'],
  });
  installExitHook();
  running.add(child);

  let stdout = '';
  let stderr = '';
  let partial = '';
  const logs: LogLine[] = [];
  let exit: ExitInfo | undefined;
  let port: number | undefined;
  const logListeners = new Set<(line: LogLine) => void>();
  const record = (line: LogLine) => {
    logs.push(line);
    for (const listener of [...logListeners]) listener(line);
    if (port === undefined && isStartedLine(line)) port = line.port as number;
  };
  let spawnError: Error | undefined;
  // Woken on every new log line and on exit, so waiters re-check.
  const listeners = new Set<() => void>();
  const wake = () => {
    for (const listener of [...listeners]) listener();
  };

  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) record(parseLine(line));
    wake();
  });
  child.on('error', (error) => {
    spawnError = error;
    exit ??= { code: null, signal: null };
    running.delete(child);
    wake();
  });
  // 'close' (not 'exit'): every byte of stdout/stderr has been read by then.
  child.on('close', (code, signal) => {
    if (partial.trim()) record(parseLine(partial));
    partial = '';
    exit = { code, signal };
    running.delete(child);
    wake();
  });

  const describe = () =>
    `bot process ${child.pid ?? '(not spawned)'}${exit ? ` exited ${JSON.stringify(exit)}` : ''}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  /** Polls `probe` on every wake-up until it returns a value; rejects on timeout or exit. */
  const waitUntil = <T>(probe: () => T | undefined, what: string, timeoutMs: number, failOnExit: boolean): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found !== undefined) return finish(() => resolve(found));
        if (spawnError) return finish(() => reject(spawnError));
        if (failOnExit && exit)
          return finish(() => reject(new Error(`${what}: the process exited first\n${describe()}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${what}: timed out after ${timeoutMs} ms\n${describe()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const bot: BotProcess = {
    child,
    pid: child.pid ?? -1,
    get port() {
      if (port === undefined) throw new Error(`the bot has not logged its port (yet)\n${describe()}`);
      return port;
    },
    get url() {
      return `http://127.0.0.1:${bot.port}`;
    },
    env,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    logs,
    get exit() {
      return exit;
    },
    kill(signal = 'SIGTERM') {
      if (exit) return false;
      return child.kill(signal);
    },
    waitForExit(timeoutMs = 15_000) {
      return waitUntil(() => exit, 'waiting for the bot to exit', timeoutMs, false);
    },
    waitForLog(predicate, timeoutMs = 10_000) {
      return waitUntil(() => logs.find(predicate), 'waiting for a log line', timeoutMs, true);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    write(text) {
      if (!child.stdin) throw new Error("write() needs startBotProcess({ stdin: 'pipe' })");
      child.stdin.write(text);
    },
    async stop(graceMs = 5000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      try {
        return await bot.waitForExit(graceMs);
      } catch {
        child.kill('SIGKILL');
        return bot.waitForExit(5000);
      }
    },
    describe,
  };

  if (waitForReady) {
    try {
      await waitUntil(
        () => logs.find(isStartedLine),
        'waiting for the bot to be ready (its "sitrep started" log line)',
        options.readyTimeoutMs ?? 60_000,
        true,
      );
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }
  return bot;
}

/** SIGKILLs every bot process still running and waits for them to go. For `afterAll`/`afterEach`. */
export async function stopAllBotProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
