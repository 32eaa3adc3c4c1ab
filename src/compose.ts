import path from 'node:path';
import { CommandRouter } from './core/commands/router.js';
import type { ClaimEditor, ClaimHistory } from './core/commands/services.js';
import type { CommandDef } from './core/commands/types.js';
import { loadConfig } from './core/config/load.js';
import type { SitrepConfig } from './core/config/schema.js';
import type { Logger } from './core/log.js';
import { type Clock, systemClock } from './core/ports.js';
import type { Store } from './core/store.js';
import { StoryCatalog } from './core/story/catalog.js';
import type { Problem } from './core/yaml-source.js';
import { COMMANDS } from './core/commands/registry.js';
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
  /** The CLI's `--admin`: every caller of this core is an admin. */
  everyoneIsAdmin?: boolean;
}

/** The platform-free heart of Sitrep: content, storage and the command router. */
export interface Core {
  config: SitrepConfig;
  catalog: StoryCatalog;
  store: Store;
  router: CommandRouter;
  clock: Clock;
  log: Logger;
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
  const contentProblems = await catalog.loadAll();
  const store = await openStore(options.databaseUrl, { clock });
  const editor: ClaimEditor = {
    async apply() {
      return { ok: false, message: 'Editing from chat is not available in this build.' };
    },
  };
  const history: ClaimHistory = { history: async () => [] };
  const router = new CommandRouter({
    catalog,
    clock,
    log: options.log,
    services: { store, config, editor, history },
    commands: options.commands ?? COMMANDS,
    isAdmin: options.everyoneIsAdmin ? () => true : undefined,
  });
  return {
    config,
    catalog,
    store,
    router,
    clock,
    log: options.log,
    contentProblems,
    close: () => store.close(),
  };
}
