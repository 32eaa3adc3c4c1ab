import path from 'node:path';
import { type ClaimTracking, createClaimTracking } from './core/claims/service.js';
import { COMMANDS } from './core/commands/registry.js';
import { CommandRouter } from './core/commands/router.js';
import type { CommandDef } from './core/commands/types.js';
import { loadConfig } from './core/config/load.js';
import type { SitrepConfig } from './core/config/schema.js';
import { ConsoleSignIn } from './core/console/sign-in.js';
import { deliveryRecordOf } from './core/delivery/job.js';
import type { AdminNotifier, Deliverer } from './core/delivery/types.js';
import type { Logger } from './core/log.js';
import { type ArticleReader, type Clock, systemClock } from './core/ports.js';
import { ProposalReview } from './core/proposals/review.js';
import type { Store } from './core/store.js';
import { StoryCatalog } from './core/story/catalog.js';
import { listStoryFiles } from './core/story/load.js';
import type { Problem } from './core/yaml-source.js';
import { openStore } from './store/db.js';
import type { SecretBox } from './store/encryption.js';

export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** What `createCore` and `assembleCore` both take, and `createCore` hands on as it is. */
interface CoreSettings {
  log: Logger;
  clock?: Clock;
  commands?: readonly CommandDef[];
  /** Where alerts go: the delivery engine in the bot; the delivery log alone elsewhere (the CLI, tests). */
  deliverer?: Deliverer;
  notifier?: AdminNotifier;
  /** `SITREP_INSTANCE`: with the briefings path, names this copy of the story files. */
  instance?: string;
  /** `BRIEFINGS_WRITEBACK`: rewrite story files after changes made elsewhere (default true). */
  writeback?: boolean;
  /** Where the editors' console is reached (for sign-in links). Default: http://127.0.0.1:3000. */
  consoleBaseUrl?: () => string;
}

/** Where `createCore` finds what it opens itself (tests, benches and the CLI). */
export interface CoreOptions extends CoreSettings {
  briefingsDir: string;
  configDir: string;
  databaseUrl: string;
  /** Extra admins from the ADMINS variable. */
  admins?: readonly string[];
  /** Seals installation tokens at rest (SITREP_ENCRYPTION_KEY). */
  secrets?: SecretBox;
}

/** What `assembleCore` is built from: everything already loaded or opened by the caller. */
export interface CoreParts extends CoreSettings {
  config: SitrepConfig;
  content: LoadedContent;
  /** Handed over: the core's `close()` closes it. */
  store: Store;
  briefingsDir: string;
  /** Reads articles for proposals (default: the article adapter, loaded on first use). */
  articleReader?: () => Promise<ArticleReader>;
}

/** The platform-free heart of Sitrep: content, storage and the command router. */
export interface Core {
  config: SitrepConfig;
  catalog: StoryCatalog;
  store: Store;
  router: CommandRouter;
  clock: Clock;
  log: Logger;
  claims: ClaimTracking;
  /** Sign-in to the editors' console: links, sessions, roles. */
  signIn: ConsoleSignIn;
  /** Problems found in story files at load (the last valid version of each stays served). */
  contentProblems: Problem[];
  close(): Promise<void>;
}

/** The stories as loaded at start: the catalog, and what was wrong in files it could not take. */
export interface LoadedContent {
  catalog: StoryCatalog;
  problems: Problem[];
}

export async function loadSitrepConfig(configDir: string, extraAdmins: readonly string[] = []): Promise<SitrepConfig> {
  const result = await loadConfig(path.join(configDir, 'sitrep.yaml'));
  if (!result.ok) throw new ConfigError(result.problems);
  return { ...result.config, admins: [...new Set([...result.config.admins, ...extraAdmins])] };
}

/** Reads every story file; a briefings directory that cannot be read is one clear error. */
export async function loadContent(briefingsDir: string): Promise<LoadedContent> {
  const catalog = new StoryCatalog(briefingsDir);
  const problems = await catalog.loadAll().catch((error: unknown) => {
    throw briefingsDirError(briefingsDir, error);
  });
  return { catalog, problems };
}

