import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { SitrepError } from '../../errors.js';
import { sleep as realSleep, type Sleep, within, yieldToEventLoop } from '../helpers.js';
import { type Logger, silentLogger } from '../log.js';
import {
  type ChannelAddress,
  type ChatAdapter,
  type Clock,
  type Platform,
  parseChannelAddress,
  systemClock,
} from '../ports.js';
import type { Delivery, Store } from '../store.js';
import { ChannelHealthKeeper } from './channel-health.js';
import { SendGates } from './gates.js';
import { deliveryRecordOf, jobFromDelivery } from './job.js';
import { Lanes } from './lanes.js';
import { type DeliveryMetrics, noDeliveryMetrics } from './metrics.js';
import { DeliveryPipeline } from './pipeline.js';
import { DEFAULT_RETRY, type DeliveryLimits, limitsWith, type RetryPolicy } from './policy.js';
import { RetryAlarm } from './retry-alarm.js';
import type { AdminNotifier, Deliverer, DeliveryRequest } from './types.js';

export interface DeliveryEngineOptions {
  store: Store;
  /** The adapter that posts to each platform's channels. */
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  admins?: AdminNotifier;
  metrics?: DeliveryMetrics;
  clock?: Clock;
  log?: Logger;
  /**
   * This process's name in delivery leases (`SITREP_INSTANCE`; default: host, pid and a random
   * part). It must be unique among the processes running at once. Kept stable across restarts (a
   * pod name), it lets a restarted process take back at once what its killed predecessor held;
   * otherwise those deliveries wait for their lease (`leaseMs`) to run out.
   */
  owner?: string;
  /** How long a claim or takeover keeps others away (default 2 min); renewed while the job waits. */
  leaseMs?: number;
  /** Longest wait for one post (default 30 s); a timeout counts as a transient failure. */
  sendTimeoutMs?: number;
  /** How often `start()` looks for abandoned or due-for-retry deliveries (default 30 s). */
  recoverEveryMs?: number;
  /** Deliveries taken over per batch (default 100). */
  recoverBatch?: number;
  retry?: Partial<RetryPolicy>;
  limits?: Partial<DeliveryLimits>;
  sleep?: Sleep;
}

/** Claims run this many at a time: enough to keep a Postgres pool busy, not so many they starve it. */
const CLAIM_CONCURRENCY = 8;

/**
 * The exactly-once delivery engine. A delivery is recorded (claimed, with its message) before it is
 * sent; a process that dies between the two leaves a pending row whose lease runs out (or that its
 * restart under the same `owner` name takes back at once), and whoever recovers it asks the platform
 * first (`findDelivery`). Channels are served by independent lanes:
 * each channel's messages go out one at a time and paced, while a slow or failing channel holds up
 * nothing but itself.
 */
export class DeliveryEngine implements Deliverer {
  readonly owner: string;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly metrics: DeliveryMetrics;
  private readonly leaseMs: number;
  private readonly recoverEveryMs: number;
  private readonly recoverBatch: number;
  private readonly health: ChannelHealthKeeper;
  private readonly lanes: Lanes;
  private readonly stopController = new AbortController();
  private readonly idleWaiters: Array<() => void> = [];
  private pendingEnqueues = 0;
  private recovering: Promise<number> | undefined;
  private recoverAgain = false;
  /** Set by `start()`: the first recovery also takes back what a predecessor of this name left. */
  private reclaimDue = false;
  private started = false;
  private stopping: Promise<void> | undefined;
  private recoverTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly retryAlarm: RetryAlarm;

