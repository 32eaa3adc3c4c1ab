import { randomUUID } from 'node:crypto';
import { SitrepError, UserError } from '../../errors.js';
import { may, refusal, rolesOf } from '../access.js';
import { submitClaimForm } from '../forms/claim-forms.js';
import { capitalise, deepFreeze } from '../helpers.js';
import type { Logger } from '../log.js';
import { type FormOutcome, type FormSubmission, failedNotice, notice, type OutgoingMessage } from '../message.js';
import type {
  Caller,
  ChannelAddress,
  Clock,
  CommandPort,
  Completion,
  IncomingCommand,
  Permission,
  Suggestion,
} from '../ports.js';
import type { StoryCatalog } from '../story/catalog.js';
import { boundAnswer } from '../views/bounds.js';
import { channelsCard, homeMessage } from '../views/home.js';
import { AnswerCache } from './answer-cache.js';
import { completeOption } from './complete.js';
import { missingRequired, parseCommand, usage } from './parse.js';
import { helpMessage, validateCommands } from './registry.js';
import type { CommandServices } from './services.js';
import type { CommandAnswer, CommandContext, CommandDef } from './types.js';

export interface RouterDeps {
  catalog: StoryCatalog;
  clock: Clock;
  log: Logger;
  services: CommandServices;
  commands: readonly CommandDef[];
}

/**
 * Turns any command, from any platform, into an answer. It never throws: bad input gets a short,
 * useful reply, and unexpected failures are logged with a reference the user can quote.
 */
export class CommandRouter implements CommandPort {
  readonly commands: ReadonlyMap<string, CommandDef>;
  private readonly cache = new AnswerCache();
  /** What the commands reach beyond the stories: the console calls the same services. */
  readonly services: CommandServices;

  constructor(private readonly deps: RouterDeps) {
    this.commands = validateCommands(deps.commands);
    this.services = deps.services;
  }

  /** What this caller may do, from the configuration's people and what their platform reports. */
  may(caller: Caller, needs: Permission): boolean {
    return may(caller, needs, this.deps.services.config);
  }

  handle = async (command: IncomingCommand): Promise<OutgoingMessage> => {
    try {
      return await this.dispatch(command);
    } catch (error) {
      if (error instanceof UserError) return failedNotice('invalid', error.message);
      const ref = randomUUID().slice(0, 8);
      this.deps.log.error({ err: error, ref, text: command.text, channel: command.caller.channel }, 'command failed');
      const detail = error instanceof SitrepError && error.code === 'timeout' ? ' It took too long.' : '';
      return failedNotice('internal', `Something went wrong answering that.${detail} It has been logged (ref ${ref}).`);
    }
  };

  isSlow(command: IncomingCommand): boolean {
    if (command.invocation) return this.commands.get(command.invocation.name)?.slow === true;
    const parsed = parseCommand(command.text, this.commands, this.deps);
    return parsed.kind === 'command' && parsed.def.slow === true;
  }

  asksManager(command: IncomingCommand): boolean {
    const name = command.invocation?.name;
    if (name !== undefined) return name === 'help' || this.commands.get(name)?.needs === 'manage';
    const parsed = parseCommand(command.text, this.commands, this.deps);
    return parsed.kind === 'help' || (parsed.kind === 'command' && parsed.def.needs === 'manage');
  }

  complete(kind: Completion, query: string, limit = 25): Promise<Suggestion[]> {
    return completeOption(kind, query, limit, { catalog: this.deps.catalog, store: this.deps.services.store });
  }

  definitions(): readonly CommandDef[] {
    return [...this.commands.values()];
  }

  /** A workspace's home: its channels, then each story's changes in the last day (at most three stories). */
  home = async (caller: Caller, inWorkspace: (channel: ChannelAddress) => boolean): Promise<OutgoingMessage> => {
    const { store, config } = this.deps.services;
    const channels = await channelsCard(
      { store, config, catalog: this.deps.catalog, clock: this.deps.clock },
      inWorkspace,
    );
    const stories = this.deps.catalog.list().slice(0, 3);
    const changes = await Promise.all(stories.map((view) => this.handle({ text: `changes ${view.id}`, caller })));
    return homeMessage(channels, changes);
  };

  /** A submitted claim form: editors only, through the write path (see `forms/claim-forms.ts`). */
  submitForm = async (submission: FormSubmission, caller: Caller): Promise<FormOutcome> => {
    try {
      if (!this.may(caller, 'edit')) return { kind: 'done', message: failedNotice('refused', refusal('edit', 'edit')) };
      const content = this.deps.services.content;
      if (!content) return { kind: 'done', message: failedNotice('invalid', 'Story content cannot be changed here.') };
      return await submitClaimForm(submission, caller, {
        store: this.deps.services.store,
        content,
      });
    } catch (error) {
      if (error instanceof UserError) return { kind: 'done', message: failedNotice('invalid', error.message) };
      const ref = randomUUID().slice(0, 8);
      this.deps.log.error({ err: error, ref, form: submission.kind }, 'form submission failed');
      return {
        kind: 'done',
        message: notice(`Something went wrong saving that. It has been logged (ref ${ref}).`, 'error'),
      };
    }
  };

