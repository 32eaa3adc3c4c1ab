import { sleep, within } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import { type FormSpec, notice, type OutgoingMessage } from '../../core/message.js';
import type { CommandPort, IncomingCommand } from '../../core/ports.js';
import { memoizeRender } from '../render-memo.js';
import type { SlackPayload } from './blocks.js';
import { slackComponentLog } from './component-log.js';
import {
  type Addressing,
  type BlockActionsBody,
  commandFromAction,
  commandFromSlash,
  pressedOnEphemeral,
  type SlashCommandBody,
} from './parse.js';
import { renderSlackMessages, responseType } from './render.js';

const renderAnswer = memoizeRender(renderSlackMessages);

/**
 * What a slash command or a button press turns into on Slack: the core's answer in the ack when it
 * comes within the deadline, else "Working on it…" at once and the answer through `response_url`.
 */

/** A command reply: a payload plus how Slack should show it. */
export type ResponseBody = SlackPayload & {
  response_type: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
};

export type Ack = (body?: ResponseBody) => Promise<void>;

export interface ReplyChannel {
  /** POSTs to a response_url; throws when Slack refuses. */
  respond(url: string, body: ResponseBody | { delete_original: true }): Promise<void>;
  /** Beyond response_url's five uses: the Web API (in_channel → chat.postMessage, else postEphemeral). */
  overflow(target: ReplyTarget, body: ResponseBody): Promise<void>;
}

/** Where a command's replies go: the channel and person, in their workspace. */
export interface ReplyTarget {
  teamId: string | undefined;
  channelId: string;
  userId: string;
}

/** Opens a form as a modal for the person who typed the command; false when Slack would not. */
export type FormOpener = (target: ReplyTarget, triggerId: string, form: FormSpec) => Promise<boolean>;

export interface InteractionOptions {
  /** Where forms open (Slack modals); without it a form answer shows its text. */
  openForm?: FormOpener;
  /** `qualified` with Slack OAuth: channel addresses name their workspace. Default `bare`. */
  addressing?: Addressing;
  /** Whether the caller manages their workspace (admin, owner, installer), asked before each command. */
  isManager?: (teamId: string | undefined, userId: string) => Promise<boolean>;
  commands: CommandPort;
  replies: ReplyChannel;
  log: Logger;
  /** How long the ack waits for the answer (Slack gives up after 3 s). Default 2,200 ms. */
  ackBudgetMs?: number;
}

/** response_url takes at most five posts (docs.slack.dev, "Handling user interaction"). */
export const RESPONSE_URL_USES = 5;

export const WORKING: ResponseBody = {
  response_type: 'ephemeral',
  text: 'Working on it…',
  blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: ':hourglass_flowing_sand: Working on it…' }] }],
};

export function asResponses(message: OutgoingMessage): ResponseBody[] {
  const type = responseType(message.visibility);
  return renderAnswer(message).map((payload) => ({ ...payload, response_type: type }));
}

type Outcome = { answer: OutgoingMessage } | { timedOut: true };

export class SlackInteractions {
  private readonly ackBudgetMs: number;
  private readonly log: Logger;

  constructor(private readonly options: InteractionOptions) {
    this.ackBudgetMs = options.ackBudgetMs ?? 2200;
    this.log = slackComponentLog(options.log);
  }

