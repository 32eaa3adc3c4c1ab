import type { CommandDef } from '../../src/core/commands/types.js';
import { notice } from '../../src/core/message.js';

export interface DelayedCommandSpec {
  name: string;
  description: string;
  /** How long it takes before answering. */
  delayMs: number;
  /** The text of the success notice it answers with. */
  answer: string;
  /** Whether it declares itself slow (adapters defer such commands at once). */
  slow?: boolean;
}

/** A test command with no options that answers `answer` after `delayMs`: for the adapters' deferral paths. */
export function delayedCommand({ name, description, delayMs, answer, slow }: DelayedCommandSpec): CommandDef {
  return {
    name,
    description,
    options: [],
    examples: [name],
    ...(slow ? { slow: true } : {}),
    async run() {
      await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
      return notice(answer, 'success');
    },
  };
}
