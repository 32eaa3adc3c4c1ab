import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { within } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import { notice, type OutgoingMessage } from '../../core/message.js';
import type { CommandPort } from '../../core/ports.js';
import { errorMessage } from '../../errors.js';
import { memoizeRender } from '../render-memo.js';
import { findOption, optionMode } from './commands.js';
import { answerOf, fieldsLeftOut, modalOf } from './forms.js';
import type { ParsedInteraction } from './parse.js';
import { type DiscordPayload, renderDiscordMessages } from './render.js';

const renderAnswer = memoizeRender(renderDiscordMessages);

/**
 * What to do with an interaction, whichever way it came (gateway or HTTP). Discord gives three
 * seconds for the first answer: the handler races the core against `deferAfterMs` and, when the
 * command is known to be slow or the race is lost, defers (Discord shows "thinking…") and edits
 * the answer in later. Lookups are ephemeral unless shared.
 */

export interface AutocompleteChoice {
  name: string;
  value: string;
}

/** The acts of answering one interaction; the gateway and HTTP transports implement them. */
export interface InteractionResponder {
  /** Type 4: answer now. */
  reply(payload: DiscordPayload, ephemeral: boolean): Promise<void>;
  /** Type 7: a pick's answer takes the place of the pick list it was picked from. */
  update(payload: DiscordPayload): Promise<void>;
  /** Type 5: answer later. */
  defer(ephemeral: boolean): Promise<void>;
  /** PATCH the original (deferred) answer. */
  editOriginal(payload: DiscordPayload): Promise<void>;
  /** Another message under the answer (split replies). */
  followUp(payload: DiscordPayload, ephemeral: boolean): Promise<void>;
  /** Type 8. */
  autocomplete(choices: AutocompleteChoice[]): Promise<void>;
  /** Type 9: open a modal (only as the first answer to a command or a component). */
  modal(data: APIModalInteractionResponseCallbackData): Promise<void>;
}

export interface InteractionHandlerOptions {
  commands: CommandPort;
  log: Logger;
  /** Answer within Discord's 3 s: defer when the core has not answered after this long. */
  deferAfterMs?: number;
  /** Autocomplete has to answer within 3 s too, and cannot defer. */
  autocompleteTimeoutMs?: number;
}

export const DEFER_AFTER_MS = 2_200;
const AUTOCOMPLETE_TIMEOUT_MS = 2_000;
const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

const TIMED_OUT = Symbol('timed out');

function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Answers one parsed interaction. Never throws: failures to answer are logged. */
export async function handleInteraction(
  parsed: ParsedInteraction,
  responder: InteractionResponder,
  options: InteractionHandlerOptions,
): Promise<void> {
  const log = options.log;
  try {
    switch (parsed.kind) {
      case 'command':
        return await answerCommand(parsed, responder, options);
      case 'autocomplete':
        return await answerAutocomplete(parsed, responder, options);
      case 'form':
        return await answerForm(parsed, responder, options);
      case 'ping':
      case 'ignored':
        return;
    }
  } catch (error) {
    log.warn({ err: errorMessage(error), kind: parsed.kind }, 'discord interaction could not be answered');
  }
}

