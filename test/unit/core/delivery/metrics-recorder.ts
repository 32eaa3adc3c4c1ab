import type { DeliveryMetrics, DeliveryOutcome } from '../../../../src/core/delivery/metrics.js';
import type { Platform } from '../../../../src/core/ports.js';

/** Counts what the engine reports, for assertions. */
export class RecordingMetrics implements DeliveryMetrics {
  readonly outcomes: Array<{ platform: Platform; outcome: DeliveryOutcome }> = [];
  readonly latencies: number[] = [];
  rateLimits = 0;
  maxDepth = 0;
  depth = 0;

  delivery(platform: Platform, outcome: DeliveryOutcome): void {
    this.outcomes.push({ platform, outcome });
  }
  sendLatency(_platform: Platform, seconds: number): void {
    this.latencies.push(seconds);
  }
  rateLimited(): void {
    this.rateLimits += 1;
  }
  queueDepth(depth: number): void {
    this.depth = depth;
    this.maxDepth = Math.max(this.maxDepth, depth);
  }
  count(outcome: DeliveryOutcome): number {
    return this.outcomes.filter((o) => o.outcome === outcome).length;
  }
}
