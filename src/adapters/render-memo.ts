import { deepFreeze } from '../core/helpers.js';
import type { OutgoingMessage } from '../core/message.js';

/**
 * Renders each message object once: the core reuses the same frozen answer for repeated lookups,
 * so its platform payloads can be reused too. Payloads are frozen: senders copy, never change them.
 */
export function memoizeRender<P>(
  render: (message: OutgoingMessage) => P[],
): (message: OutgoingMessage) => readonly P[] {
  const rendered = new WeakMap<OutgoingMessage, readonly P[]>();
  return (message) => {
    let payloads = rendered.get(message);
    if (!payloads) {
      payloads = deepFreeze(render(message));
      rendered.set(message, payloads);
    }
    return payloads;
  };
}
