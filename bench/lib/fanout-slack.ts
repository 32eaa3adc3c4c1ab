import type { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import type { OutgoingMessage } from '../../src/core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort, PostResult } from '../../src/core/ports.js';
import { SitrepError } from '../../src/errors.js';

/**
 * Benchmark scaffolding, not a product feature: one `slack` ChatAdapter in front of several real
 * SlackAdapters, one per workspace (bot token), each channel routed to its workspace's adapter.
 *
 * Why: Sitrep posts to Slack with one bot token per process (SLACK_BOT_TOKEN), so one process
 * serves one workspace, and the delivery engine takes one adapter per platform. Ten workspaces in
 * production are ten processes. This router lets one engine stand in for them while every post
 * still goes through a real SlackAdapter (render, metadata, per-channel pacing, 429 handling) with
 * that workspace's token, so the stand-in counts it against that workspace's budget. The workspace
 * the engine budgets by is the one the adapter itself reports (`workspaceOf`: its auth.test team).
 */
export class WorkspaceRoutedSlack implements ChatAdapter {
  readonly platform = 'slack' as const;
  /** Every failed post: the error and the chain of causes under it (for the report). */
  readonly failures: string[] = [];

  constructor(
    private readonly adapters: readonly SlackAdapter[],
    private readonly route: ReadonlyMap<ChannelAddress, SlackAdapter>,
  ) {}

  async start(commands: CommandPort): Promise<void> {
    for (const adapter of this.adapters) await adapter.start(commands);
  }

  async stop(): Promise<void> {
    for (const adapter of this.adapters) await adapter.stop();
  }

  post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string): Promise<PostResult> {
    const adapter = this.route.get(to);
    if (!adapter) {
      return Promise.resolve({
        ok: false,
        error: new SitrepError('channel_not_found', `${to}: no workspace routes it`),
      });
    }
    return adapter.post(to, message, deliveryId).then((result) => {
      if (!result.ok) this.failures.push(describeFailure(result.error));
      return result;
    });
  }

  async findDelivery(to: ChannelAddress, deliveryId: string): Promise<{ messageId: string } | undefined> {
    const adapter = this.route.get(to);
    if (!adapter) throw new SitrepError('channel_not_found', `${to}: no workspace routes it`);
    return adapter.findDelivery(to, deliveryId);
  }

  workspaceOf(to: ChannelAddress): string | undefined {
    return this.route.get(to)?.workspaceOf(to);
  }

  isConnected(): boolean {
    return this.adapters.every((a) => a.isConnected());
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