  private async dispatch(command: IncomingCommand): Promise<OutgoingMessage> {
    const caller = command.caller;
    const allowed = (needs: Permission) => this.may(caller, needs);
    let def: CommandDef;
    let args: Record<string, string | undefined>;
    let share = false;
    if (command.invocation) {
      if (command.invocation.name === 'help') return helpMessage(this.commands.values(), { may: allowed });
      const found = this.commands.get(command.invocation.name);
      if (!found)
        return failedNotice('unknown_command', `Unknown command "${command.invocation.name}". Try /sitrep help.`);
      def = found;
      args = command.invocation.args;
      share = args.share === 'true';
      const missing = missingRequired(def, args);
      if (missing) return failedNotice('invalid', `Missing ${missing.name}. Usage: ${usage(def)}`);
    } else {
      const parsed = parseCommand(command.text, this.commands, this.deps);
      switch (parsed.kind) {
        case 'help':
          return helpMessage(this.commands.values(), { may: allowed });
        case 'unknown': {
          const hint = parsed.suggestion ? ` Did you mean "${parsed.suggestion}"?` : '';
          return failedNotice('unknown_command', `Unknown command "${parsed.word}".${hint} Try /sitrep help.`);
        }
        case 'invalid':
          return failedNotice(
            'invalid',
            `${capitalise(parsed.message)}. Usage: ${usage(parsed.def)} (e.g. /sitrep ${parsed.def.examples[0]})`,
          );
        case 'command':
          ({ def, args, share } = parsed);
      }
    }
    const needs = def.needs ?? 'read';
    if (!allowed(needs)) {
      await this.deps.services.store.audit.add({
        at: this.deps.clock.now(),
        actor: `${caller.platform}:${caller.userId}`,
        via: caller.platform === 'shell' ? 'cli' : 'chat',
        action: def.name,
        target: command.text,
        outcome: 'refused',
        detail: `needs ${needs}`,
      });
      return failedNotice('refused', refusal(needs, def.name));
    }
    const ctx: CommandContext = {
      ...this.deps,
      caller,
      text: command.invocation ? '' : command.text,
      roles: rolesOf(caller, this.deps.services.config),
      share,
    };
    return this.answer(def, args, ctx);
  }

  private async answer(
    def: CommandDef,
    args: Record<string, string | undefined>,
    ctx: CommandContext,
  ): Promise<OutgoingMessage> {
    if (!def.cacheable) return finished(def, ctx.share, await def.run(args, ctx));
    const version = this.deps.catalog.version;
    const key = JSON.stringify([def.name, args, ctx.share]);
    const cached = this.cache.get(key, version);
    if (cached) return cached;
    // The finished message is what is cached, so a repeated question is the same object and each
    // adapter's render memo serves it without rendering again. A UserError (no match) is thrown,
    // not cached: only real answers are reused.
    return this.cache.set(key, version, finished(def, ctx.share, await def.run(args, ctx)));
  }
}

/** Finished answers by the answer they came from: a frozen answer given again finishes the same. */
const finishedAnswers = new WeakMap<CommandAnswer, Map<OutgoingMessage['visibility'], OutgoingMessage>>();

/**
 * An answer as it leaves the core: bounded here, once for every platform (a question gets a few
 * messages, not hundreds), and seen by whom `visibilityOf` says. A frozen answer (a card built
 * once per story version) finishes as the same object each time, so each adapter's render memo
 * serves it.
 */
function finished(def: CommandDef, share: boolean, answer: CommandAnswer): OutgoingMessage {
  const visibility = visibilityOf(def, share, answer);
  const byVisibility = finishedAnswers.get(answer);
  const known = byVisibility?.get(visibility);
  if (known) return known;
  const message: OutgoingMessage = { ...boundAnswer(answer), visibility };
  if (Object.isFrozen(answer)) {
    finishedAnswers.set(answer, (byVisibility ?? new Map()).set(visibility, deepFreeze(message)));
  }
  return message;
}

/** Who sees an answer: the one place that decides it. */
function visibilityOf(def: CommandDef, share: boolean, answer: CommandAnswer): OutgoingMessage['visibility'] {
  if (def.privateOnly) return 'private';
  return share ? 'channel' : (answer.visibility ?? 'private');
}
