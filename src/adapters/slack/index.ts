/** The Slack adapter's public surface. */
export { createSlackAdapter, SlackAdapter, type SlackAdapterOptions } from './adapter.js';
export { SLACK_LIMITS, type SlackBlock, type SlackPayload } from './blocks.js';
export { type SlackManifestOptions, slackManifest } from './manifest.js';
export { renderSlackMessages } from './render.js';
export { SLACK_EVENTS_PATH } from './transport.js';
