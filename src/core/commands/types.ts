import type { Role } from '../access.js';
import type { Logger } from '../log.js';
import type { OutgoingMessage } from '../message.js';
import type { Caller, Clock, CommandSpec } from '../ports.js';
import type { StoryCatalog } from '../story/catalog.js';
import type { CommandServices } from './services.js';

/** A subcommand as the core runs it: its spec, how its words are read and what running it does. */
export interface CommandDef extends CommandSpec {
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
  run(args: Record<string, string | undefined>, ctx: CommandContext): Promise<CommandAnswer> | CommandAnswer;
}

/**
 * What a command answers. Who sees it is decided in one place, the router, from the spec and the
 * context: the caller alone, the channel when `share` was asked, the caller alone whatever was asked
 * for a `privateOnly` command. A command leaves `visibility` out unless it answers in the channel
 * unasked (an announcement).
 */
export type CommandAnswer = Omit<OutgoingMessage, 'visibility'> & { visibility?: OutgoingMessage['visibility'] };

export interface CommandContext {
  caller: Caller;
  /** The command as typed (empty for a platform's typed options): for commands that read values whole. */
  text: string;
  /** Every role the caller holds (`reader` always). */
  roles: readonly Role[];
  catalog: StoryCatalog;
  clock: Clock;
  log: Logger;
  services: CommandServices;
  /** `share` was typed or a Share button was pressed: answer in the channel. */
  share: boolean;
}
