import type { DeliveryMetrics, DeliveryOutcome } from '../../src/core/delivery/metrics.js';
import type { Platform } from '../../src/core/ports.js';

/** Samples the process's resident set size while a run lasts (and the kernel's own peak). */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  readonly baselineBytes = process.memoryUsage.rss();
  peakBytes = this.baselineBytes;

  constructor(private readonly everyMs = 50) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage.rss());
  }

  /** `getrusage` maxRSS: the process's peak since it started (bytes), whatever ran before. */
  static processPeakBytes(): number {
    return process.resourceUsage().maxRSS * 1024;
  }
}

/** The engine's delivery metrics, counted, plus the time of each platform's last successful send. */
export class CountingMetrics implements DeliveryMetrics {
  readonly outcomes = new Map<string, number>();
  readonly rateLimits = new Map<Platform, number>();
  readonly sendSeconds = new Map<Platform, number[]>();
  maxDepth = 0;

  delivery(platform: Platform, outcome: DeliveryOutcome): void {
    const key = `${platform}.${outcome}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  sendLatency(platform: Platform, seconds: number): void {
    let list = this.sendSeconds.get(platform);
    if (!list) {
      list = [];
      this.sendSeconds.set(platform, list);
    }
    list.push(seconds);
  }

  rateLimited(platform: Platform): void {
    this.rateLimits.set(platform, (this.rateLimits.get(platform) ?? 0) + 1);
  }

  queueDepth(depth: number): void {
    this.maxDepth = Math.max(this.maxDepth, depth);
  }

  count(platform: Platform, outcome: DeliveryOutcome): number {
    return this.outcomes.get(`${platform}.${outcome}`) ?? 0;
  }
}

/**
 * The longest the event loop went without running a timer (sampled every `everyMs`): a stand-in for
 * `monitorEventLoopDelay`, which does not show a stall made of one long chain of promise callbacks
 * (synchronous SQLite under async code) as plainly.
 */
export class StallSampler {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private readonly gaps: number[] = [];
  longestMs = 0;
  /** Milliseconds after `start()` at which the longest stall ended. */
  longestEndedAtMs = 0;
  private startedAt = 0;

  constructor(private readonly everyMs = 10) {}

  start(): this {
    this.startedAt = performance.now();
    this.last = this.startedAt;
    this.timer = setInterval(() => {
      const now = performance.now();
      const gap = now - this.last;
      this.gaps.push(gap);
      if (gap > this.longestMs) {
        this.longestMs = gap;
        this.longestEndedAtMs = now - this.startedAt;
      }
      this.last = now;
    }, this.everyMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    const gap = performance.now() - this.last;
    if (gap > this.longestMs) {
      this.longestMs = gap;
      this.longestEndedAtMs = performance.now() - this.startedAt;
    }
  }

  /** The p-th percentile of the gaps between timer runs (ms). */
  percentile(p: number): number {
    if (this.gaps.length === 0) return Number.NaN;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  }
}
