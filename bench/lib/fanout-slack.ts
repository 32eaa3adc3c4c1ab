import type { OutgoingMessage } from '../../src/core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort, PostResult } from '../../src/core/ports.js';

/**
 * Benchmark scaffolding, not a product feature: the real Slack adapter as the engine sees it, with
 * every failed post kept (the error and its causes) for the report.
 */
export class FailureRecordingAdapter implements ChatAdapter {
  readonly platform: ChatAdapter['platform'];
  /** Every failed post: the error and the chain of causes under it. */
  readonly failures: string[] = [];

  constructor(private readonly adapter: ChatAdapter) {
    this.platform = adapter.platform;
  }

  start(commands: CommandPort): Promise<void> {
    return this.adapter.start(commands);
  }

  stop(): Promise<void> {
    return this.adapter.stop();
  }

  async post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string): Promise<PostResult> {
    const result = await this.adapter.post(to, message, deliveryId);
    if (!result.ok) this.failures.push(describeFailure(result.error));
    return result;
  }

  async findDelivery(to: ChannelAddress, deliveryId: string): Promise<{ messageId: string } | undefined> {
    return this.adapter.findDelivery?.(to, deliveryId);
  }

  workspaceOf(to: ChannelAddress): string | undefined {
    return this.adapter.workspaceOf?.(to);
  }

  isConnected(): boolean {
    return this.adapter.isConnected?.() ?? true;
  }
}

/** `code: message ← cause ← cause …`, following `cause` and the Slack SDK's `original`. */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth += 1) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; original?: unknown };
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? `${e.code}: ` : '';
    parts.push(`${code}${typeof e.message === 'string' ? e.message : String(current)}`);
    current = e.original ?? e.cause;
  }
  return parts.join(' ← ');
}
