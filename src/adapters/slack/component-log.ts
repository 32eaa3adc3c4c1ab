import type { Logger } from '../../core/log.js';

/** Loggers this module bound to the Slack component, so binding one again is a no-op. */
const boundToSlack = new WeakSet<Logger>();

/**
 * The logger with `component: "slack"` bound. The adapter hands its own logger to its parts, which
 * may also be made alone (tests); pino repeats a key bound twice, so binding happens here, once.
 */
export function slackComponentLog(log: Logger): Logger {
  if (boundToSlack.has(log)) return log;
  const child = log.child({ component: 'slack' });
  boundToSlack.add(child);
  return child;
}
