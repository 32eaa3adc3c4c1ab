import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordAPIError, MessageFlags, type REST, Routes } from 'discord.js';
import {
  type APIModalInteractionResponseCallbackData,
  InteractionResponseType,
  InteractionType,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { sleep } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import type { ReplayGuard } from '../../core/ports.js';
import { errorMessage } from '../../errors.js';
import { type HttpServer, sendJson } from '../../http/server.js';
import type { AutocompleteChoice, InteractionResponder } from './interactions.js';
import type { RawInteraction } from './parse.js';
import type { DiscordPayload } from './render.js';
import type { InteractionSink } from './transport.js';
import { discordPublicKey, MAX_SKEW_MS, verifyDiscordRequest } from './verify.js';

// Signed HTTP interactions at POST /discord/interactions, answered in the HTTP response and over REST.

export const INTERACTIONS_PATH = '/discord/interactions';
const MAX_BODY_BYTES = 256 * 1024;

class HttpResponder implements InteractionResponder {
  /** Resolves when the HTTP response (the first answer) has been written. */
  readonly acked: Promise<void>;
  private markAcked!: () => void;
  private readonly flushed: Promise<unknown>;

  constructor(
    private readonly res: ServerResponse,
    private readonly raw: RawInteraction,
    private readonly applicationId: string,
    private readonly rest: REST,
  ) {
    this.acked = new Promise((resolve) => {
      this.markAcked = resolve;
    });
    this.flushed = new Promise((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
    });
  }

  private answer(body: unknown): void {
    if (this.res.headersSent) throw new Error('interaction already answered');
    sendJson(this.res, 200, body);
    this.markAcked();
  }

  async reply(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    this.answer({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload,
    });
  }

  async update(payload: DiscordPayload): Promise<void> {
    // Type 7 UPDATE_MESSAGE: the message carrying the component becomes the answer (no menu left).
    this.answer({
      type: InteractionResponseType.UpdateMessage,
      data: { ...payload, components: payload.components ?? [] },
    });
  }

  async defer(ephemeral: boolean): Promise<void> {
    this.answer({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
    });
  }

  /**
   * Edits and follow-ups go over REST once the HTTP answer has left. Discord may not have taken
   * that answer in yet when a quick edit arrives (Unknown Message / Unknown Webhook): such a
   * request created nothing, so it is simply tried again shortly.
   */
  private async afterAnswer(send: () => Promise<unknown>): Promise<void> {
    await this.flushed;
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        const unknown =
          error instanceof DiscordAPIError &&
          (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownWebhook);
        if (!unknown || attempt >= 3) throw error;
        await sleep(250 * attempt);
      }
    }
  }

  async editOriginal(payload: DiscordPayload): Promise<void> {
    const route = Routes.webhookMessage(this.applicationId, this.raw.token);
    await this.afterAnswer(() => this.rest.patch(route, { body: payload, auth: false }));
  }

  async followUp(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    const body = ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload;
    const route = Routes.webhook(this.applicationId, this.raw.token);
    await this.afterAnswer(() => this.rest.post(route, { body, auth: false }));
  }

  async autocomplete(choices: AutocompleteChoice[]): Promise<void> {
    this.answer({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }

  async modal(data: APIModalInteractionResponseCallbackData): Promise<void> {
    this.answer({ type: InteractionResponseType.Modal, data });
  }
}

async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface HttpInteractionsOptions {
  http: HttpServer;
  publicKey: string;
  applicationId: string;
  /** For follow-ups and edits of deferred answers (webhook routes: no bot token needed). */
  rest: REST;
  log: Logger;
  path?: string;
  /** A signed interaction is executed at most once, whichever replica receives it. */
  replays?: ReplayGuard;
}

/**
 * `POST /discord/interactions`: Discord's outgoing-webhook way of delivering interactions, for
 * running stateless replicas behind a load balancer. Mounted at construction (so the process knows
 * it must listen); answers 503 until `start`. The first answer goes in the HTTP response; a deferred
 * answer is completed by PATCHing `webhooks/{app}/{token}/messages/@original`.
 */
export class HttpInteractionsEndpoint {
  private readonly key: KeyObject;
  private sink: InteractionSink | undefined;

  constructor(private readonly options: HttpInteractionsOptions) {
    this.key = discordPublicKey(options.publicKey);
    options.http.mount('POST', options.path ?? INTERACTIONS_PATH, (req, res) => this.handle(req, res));
  }

  start(sink: InteractionSink): void {
    this.sink = sink;
  }

  stop(): void {
    this.sink = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log } = this.options;
    const body = await readRawBody(req, MAX_BODY_BYTES);
    if (!body) {
      // The rest of the body is never read: the connection cannot carry another request.
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('payload too large');
      return;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const verdict = verifyDiscordRequest(
      this.key,
      header('x-signature-ed25519'),
      header('x-signature-timestamp'),
      body,
    );
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'discord interaction refused');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
      return;
    }
    let raw: RawInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as RawInteraction;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid JSON');
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not an interaction');
      return;
    }
    if (raw.type === InteractionType.Ping) {
      sendJson(res, 200, { type: InteractionResponseType.Pong });
      return;
    }
    const timestamp = Number(header('x-signature-timestamp'));
    const fresh = await this.options.replays
      ?.firstSeen(`discord:${String(raw.id)}`, new Date(timestamp * 1000 + MAX_SKEW_MS))
      .catch((error: unknown) => {
        // Without the shared record a replay cannot be told apart: refuse rather than run twice.
        log.error({ err: errorMessage(error) }, 'could not check a discord interaction for replay');
        return false;
      });
    if (fresh === false) {
      log.warn({ id: raw.id }, 'discord interaction replayed; refused');
      res.writeHead(409, { 'content-type': 'text/plain' }).end('interaction already handled');
      return;
    }
    const sink = this.sink;
    if (!sink) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('not ready');
      return;
    }
    const responder = new HttpResponder(res, raw, this.options.applicationId, this.options.rest);
    // A synchronous throw (an interaction of an unexpected shape) is a rejection here, not a 500.
    const done = (async () => sink(raw, responder))().catch((error: unknown) =>
      log.warn({ err: errorMessage(error) }, 'discord interaction failed'),
    );
    // Return once the first answer is written; edits and follow-ups carry on in the background.
    await Promise.race([responder.acked, done]);
    if (!res.headersSent) sendJson(res, 400, { error: 'interaction not handled' });
  }
}