/**
 * For the bot: the briefings directory checked, its stories not read yet. The bot serves every
 * story from the store and imports each file once in `claims.syncAtStart()` (which reports invalid
 * files); reading them here as well parsed a 10,000-claim story twice at start and held both.
 */
export async function openContent(briefingsDir: string): Promise<LoadedContent> {
  await listStoryFiles(briefingsDir).catch((error: unknown) => {
    throw briefingsDirError(briefingsDir, error);
  });
  return { catalog: new StoryCatalog(briefingsDir), problems: [] };
}

function briefingsDirError(briefingsDir: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : 'cannot be read';
  return new Error(`briefings directory "${briefingsDir}" ${why} (set BRIEFINGS_DIR or --briefings)`, { cause: error });
}

/** Builds the core from parts the caller loaded and opened (the bot's composition root). */
export function assembleCore(parts: CoreParts): Core {
  const clock = parts.clock ?? systemClock;
  const { config, store } = parts;
  const { catalog } = parts.content;
  const claims = createClaimTracking({
    store,
    catalog,
    deliverer: parts.deliverer ?? recordOnlyDeliverer(store),
    notifier: parts.notifier ?? logNotifier(parts.log),
    clock,
    log: parts.log,
    briefingsDir: parts.briefingsDir,
    config,
    ...(parts.instance === undefined ? {} : { instance: parts.instance }),
    ...(parts.writeback === undefined ? {} : { writeback: parts.writeback }),
  });
  const signIn = new ConsoleSignIn({
    store,
    clock,
    config,
    baseUrl: parts.consoleBaseUrl ?? (() => 'http://127.0.0.1:3000'),
  });
  const proposals = new ProposalReview({
    store,
    content: claims.content,
    clock,
    reader: parts.articleReader ?? defaultArticleReader,
  });
  const router = new CommandRouter({
    catalog,
    clock,
    log: parts.log,
    services: {
      store,
      config,
      editor: claims.editor,
      history: claims.history,
      content: claims.content,
      console: signIn,
      proposals,
    },
    commands: parts.commands ?? COMMANDS,
  });
  return {
    config,
    catalog,
    store,
    router,
    claims,
    signIn,
    clock,
    log: parts.log,
    contentProblems: parts.content.problems,
    close: () => store.close(),
  };
}

/**
 * A core that opens what it needs itself: config, then content, then the store (last, so a wrong
 * briefings directory creates no database). Alerts are only recorded: a running bot sends them.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { configDir, databaseUrl, admins, secrets, ...settings } = options;
  const clock = options.clock ?? systemClock;
  const config = await loadSitrepConfig(configDir, admins);
  const content = await loadContent(options.briefingsDir);
  const store = await openStore(databaseUrl, { clock, ...(secrets ? { secrets } : {}) });
  const core = assembleCore({ ...settings, config, content, store, clock });
  // The stories as stored, not this copy's files: a command answers what every replica serves.
  await core.claims.serveStored();
  return core;
}

/** The article adapter, imported only when someone proposes: its NLP model is large. */
async function defaultArticleReader(): Promise<ArticleReader> {
  const { createArticleReader } = await import('./adapters/article/reader.js');
  return createArticleReader();
}

/** Admin notices when no chat channel is set up for them: the log. */
export function logNotifier(log: Logger): AdminNotifier {
  return {
    async notify(message) {
      log.warn({ notice: message.text }, 'admin notice');
    },
  };
}

/**
 * For processes that do not send (the CLI): records each delivery with an already-expired lease,
 * so the running bot's recovery takes it over and sends it exactly once.
 */
export function recordOnlyDeliverer(store: Store): Deliverer {
  return {
    async enqueue(requests) {
      for (const request of requests) await store.deliveries.claim(deliveryRecordOf(request, new Date()), 'cli', 0);
    },
  };
}
