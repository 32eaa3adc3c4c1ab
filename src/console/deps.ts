import type { ClaimHistory, CommandServices } from '../core/commands/services.js';
import type { ConsoleIdentity, ConsoleSignIn } from '../core/console/sign-in.js';
import type { Deliverer } from '../core/delivery/types.js';
import type { Logger } from '../core/log.js';
import type { Clock, CommandPort } from '../core/ports.js';
import type { StoryCatalog } from '../core/story/catalog.js';

/** What the console is built from: the same core services the chat commands use. */
export interface ConsoleDeps {
  signIn: ConsoleSignIn;
  catalog: StoryCatalog;
  services: CommandServices & { history: ClaimHistory };
  clock: Clock;
  log: Logger;
  /** `SITREP_PUBLIC_URL`: the console's address behind a proxy; https there means Secure cookies. */
  publicUrl?: string;
  /** Where "send a test briefing now" goes: the delivery engine. */
  deliverer?: Deliverer;
  /** The chat commands, run as the signed-in admin (the channels page's schedule add and remove). */
  commands?: Pick<CommandPort, 'handle'>;
}

/** Hono's per-request variables in the console. */
export interface ConsoleEnv {
  Variables: { identity: ConsoleIdentity };
}
