/** The Slack adapter's public surface. */
export { createSlackAdapter, SlackAdapter, type SlackAdapterOptions } from './adapter.js';
export { type SlackManifestOptions, slackManifest } from './manifest.js';
export { renderSlackMessages, SLACK_LIMITS, type SlackBlock, type SlackPayload } from './render.js';
export { SLACK_EVENTS_PATH } from './transport.js';
