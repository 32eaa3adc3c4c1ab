import type { SitrepError } from '../../errors.js';
import type { Logger } from '../log.js';
import type { OutgoingMessage } from '../message.js';
import type { ChannelAddress, Clock } from '../ports.js';
import type { Store } from '../store.js';
import { channelFailingNotice, channelRecoveredNotice, deliveryGaveUpNotice } from './admin-notices.js';
import type { AdminNotifier } from './types.js';

/** A channel confirmed healthy is not re-checked in the log for this long (saves a write per send). */
const HEALTHY_CACHE_MS = 10 * 60_000;
/** At most one "a delivery failed" notice per channel in this window, so an outage does not flood admins. */
const GAVE_UP_NOTICE_EVERY_MS = 60 * 60_000;

export interface ChannelHealthDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  admins?: AdminNotifier;
}

/**
 * What a channel's failures mean beyond one delivery: a permanent error marks the channel failing,
 * pauses its schedules and tells admins once (the store decides "once", across replicas); the first
 * success afterwards undoes that.
 */
export class ChannelHealthKeeper {
  private readonly healthySince = new Map<ChannelAddress, number>();
  private readonly gaveUpNoticeAt = new Map<ChannelAddress, number>();
  /** Channels this process saw fail permanently, until one works again. */
  private readonly failing = new Map<ChannelAddress, SitrepError>();

  constructor(private readonly deps: ChannelHealthDeps) {}

  async channelFailed(channel: ChannelAddress, error: SitrepError): Promise<void> {
    const { store, clock } = this.deps;
    this.healthySince.delete(channel);
    this.failing.set(channel, error);
    const first = await store.channels.markFailing(channel, error.code, error.message, clock.now());
    const paused = await store.schedules.pauseChannel(channel, `${error.code}: ${error.message}`);
    this.deps.log.warn({ channel, code: error.code, first, paused }, 'channel is failing; its schedules are paused');
    if (first) await this.tellAdmins(channelFailingNotice(channel, error.code, error.message, paused));
  }

  /** The permanent error this channel last failed with, if it has not worked since. */
  failureOf(channel: ChannelAddress): SitrepError | undefined {
    return this.failing.get(channel);
  }

  async channelWorks(channel: ChannelAddress): Promise<void> {
    this.failing.delete(channel);
    const { store, clock } = this.deps;
    const now = clock.now();
    const since = this.healthySince.get(channel);
    if (since !== undefined && now.getTime() - since < HEALTHY_CACHE_MS) return;
    this.healthySince.set(channel, now.getTime());
    if (!(await store.channels.markHealthy(channel, now))) return;
    const resumed = await store.schedules.resumeChannel(channel);
    this.deps.log.info({ channel, resumed }, 'channel works again');
    await this.tellAdmins(channelRecoveredNotice(channel, resumed));
  }

  async gaveUp(channel: ChannelAddress, deliveryId: string, error: SitrepError, reason: string): Promise<void> {
    const now = this.deps.clock.now().getTime();
    this.deps.log.warn({ channel, deliveryId, code: error.code, reason }, 'delivery failed for good');
    const last = this.gaveUpNoticeAt.get(channel);
    if (last !== undefined && now - last < GAVE_UP_NOTICE_EVERY_MS) return;
    this.gaveUpNoticeAt.set(channel, now);
    await this.tellAdmins(deliveryGaveUpNotice(channel, deliveryId, error.code, reason));
  }

  /** Admin notices are best effort: failing to send one must not fail the delivery bookkeeping. */
  private async tellAdmins(message: OutgoingMessage): Promise<void> {
    if (!this.deps.admins) return;
    try {
      await this.deps.admins.notify(message);
    } catch (error) {
      this.deps.log.error({ err: error }, 'could not notify admins');
    }
  }
}
