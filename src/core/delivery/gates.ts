import { Semaphore, type Sleep } from '../helpers.js';
import type { ChannelAddress, ChatAdapter, Clock, Platform } from '../ports.js';
import type { DeliveryLimits } from './policy.js';
import { TokenBucket } from './rate.js';

/**
 * The shared limits a send passes through: a per-Slack-workspace message budget, a per-platform
 * cap on sends in flight, and a pause of a whole platform after it said so (Discord's global rate
 * limit). Per-channel pacing lives on the channel's lane.
 */
export class SendGates {
  private readonly slots = new Map<Platform, Semaphore>();
  private readonly budgets = new Map<string, TokenBucket>();
  private readonly pausedUntil = new Map<Platform, number>();

  constructor(
    private readonly limits: DeliveryLimits,
    private readonly adapters: ReadonlyMap<Platform, ChatAdapter>,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  slot(platform: Platform): Semaphore {
    let slot = this.slots.get(platform);
    if (!slot) {
      slot = new Semaphore(Math.max(1, this.limits.concurrency[platform]));
      this.slots.set(platform, slot);
    }
    return slot;
  }

  /**
   * The Slack workspace budget a channel draws on; undefined for other platforms. A channel whose
   * workspace the adapter cannot tell shares the platform-wide bucket keyed ''.
   */
  budget(platform: Platform, channel: ChannelAddress): TokenBucket | undefined {
    if (platform !== 'slack') return undefined;
    const adapter = this.adapters.get(platform);
    const workspace = adapter?.workspaceOf?.(channel) ?? '';
    let bucket = this.budgets.get(workspace);
    if (!bucket) {
      const budget = Math.max(1, this.limits.slackWorkspacePerMinute);
      const burst = Math.max(1, Math.min(budget, this.limits.slackWorkspaceBurst ?? Math.floor(budget / 4)));
      // burst + refill over a minute = the budget: a fan-out goes out at once, the rest is paced.
      bucket = new TokenBucket(Math.max(1, budget - burst), burst, this.clock, this.sleep);
      this.budgets.set(workspace, bucket);
    }
    return bucket;
  }

  /** After a platform-wide rate limit: nothing more goes to `platform` before `until` (epoch ms). */
  pause(platform: Platform, until: number): void {
    this.pausedUntil.set(platform, Math.max(this.pausedUntil.get(platform) ?? 0, until));
  }

  /** Epoch ms before which nothing may go to `platform` (0 when it is not paused). */
  notBefore(platform: Platform): number {
    return this.pausedUntil.get(platform) ?? 0;
  }
}
