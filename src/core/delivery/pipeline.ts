import { SitrepError } from '../../errors.js';
import type { Sleep } from '../helpers.js';
import type { Logger } from '../log.js';
import type { ChannelAddress, ChatAdapter, Clock, Platform } from '../ports.js';
import type { Store } from '../store.js';
import type { ChannelHealthKeeper } from './channel-health.js';
import type { SendGates } from './gates.js';
import type { DeliveryJob } from './job.js';
import type { DeliveryMetrics } from './metrics.js';
import { type DeliveryLimits, decideRetry, type RetryPolicy } from './policy.js';
import { findEarlierPost, postWithTimeout, type SendResult } from './send.js';
import { openThread, placementOf } from './threads.js';

/** The deliveries of one channel, sent one at a time, in order, paced. */
export interface Lane {
  channel: ChannelAddress;
  platform: Platform;
  queue: DeliveryJob[];
  running: boolean;
  /** Epoch ms before which nothing goes to this channel (pacing, or a platform's Retry-After). */
  notBefore: number;
}

/**
 * How one job ended for this process:
 * - `done`: it left our hands (sent, failed for good, scheduled for retry in the log, or lost to another process);
 * - `interrupted`: shutdown began before it was sent; it is still leased to us and must be released;
 * - `channel_failed`: a permanent error; the channel's other queued jobs should not be tried;
 * - `again`: rate limited for a short while; it goes first in its lane again once the wait is over.
 */
export type JobEnd =
  | { kind: 'done' }
  | { kind: 'interrupted' }
  | { kind: 'channel_failed'; error: SitrepError }
  | { kind: 'again' };

export interface PipelineDeps {
  store: Store;
  owner: string;
  leaseMs: number;
  sendTimeoutMs: number;
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  gates: SendGates;
  limits: DeliveryLimits;
  retry: RetryPolicy;
  health: ChannelHealthKeeper;
  metrics: DeliveryMetrics;
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  /** Aborted when the engine stops: every wait ends early. */
  signal: AbortSignal;
  /** A retry was written to the log for this instant: take it over again then. */
  onRetryScheduled(at: Date): void;
}

const DONE: JobEnd = { kind: 'done' };
const INTERRUPTED: JobEnd = { kind: 'interrupted' };
const AGAIN: JobEnd = { kind: 'again' };

type Attempt = SendResult & { found?: boolean };

