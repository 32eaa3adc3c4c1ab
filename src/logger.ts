import pino from 'pino';
import type { Logger } from './core/log.js';

/** Field names that may hold secrets: pino replaces their values before anything is written. */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'botToken',
  'appToken',
  'signingSecret',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.DISCORD_TOKEN',
];

/** Logs go to stderr, so the shell's answers and the CLI's payloads on stdout stay clean. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination(2)) as unknown as Logger;
}