  /** A slash command: answer in the ack if it is quick, else ack at once and follow up. */
  async slashCommand(body: SlashCommandBody, ack: Ack): Promise<void> {
    if (body.text !== undefined && typeof body.text !== 'string') {
      // A body with `text` more than once: no one typed that; say so rather than guess which.
      this.log.warn({ channel: body.channel_id }, 'slack command with a malformed text field');
      await ack({
        ...asResponses(notice('That command arrived garbled; type it again.', 'warning'))[0],
        response_type: 'ephemeral',
      } as ResponseBody);
      return;
    }
    const command = commandFromSlash(body, this.options.addressing);
    const target: ReplyTarget = { teamId: body.team_id, channelId: body.channel_id, userId: body.user_id };
    const answering = this.answer(command);
    let outcome: Outcome;
    if (this.options.commands.isSlow(command)) {
      outcome = { timedOut: true };
    } else {
      outcome = await within(
        answering.then((answer): Outcome => ({ answer })),
        this.ackBudgetMs,
        (): Outcome => ({ timedOut: true }),
      );
    }
    if ('answer' in outcome) {
      const { form } = outcome.answer;
      if (form && body.trigger_id && (await this.options.openForm?.(target, body.trigger_id, form))) {
        await ack();
        return;
      }
      const [first, ...rest] = asResponses(outcome.answer);
      await ack(first);
      await this.followUp(body.response_url, target, rest, 1);
      return;
    }
    await ack(WORKING);
    const answer = await answering;
    await this.followUp(body.response_url, target, asResponses(answer), 0);
  }

  /**
   * A button press: ack at once, run the button's command as the presser, answer through the
   * action's response_url. A private answer replaces the ephemeral message that carried the button
   * (a pick list becomes the card); a shared one goes to the channel and the ephemeral goes away.
   */
  async blockAction(body: BlockActionsBody, actionId: string, ack: () => Promise<void>): Promise<void> {
    await ack();
    const command = commandFromAction(body, actionId, this.options.addressing);
    if (!command) return;
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    const target: ReplyTarget = { teamId: body.team?.id ?? body.user.team_id, channelId, userId: body.user.id };
    const answer = await this.answer(command);
    const responses = asResponses(answer);
    const ephemeral = pressedOnEphemeral(body);
    // Be explicit: a reply without replace_original may replace the message that carried the button.
    for (const response of responses) response.replace_original = false;
    const first = responses[0];
    if (first && ephemeral && first.response_type === 'ephemeral') first.replace_original = true;
    await this.followUp(body.response_url, target, responses, 0);
    if (ephemeral && first?.response_type === 'in_channel' && body.response_url) {
      await this.options.replies
        .respond(body.response_url, { delete_original: true })
        .catch((error: unknown) => this.log.debug({ err: String(error) }, 'could not remove the ephemeral original'));
    }
  }

  private async answer(command: IncomingCommand): Promise<OutgoingMessage> {
    try {
      // Slack is asked (users.info) only when the answer depends on it: a lookup costs no extra call.
      const asks = this.options.commands.asksManager?.(command) ?? true;
      if (
        asks &&
        this.options.isManager &&
        (await this.options.isManager(command.caller.workspace, command.caller.userId))
      ) {
        command.caller.platformManager = true;
      }
      return await this.options.commands.handle(command);
    } catch (error) {
      // CommandPort.handle never throws; should it ever, the person still gets an answer.
      this.log.error({ err: String(error), text: command.text }, 'command handler threw');
      return notice('Something went wrong answering that. It has been logged.', 'error');
    }
  }

  /** Sends replies through response_url while it has uses left, then through the Web API. */
  private async followUp(
    url: string | undefined,
    target: ReplyTarget,
    responses: readonly ResponseBody[],
    usedByAck: number,
  ): Promise<void> {
    let uses = 0;
    for (const response of responses) {
      try {
        if (url && uses < RESPONSE_URL_USES) {
          uses += 1;
          await this.options.replies.respond(url, response);
        } else {
          await this.options.replies.overflow(target, response);
        }
      } catch (error) {
        this.log.warn(
          { err: String(error), channel: target.channelId, part: usedByAck + uses },
          'slack reply could not be delivered',
        );
        return;
      }
    }
  }
}

/** POSTs JSON to a response_url, once more on a network error or 5xx. */
export async function postToResponseUrl(url: string, body: unknown, timeoutMs = 10_000): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await sleep(300);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.ok) return;
      lastError = new Error(`response_url answered HTTP ${res.status}: ${text.slice(0, 200)}`);
      if (res.status < 500) break;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
