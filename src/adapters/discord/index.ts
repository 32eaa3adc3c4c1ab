/** Sitrep's Discord adapter: see adapter.ts for the entry point. */
export { createDiscordAdapter, DiscordAdapter, type DiscordAdapterOptions } from './adapter.js';
export { buildApplicationCommands, buildSitrepCommand, COMMAND_NAME } from './commands.js';
export { escapeMarkdown } from './markdown.js';
export { type ParsedInteraction, parseInteraction, type RawInteraction } from './parse.js';
export { deliveryNonce, mapDiscordError } from './post.js';
export { DISCORD_LIMITS, type DiscordPayload, renderDiscordMessages } from './render.js';
export { INTERACTIONS_PATH, type RateLimitInfo } from './transport.js';
