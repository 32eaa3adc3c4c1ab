import type { Platform } from '../ports.js';

/**
 * What happened to one send attempt (or to a delivery the engine stopped holding):
 * - `sent`: posted now;
 * - `already_sent`: found on the platform after a crash (`findDelivery`), recorded without posting;
 * - `retry`: a transient failure, scheduled for another attempt;
 * - `failed`: given up (a permanent error, or too many transient ones);
 * - `lost`: another process holds the delivery now, so this one let it go unsent.
 */
export type DeliveryOutcome = 'sent' | 'already_sent' | 'retry' | 'failed' | 'lost';

/**
 * Hooks for the delivery engine's figures. The composition root implements them with prom-client
 * (counters, a histogram, a gauge); the core only calls these methods, so it imports no metrics
 * library. Every method must be cheap and must not throw.
 */
export interface DeliveryMetrics {
  /** One delivery attempt ended (counter labelled by platform and outcome). */
  delivery(platform: Platform, outcome: DeliveryOutcome): void;
  /** Seconds one `post` call took, whatever its result (histogram by platform). */
  sendLatency(platform: Platform, seconds: number): void;
  /** The platform answered "slow down" (HTTP 429). */
  rateLimited(platform: Platform): void;
  /** Deliveries this process holds right now: queued, waiting for pacing or in flight (gauge). */
  queueDepth(depth: number): void;
}

export const noDeliveryMetrics: DeliveryMetrics = {
  delivery() {},
  sendLatency() {},
  rateLimited() {},
  queueDepth() {},
};
