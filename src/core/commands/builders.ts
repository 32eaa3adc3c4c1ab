import type { StoryView } from '../story/catalog.js';
import { type LookupKind, lookupAnswer } from '../views/lookup.js';
import type { CommandAnswer, CommandContext, CommandDef } from './types.js';

/**
 * Builders for the commands that share a shape. Each command keeps a file of its own, with its own
 * texts; what every command of a shape takes and how it is run is written once, here.
 */

/** `actor <name>`, `source <name>`: one of a kind, found by name (typos allowed) in every loaded story. */
export function lookupCommand<T extends { id: string; name: string }>(
  kind: LookupKind<T>,
  texts: { description: string; examples: readonly string[] },
): CommandDef {
  return {
    name: kind.noun,
    description: texts.description,
    options: [
      {
        name: 'name',
        description: 'Name or alias (typos are fine)',
        required: true,
        rest: true,
        autocomplete: kind.noun,
      },
    ],
    examples: texts.examples,
    cacheable: true,
    run: (args, ctx) => lookupAnswer(kind, args.name ?? '', ctx.catalog.listFor(args.name ?? ''), ctx.share),
  };
}

/**
 * `actors`, `sources`, `timeline`: a whole list of one story (the only one, or the one named). The
 * answer rests on the story alone, so it is cached until the story changes.
 */
export function storyListCommand(spec: {
  name: string;
  description: string;
  answer(view: StoryView, ctx: CommandContext): CommandAnswer;
}): CommandDef {
  return {
    name: spec.name,
    description: spec.description,
    options: [{ name: 'story', description: 'Which story', autocomplete: 'story' }],
    examples: [spec.name],
    cacheable: true,
    run: (args, ctx) => spec.answer(ctx.catalog.resolve(args.story), ctx),
  };
}

/** `tracking`, `why`, `schedule list`: a report on the channel the command is typed in; it takes no options. */
export function channelReportCommand(spec: {
  name: string;
  description: string;
  answer(ctx: CommandContext): Promise<CommandAnswer>;
}): CommandDef {
  return {
    name: spec.name,
    description: spec.description,
    options: [],
    examples: [spec.name],
    run: (_args, ctx) => spec.answer(ctx),
  };
}
