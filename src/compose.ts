import path from 'node:path';
import { type ClaimTracking, createClaimTracking } from './core/claims/service.js';
import { COMMANDS } from './core/commands/registry.js';
import { CommandRouter } from './core/commands/router.js';
import type { CommandDef } from './core/commands/types.js';
import { loadConfig } from './core/config/load.js';
import type { SitrepConfig } from './core/config/schema.js';
import { deliveryRecordOf } from './core/delivery/job.js';
import type { AdminNotifier, Deliverer } from './core/delivery/types.js';
import type { Logger } from './core/log.js';
import { type Clock, systemClock } from './core/ports.js';
import type { Store } from './core/store.js';
import { StoryCatalog } from './core/story/catalog.js';
import type { Problem } from './core/yaml-source.js';
import { openStore } from './store/db.js';

export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface CoreOptions {
  briefingsDir: string;
  configDir: string;
  databaseUrl: string;
  /** Extra admins from the ADMINS variable. */
  admins?: readonly string[];
  clock?: Clock;
  log: Logger;
  commands?: readonly CommandDef[];
  /** Where alerts go: the delivery engine in the bot; the delivery log alone in the CLI. */
  deliverer?: (store: Store, config: SitrepConfig) => Deliverer;
  notifier?: AdminNotifier;
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
  /** Problems found in story files at load (the last valid version of each stays served). */
  contentProblems: Problem[];
  close(): Promise<void>;
}

export async function loadSitrepConfig(configDir: string, extraAdmins: readonly string[] = []): Promise<SitrepConfig> {
  const result = await loadConfig(path.join(configDir, 'sitrep.yaml'));
  if (!result.ok) throw new ConfigError(result.problems);
  return { ...result.config, admins: [...new Set([...result.config.admins, ...extraAdmins])] };
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const config = await loadSitrepConfig(options.configDir, options.admins);
  const catalog = new StoryCatalog(options.briefingsDir);
  const contentProblems = await catalog.loadAll().catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : 'cannot be read';
    throw new Error(`briefings directory "${options.briefingsDir}" ${why} (set BRIEFINGS_DIR or --briefings)`, {
      cause: error,
    });
  });
  const store = await openStore(options.databaseUrl, { clock });
  const notifier = options.notifier ?? logNotifier(options.log);
  const claims = createClaimTracking({
    store,
    catalog,
    deliverer: (options.deliverer ?? recordOnlyDeliverer)(store, config),
    notifier,
    clock,
    log: options.log,
    briefingsDir: options.briefingsDir,
    config,
  });
  const router = new CommandRouter({
    catalog,
    clock,
    log: options.log,
    services: { store, config, editor: claims.editor, history: claims.history },
    commands: options.commands ?? COMMANDS,
  });
  return {
    config,
    catalog,
    store,
    router,
    claims,
    clock,
    log: options.log,
    contentProblems,
    close: () => store.close(),
  };
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
