import type { SitrepError } from '../../errors.js';
import type { Logger } from '../log.js';
import type { ChannelAddress } from '../ports.js';
import type { Store } from '../store.js';
import type { DeliveryJob } from './job.js';
import type { DeliveryMetrics } from './metrics.js';
import type { DeliveryPipeline, Lane } from './pipeline.js';

export interface LanesDeps {
  store: Store;
  owner: string;
  leaseMs: number;
  pipeline: DeliveryPipeline;
  metrics: DeliveryMetrics;
  log: Logger;
  /** True once the engine is stopping: lanes stop picking up jobs. */
  stopping(): boolean;
}

/**
 * One lane per channel and the set of deliveries this process holds. Lanes run independently, so a
 * channel that is slow, rate limited or failing delays nothing but its own later messages.
 */
export class Lanes {
  private readonly lanes = new Map<ChannelAddress, Lane>();
  /** Every delivery whose lease this process holds and has not finished with. */
  private readonly held = new Map<string, DeliveryJob>();
  private readonly inFlight = new Set<string>();
  private readonly quietWaiters: Array<() => void> = [];

  constructor(private readonly deps: LanesDeps) {}

  get size(): number {
    return this.held.size;
  }

  holds(id: string): boolean {
    return this.held.has(id);
  }

  heldIds(): string[] {
    return [...this.held.keys()];
  }

  /** Queues a job on its channel's lane (a job already held is ignored) and starts the lane. */
  accept(job: DeliveryJob): void {
    if (this.held.has(job.id)) return;
    this.held.set(job.id, job);
    this.deps.metrics.queueDepth(this.held.size);
    let lane = this.lanes.get(job.channel);
    if (!lane) {
      lane = { channel: job.channel, platform: job.platform, queue: [], running: false, notBefore: 0 };
      this.lanes.set(job.channel, lane);
    }
    lane.queue.push(job);
    if (!lane.running) {
      lane.running = true;
      void this.drain(lane);
    }
  }

  /** True while any lane is working through its queue. */
  busy(): boolean {
    for (const lane of this.lanes.values()) if (lane.running) return true;
    return false;
  }

  /** Resolves when no lane is running. */
  quiet(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  /** Forgets a job (after it was released back to the log). */
  forget(id: string): void {
    this.held.delete(id);
    for (const lane of this.lanes.values()) {
      const at = lane.queue.findIndex((job) => job.id === id);
      if (at >= 0) lane.queue.splice(at, 1);
    }
    this.deps.metrics.queueDepth(this.held.size);
  }

  /** Keeps the leases of waiting jobs alive; a job whose lease went to someone else is dropped. */
  async renewWaiting(): Promise<void> {
    const { store, owner, leaseMs, log } = this.deps;
    for (const job of [...this.held.values()]) {
      if (this.inFlight.has(job.id) || this.deps.stopping()) continue;
      try {
        if (!(await store.deliveries.renew(job.id, owner, leaseMs))) {
          log.info({ deliveryId: job.id }, 'lease lost while waiting; another process has it');
          this.forget(job.id);
        }
      } catch (error) {
        log.warn({ err: error, deliveryId: job.id }, 'could not renew a lease');
      }
    }
  }

  private async drain(lane: Lane): Promise<void> {
    try {
      for (let job = lane.queue.shift(); job !== undefined; job = lane.queue.shift()) {
        if (this.deps.stopping()) {
          lane.queue.unshift(job);
          break;
        }
        const current = job;
        this.inFlight.add(current.id);
        const end = await this.deps.pipeline.run(lane, current).catch((error: unknown) => {
          // The store failed mid-way: leave the row pending; its lease lapses and recovery retries it.
          this.deps.log.error({ err: error, deliveryId: current.id }, 'delivery bookkeeping failed');
          return { kind: 'done' as const };
        });
        this.inFlight.delete(current.id);
        if (end.kind === 'interrupted') {
          lane.queue.unshift(current);
          break;
        }
        if (end.kind === 'again') {
          lane.queue.unshift(current);
          continue;
        }
        this.finish(current.id);
        if (end.kind === 'channel_failed') await this.failQueued(lane, end.error);
      }
    } finally {
      lane.running = false;
      if (!this.busy()) for (const resolve of this.quietWaiters.splice(0)) resolve();
    }
  }

  /** The channel refuses messages: the rest of its queue is recorded as failed instead of tried. */
  private async failQueued(lane: Lane, error: SitrepError): Promise<void> {
    for (const job of lane.queue.splice(0)) {
      await this.deps.pipeline
        .skipForFailedChannel(job, error)
        .catch((err: unknown) =>
          this.deps.log.error({ err, deliveryId: job.id }, 'could not record a skipped delivery'),
        );
      this.finish(job.id);
    }
  }

  private finish(id: string): void {
    this.held.delete(id);
    this.deps.metrics.queueDepth(this.held.size);
  }
}