async function answerCommand(
  parsed: Extract<ParsedInteraction, { kind: 'command' }>,
  responder: InteractionResponder,
  options: InteractionHandlerOptions,
): Promise<void> {
  const { commands, log } = options;
  const { command } = parsed;
  const started = Date.now();
  // Ephemeral unless shared: decided before the answer exists, for a deferral.
  const ephemeralGuess = !parsed.shared;
  const answering: Promise<OutgoingMessage> = commands.handle(command).catch((error: unknown) => {
    log.error({ err: errorMessage(error), text: command.text }, 'command handler threw');
    return notice('Something went wrong answering that. It has been logged.', 'error');
  });

  let deferred = false;
  if (commands.isSlow(command)) {
    await responder.defer(ephemeralGuess);
    deferred = true;
  } else if (
    (await within(answering, options.deferAfterMs ?? DEFER_AFTER_MS, (): typeof TIMED_OUT => TIMED_OUT)) === TIMED_OUT
  ) {
    await responder.defer(ephemeralGuess);
    deferred = true;
  }
  const answer = await answering;
  const modal = answer.form && !deferred ? modalOf(answer.form) : undefined;
  if (modal && answer.form) {
    await responder.modal(modal);
    log.debug(
      { text: command.text, form: answer.form.kind, leftOut: fieldsLeftOut(answer.form) },
      'discord form opened',
    );
    return;
  }
  const payloads = renderAnswer(answer);
  const ephemeral = answer.visibility === 'private';
  const [first, ...rest] = payloads;
  if (!first) return;

  if (!deferred && parsed.via === 'select' && ephemeral) {
    // As on Slack, the private pick list becomes the card picked, rather than staying above it.
    await responder.update(first);
    for (const payload of rest) await responder.followUp(payload, ephemeral);
  } else if (!deferred) {
    await responder.reply(first, ephemeral);
    for (const payload of rest) await responder.followUp(payload, ephemeral);
  } else if (ephemeral === ephemeralGuess) {
    await responder.editOriginal(first);
    for (const payload of rest) await responder.followUp(payload, ephemeral);
  } else {
    // The deferral's visibility cannot change: say where the answer went, then send it there.
    await responder.editOriginal(
      renderDiscordMessages(notice(ephemeral ? 'Answered privately below.' : 'Posted in the channel.', 'info'))[0] ??
        first,
    );
    for (const payload of payloads) await responder.followUp(payload, ephemeral);
  }
  log.debug(
    { text: command.text, via: parsed.via, deferred, messages: payloads.length, ms: Date.now() - started },
    'discord command answered',
  );
}

/** A submitted modal: the core decides; the person gets the outcome, privately. */
async function answerForm(
  parsed: Extract<ParsedInteraction, { kind: 'form' }>,
  responder: InteractionResponder,
  options: InteractionHandlerOptions,
): Promise<void> {
  const submit = options.commands.submitForm;
  const outcome = submit
    ? await submit(parsed.submission, parsed.caller)
    : { kind: 'done' as const, message: notice('Forms cannot be submitted here.', 'warning') };
  const [first, ...rest] = renderDiscordMessages(answerOf(outcome, parsed.submission.values));
  if (!first) return;
  await responder.reply(first, true);
  for (const payload of rest) await responder.followUp(payload, true);
}

async function answerAutocomplete(
  parsed: Extract<ParsedInteraction, { kind: 'autocomplete' }>,
  responder: InteractionResponder,
  options: InteractionHandlerOptions,
): Promise<void> {
  const found = findOption(options.commands.definitions(), parsed.path, parsed.option);
  let choices: AutocompleteChoice[] = [];
  if (found) {
    const { option } = found;
    if (option.autocomplete) {
      const suggestions = await within(
        options.commands.complete(option.autocomplete, parsed.value, MAX_CHOICES),
        options.autocompleteTimeoutMs ?? AUTOCOMPLETE_TIMEOUT_MS,
        (): typeof TIMED_OUT => TIMED_OUT,
      ).catch((error: unknown) => {
        options.log.warn({ err: errorMessage(error), kind: option.autocomplete }, 'autocomplete failed');
        return [];
      });
      if (suggestions !== TIMED_OUT) {
        choices = suggestions.map((s) => ({ name: s.label, value: s.value }));
      }
    } else if (optionMode(option) === 'autocomplete' && option.choices) {
      const q = parsed.value.toLowerCase();
      choices = option.choices.filter((c) => c.toLowerCase().includes(q)).map((c) => ({ name: c, value: c }));
    }
  }
  const seen = new Set<string>();
  const valid = choices
    .filter((c) => c.value.length > 0 && c.value.length <= MAX_CHOICE_CHARS && !seen.has(c.value) && seen.add(c.value))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: truncate(c.name, MAX_CHOICE_CHARS) || c.value, value: c.value }));
  await responder.autocomplete(valid);
}