export class DeliveryPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** Takes one job through pacing, budget, concurrency, the lease check, the send and its bookkeeping. */
  async run(lane: Lane, job: DeliveryJob): Promise<JobEnd> {
    const { deps } = this;
    const adapter = deps.adapters.get(job.platform);
    if (!adapter) {
      const error = new SitrepError('platform_unavailable', `no ${job.platform} adapter is running in this process`);
      await this.failForGood(job, error);
      return DONE;
    }
    // A briefing planned just before its channel failed for good (its schedule is paused now) is
    // not tried; an alert still is, since a channel that works again is found by trying it.
    const failure = job.kind === 'briefing' ? deps.health.failureOf(job.channel) : undefined;
    if (failure) {
      await this.skipForFailedChannel(job, failure);
      return DONE;
    }
    const waitMs = Math.max(lane.notBefore, deps.gates.notBefore(job.platform)) - deps.clock.now().getTime();
    if (waitMs > 0) await deps.sleep(waitMs, deps.signal);
    if (deps.signal.aborted) return INTERRUPTED;
    const budget = deps.gates.budget(job.platform, job.channel);
    if (budget && !(await budget.take(deps.signal))) return INTERRUPTED;
    const release = await deps.gates.slot(job.platform).acquire(deps.signal);
    if (!release) return INTERRUPTED;

    let attempt: Attempt | 'lost';
    try {
      attempt = await this.attempt(lane, adapter, job);
    } finally {
      release();
    }
    if (attempt === 'lost') {
      deps.metrics.delivery(job.platform, 'lost');
      return DONE;
    }
    return attempt.ok ? this.succeeded(job, attempt) : this.failed(lane, job, attempt.error);
  }

  /** Records a job that will not be tried because its channel just failed permanently. */
  async skipForFailedChannel(job: DeliveryJob, error: SitrepError): Promise<void> {
    await this.failForGood(job, error, `not sent: ${error.message}`);
  }

  private async attempt(lane: Lane, adapter: ChatAdapter, job: DeliveryJob): Promise<Attempt | 'lost'> {
    const { deps } = this;
    // The lease may have lapsed while the job waited; renewing proves no one else took it over,
    // and covers the send (the lease is longer than the send timeout).
    if (!(await deps.store.deliveries.renew(job.id, deps.owner, deps.leaseMs))) return 'lost';
    const placement = await placementOf(deps.store, job);
    // The first message of an alert thread becomes its root only once the thread is recorded.
    const opensThread = job.thread !== null && placement.thread === undefined;
    if (job.verify) {
      const found = await findEarlierPost(adapter, job, deps.sendTimeoutMs, placement);
      if ('error' in found) return { ok: false, error: found.error };
      if (found.found) {
        const opened = opensThread ? await openThread(deps, adapter, job, found.messageId) : undefined;
        return opened && !opened.ok ? opened : { ok: true, messageId: found.messageId, found: true };
      }
    }
    const started = performance.now();
    let result = await postWithTimeout(adapter, job, deps.sendTimeoutMs, placement, (messageId) => {
      // The platform answered after we gave up waiting: record it so the retry does not repeat it.
      void deps.store.deliveries
        .markSent(job.id, deps.owner, messageId, deps.clock.now())
        .then(() => (opensThread ? openThread(deps, adapter, job, messageId) : undefined))
        .catch((error: unknown) => deps.log.error({ err: error, deliveryId: job.id }, 'could not record a late send'));
    });
    deps.metrics.sendLatency(job.platform, (performance.now() - started) / 1000);
    lane.notBefore = deps.clock.now().getTime() + deps.limits.channelIntervalMs[job.platform];
    if (!result.ok && result.error.code === 'thread_gone' && job.thread && placement.thread) {
      // Someone deleted or locked the thread: the alert starts a new one rather than failing.
      deps.log.info({ deliveryId: job.id, channel: job.channel }, 'alert thread gone: starting a new one');
      await deps.store.alertThreads.forget(job.channel, job.thread, placement.thread);
      return this.attempt(lane, adapter, job);
    }
    if (result.ok && opensThread) result = await openThread(deps, adapter, job, result.messageId);
    return result;
  }

  private async succeeded(job: DeliveryJob, attempt: Attempt & { ok: true }): Promise<JobEnd> {
    const { deps } = this;
    await deps.store.deliveries.markSent(job.id, deps.owner, attempt.messageId, deps.clock.now());
    deps.metrics.delivery(job.platform, attempt.found ? 'already_sent' : 'sent');
    if (attempt.found) deps.log.info({ deliveryId: job.id, channel: job.channel }, 'found already posted; not resent');
    await deps.health.channelWorks(job.channel);
    return DONE;
  }

  private async failed(lane: Lane, job: DeliveryJob, error: SitrepError): Promise<JobEnd> {
    const { deps } = this;
    if (error.permanent) {
      await this.failForGood(job, error);
      await deps.health.channelFailed(job.channel, error);
      return { kind: 'channel_failed', error };
    }
    const now = deps.clock.now();
    if (error.code === 'rate_limited') {
      deps.metrics.rateLimited(job.platform);
      const waitMs = error.retryAfterMs ?? 1_000;
      const until = now.getTime() + waitMs;
      lane.notBefore = Math.max(lane.notBefore, until);
      if (error.rateLimitScope === 'platform') deps.gates.pause(job.platform, until);
      else if (error.rateLimitScope !== 'channel') deps.gates.budget(job.platform, job.channel)?.pause(until);
      // A short wait is sat out in the lane, as the platform asked, and does not count as a failed
      // attempt; a long one (or many) goes through the log like any other transient failure.
      const waited = (job.rateLimitWaitedMs ?? 0) + waitMs;
      if (waited <= deps.limits.rateLimitWaitMs[job.platform]) {
        job.rateLimitWaitedMs = waited;
        deps.log.info({ deliveryId: job.id, channel: job.channel, retryAfterMs: waitMs }, 'rate limited: waiting');
        return AGAIN;
      }
    }
    const attempts = job.attempts + 1;
    const decision = decideRetry(deps.retry, attempts, error, now.getTime() - job.recordedAt.getTime());
    if (!decision.retry) {
      await this.failForGood(job, error);
      await deps.health.gaveUp(job.channel, job.id, error, decision.reason);
      return DONE;
    }
    const retryAt = new Date(now.getTime() + decision.delayMs);
    const recorded = await deps.store.deliveries.markFailed(job.id, deps.owner, error.code, error.message, { retryAt });
    deps.metrics.delivery(job.platform, recorded ? 'retry' : 'lost');
    deps.log.warn(
      { deliveryId: job.id, channel: job.channel, code: error.code, attempts, retryAt },
      'delivery will be retried',
    );
    if (recorded) deps.onRetryScheduled(retryAt);
    return DONE;
  }

  private async failForGood(job: DeliveryJob, error: SitrepError, message = error.message): Promise<void> {
    const { deps } = this;
    await deps.store.deliveries.markFailed(job.id, deps.owner, error.code, message);
    deps.metrics.delivery(job.platform, 'failed');
  }
}
