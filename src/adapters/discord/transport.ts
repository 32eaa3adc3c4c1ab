import type { InteractionResponder } from './interactions.js';
import type { RawInteraction } from './parse.js';

/**
 * Transport only: how interactions arrive (the gateway through a discord.js Client, or signed HTTP
 * requests at `POST /discord/interactions`) and how answers leave (discord.js interaction methods,
 * the HTTP response, @discordjs/rest). What to answer is decided in interactions.ts.
 */

/** Receives every interaction with the means to answer it. */
export type InteractionSink = (raw: RawInteraction, responder: InteractionResponder) => Promise<void>;

export { type GatewayOptions, GatewayTransport } from './gateway.js';
export { HttpInteractionsEndpoint, type HttpInteractionsOptions, INTERACTIONS_PATH } from './http-endpoint.js';
export { createRest, type RateLimitInfo, type RestSettings, restOptions } from './rest.js';