  constructor(options: DeliveryEngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? silentLogger).child({ component: 'delivery' });
    this.metrics = options.metrics ?? noDeliveryMetrics;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.recoverEveryMs = options.recoverEveryMs ?? 30_000;
    this.recoverBatch = options.recoverBatch ?? 100;
    const sleep = options.sleep ?? realSleep;
    this.retryAlarm = new RetryAlarm(this.clock, () => this.recover());
    const limits = limitsWith(options.limits);
    this.health = new ChannelHealthKeeper({
      store: this.store,
      clock: this.clock,
      log: this.log,
      admins: options.admins,
    });
    const pipeline = new DeliveryPipeline({
      store: this.store,
      owner: this.owner,
      leaseMs: this.leaseMs,
      sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
      adapters: options.adapters,
      gates: new SendGates(limits, options.adapters, this.clock, sleep),
      limits,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      health: this.health,
      metrics: this.metrics,
      clock: this.clock,
      sleep,
      log: this.log,
      signal: this.stopController.signal,
      onRetryScheduled: (at) => {
        if (this.started && !this.stopping) this.retryAlarm.at(at.getTime());
      },
    });
    this.lanes = new Lanes({
      store: this.store,
      owner: this.owner,
      leaseMs: this.leaseMs,
      pipeline,
      metrics: this.metrics,
      log: this.log,
      stopping: () => this.stopping !== undefined,
    });
  }

  /** Recovers what earlier runs left, then keeps recovering and renewing leases in the background. */
  async start(): Promise<void> {
    if (this.started || this.stopping) return;
    this.started = true;
    this.reclaimDue = true;
    await this.recover();
    this.recoverTimer = setInterval(() => void this.recover(), this.recoverEveryMs);
    this.recoverTimer.unref?.();
    this.heartbeatTimer = setInterval(
      () => void this.lanes.renewWaiting(),
      Math.max(1_000, Math.floor(this.leaseMs / 3)),
    );
    this.heartbeatTimer.unref?.();
  }

  async enqueue(requests: readonly DeliveryRequest[]): Promise<void> {
    this.pendingEnqueues += 1;
    try {
      const failures: unknown[] = [];
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const request = requests[i];
          if (request) await this.claimAndQueue(request).catch((error: unknown) => failures.push(error));
          await yieldToEventLoop();
        }
      };
      await Promise.all(Array.from({ length: Math.min(CLAIM_CONCURRENCY, requests.length) }, worker));
      if (failures.length > 0) {
        throw new AggregateError(failures, `${failures.length} of ${requests.length} deliveries could not be recorded`);
      }
    } finally {
      this.pendingEnqueues -= 1;
      void this.notifyIdle();
    }
  }

  /** `Deliverer.adoptRecorded`: a recovery pass now, once started (`start()` runs the first). */
  adoptRecorded(): Promise<number> {
    return this.started ? this.recover() : Promise.resolve(0);
  }

  /**
   * Takes over pending deliveries whose lease ran out (a crashed or stopped process, or a retry now
   * due) and queues them; each is checked with the platform before it is posted again. The first
   * recovery after `start()` also takes back, without waiting for their lease, the deliveries still
   * leased to this process's own name: a dead predecessor of the same name left them.
   */
  recover(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.recovering) {
      // The pass under way may have looked already: look once more when it ends.
      this.recoverAgain = true;
      return this.recovering;
    }
    this.recovering = (async () => {
      let total = 0;
      do {
        this.recoverAgain = false;
        if (this.reclaimDue) {
          this.reclaimDue = false;
          total += await this.reclaimOwn();
        }
        total += await this.takeOverDue();
      } while (this.recoverAgain && !this.stopping);
      return total;
    })().finally(() => {
      this.recovering = undefined;
    });
    return this.recovering;
  }

  /** Resolves when this process holds no delivery it could work on (all sent, failed or scheduled for retry). */
  whenIdle(): Promise<void> {
    const waiter = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    void this.notifyIdle();
    return waiter;
  }

  /** Deliveries this process holds: queued, waiting or in flight. */
  get depth(): number {
    return this.lanes.size;
  }

  /**
   * For adapters that learn a channel works again (the bot was re-invited): clears its failing state
   * and resumes its paused schedules.
   */
  channelWorksAgain(channel: ChannelAddress): Promise<void> {
    return this.health.channelWorks(channel);
  }

  /**
   * Stops taking work, lets sends already under way finish (up to `timeoutMs`), then hands every
   * delivery still held back to the log, so another replica or the next start sends it.
   */
  stop(timeoutMs = 10_000): Promise<void> {
    this.stopping ??= this.shutDown(timeoutMs);
    return this.stopping;
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.stopController.abort();
    clearInterval(this.recoverTimer);
    clearInterval(this.heartbeatTimer);
    this.retryAlarm.cancel();
    await within(this.lanes.quiet(), timeoutMs, () => undefined);
    const left = this.lanes.heldIds();
    await Promise.all(left.map((id) => this.release(id)));
    if (left.length > 0) this.log.info({ released: left.length }, 'released unsent deliveries for another process');
    void this.notifyIdle();
  }

  private async claimAndQueue(request: DeliveryRequest): Promise<void> {
    const target = parseChannelAddress(request.channel);
    if (!target) throw new SitrepError('internal', `not a channel address: ${request.channel}`);
    const recordedAt = this.clock.now();
    const record = deliveryRecordOf(request, recordedAt);
    if (!(await this.store.deliveries.claim(record, this.owner, this.leaseMs))) {
      this.log.debug({ deliveryId: request.id }, 'already recorded by another process or run');
      return;
    }
    if (this.stopping) {
      await this.release(request.id);
      return;
    }
    this.lanes.accept({
      id: request.id,
      kind: request.kind,
      channel: request.channel,
      platform: target.platform,
      message: request.message,
      thread: request.thread ?? null,
      attempts: 0,
      recordedAt,
      verify: false,
    });
  }

  private async takeOverDue(): Promise<number> {
    let total = 0;
    try {
      // A bounded number of batches per call, so a huge backlog cannot monopolise one recovery.
      for (let batch = 0; batch < 10 && !this.stopping; batch++) {
        const rows = await this.store.deliveries.takeOver(
          this.owner,
          this.leaseMs,
          this.clock.now(),
          this.recoverBatch,
        );
        for (const row of rows) await this.acceptTakenOver(row);
        total += rows.length;
        if (rows.length < this.recoverBatch) break;
      }
      if (total > 0) this.log.info({ count: total }, 'took over pending deliveries');
    } catch (error) {
      this.log.error({ err: error }, 'could not take over pending deliveries');
    }
    return total;
  }

  /**
   * Deliveries leased to this process's name that it does not hold: a process that starts holds
   * nothing, so a predecessor of the same name left them (killed before it could hand them back).
   * They are taken at once instead of after their lease runs out, then treated as any taken-over
   * delivery (`verify`: the platform is asked before a resend).
   */
  private async reclaimOwn(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    try {
      // Paging with one `now` ends: rows re-leased by it, or renewed since by our lanes, are not
      // returned again. A row our lanes already hold (enqueued before start) is left to them.
      while (!this.stopping) {
        const rows = await this.store.deliveries.reclaimOwned(this.owner, this.leaseMs, now, this.recoverBatch);
        for (const row of rows) await this.acceptTakenOver(row);
        total += rows.length;
        if (rows.length < this.recoverBatch) break;
      }
      if (total > 0) {
        this.log.info({ count: total, owner: this.owner }, 'took back deliveries a previous process of this name left');
      }
    } catch (error) {
      this.log.error({ err: error }, 'could not take back deliveries a previous process of this name left');
    }
    return total;
  }

  private async acceptTakenOver(row: Delivery): Promise<void> {
    if (this.lanes.holds(row.id)) return;
    const target = parseChannelAddress(row.channel);
    const parsed = target
      ? jobFromDelivery(row, target.platform)
      : { ok: false as const, reason: 'bad channel address' };
    if (!parsed.ok) {
      await this.store.deliveries.markFailed(row.id, this.owner, 'internal', parsed.reason);
      this.log.error({ deliveryId: row.id, reason: parsed.reason }, 'cannot resend a recorded delivery');
      return;
    }
    if (this.stopping) await this.release(row.id);
    else this.lanes.accept(parsed.job);
  }

  private async release(id: string): Promise<void> {
    try {
      await this.store.deliveries.release(id, this.owner);
    } catch (error) {
      this.log.warn({ err: error, deliveryId: id }, 'could not release a delivery; its lease will lapse');
    }
    this.lanes.forget(id);
  }

  private async notifyIdle(): Promise<void> {
    if (this.idleWaiters.length === 0) return;
    // Enqueues in progress, a recovery, or lanes at work: check again once the lanes are quiet.
    while (this.pendingEnqueues > 0 || this.recovering || this.lanes.busy()) {
      if (this.pendingEnqueues > 0) return; // the enqueue's own completion calls back here
      await (this.recovering ?? this.lanes.quiet());
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
