import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryMetrics, DeliveryOutcome } from '../core/delivery/metrics.js';
import type { Platform } from '../core/ports.js';

/** Prometheus figures for `GET /metrics`: deliveries, send latency, 429s, queue depth, commands. */
export class SitrepMetrics implements DeliveryMetrics {
  readonly registry = new Registry();
  private readonly deliveries = new Counter({
    name: 'sitrep_deliveries_total',
    help: 'Scheduled briefings and alerts by platform and outcome',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'sitrep_send_latency_seconds',
    help: 'Time one post to a platform took',
    labelNames: ['platform'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly limited = new Counter({
    name: 'sitrep_rate_limited_total',
    help: 'Rate limits met by deliveries (a 429, or a limit the platform had announced as spent)',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  private readonly depth = new Gauge({
    name: 'sitrep_delivery_queue_depth',
    help: 'Deliveries this process holds: queued, paced or in flight',
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'sitrep_commands_total',
    help: 'Slash commands answered, by platform',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sitrep_' });
  }

  delivery(platform: Platform, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ platform, outcome });
  }

  sendLatency(platform: Platform, seconds: number): void {
    this.latency.observe({ platform }, seconds);
  }

  rateLimited(platform: Platform): void {
    this.limited.inc({ platform });
  }

  queueDepth(depth: number): void {
    this.depth.set(depth);
  }

  command(platform: Platform): void {
    this.commands.inc({ platform });
  }
}
