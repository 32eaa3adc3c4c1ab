import type { Permission, Role } from '../access.js';
import type { Logger } from '../log.js';
import type { OutgoingMessage } from '../message.js';
import type { Caller, Clock } from '../ports.js';
import type { StoryCatalog } from '../story/catalog.js';
import type { CommandServices } from './services.js';

/** What an option's value is, for Discord's typed options and for autocomplete. */
export type Completion = 'actor' | 'claim' | 'story' | 'timezone' | 'schedule' | 'tier' | 'status' | 'track-kind';

export interface OptionDef {
  name: string;
  description: string;
  required?: boolean;
  choices?: readonly string[];
  autocomplete?: Completion;
  /** Takes every remaining word (free text, `field=value` lists, a cron expression). */
  rest?: boolean;
}

export interface CommandDef {
  /** The words after `/sitrep`: `actor`, or `schedule add` for a subcommand of a group. */
  name: string;
  description: string;
  options: readonly OptionDef[];
  examples: readonly string[];
  /** What the caller must be allowed to do (checked before `run`, see `access.ts`); reading by default. */
  needs?: Permission;
  /** May take longer than a platform's 3-second window: adapters defer their answer. */
  slow?: boolean;
  /**
   * The answer depends only on the arguments and the loaded story versions (not on the caller,
   * the clock or the store), so it may be reused until a story changes.
   */
  cacheable?: boolean;
  /**
   * Custom argument splitting for grammars positional options cannot express (`schedule add` with
   * a 5-field cron). Gets the words after the command name; never throws.
   */
  split?(words: readonly string[], ctx: CommandContext): Record<string, string | undefined> | { error: string };
  run(args: Record<string, string | undefined>, ctx: CommandContext): Promise<OutgoingMessage> | OutgoingMessage;
}

export interface CommandContext {
  caller: Caller;
  /** Every role the caller holds (`reader` always). */
  roles: readonly Role[];
  catalog: StoryCatalog;
  clock: Clock;
  log: Logger;
  services: CommandServices;
  /** `share` was typed or a Share button was pressed: answer in the channel. */
  share: boolean;
}
