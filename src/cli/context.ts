import { type Core, createCore } from '../compose.js';
import { consoleBaseUrl, loadEnv } from '../env.js';
import { createLogger } from '../logger.js';

export interface ContentOptions {
  briefings?: string;
  admin?: boolean;
  consoleBaseUrl?: () => string;
}

/** The same core the bot runs, for one CLI command. Logs stay quiet unless LOG_LEVEL asks. */
export async function openCliCore(options: ContentOptions): Promise<Core> {
  const env = loadEnv();
  return createCore({
    briefingsDir: options.briefings ?? env.BRIEFINGS_DIR,
    configDir: env.CONFIG_DIR,
    databaseUrl: env.DATABASE_URL,
    admins: env.ADMINS,
    log: createLogger(env.LOG_LEVEL ?? 'warn'),
    instance: env.SITREP_INSTANCE,
    writeback: env.BRIEFINGS_WRITEBACK,
    consoleBaseUrl: options.consoleBaseUrl ?? (() => consoleBaseUrl(env)),
  });
}
