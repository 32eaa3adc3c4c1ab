import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryMetrics, DeliveryOutcome } from '../core/delivery/metrics.js';
import type { CommandPort, Platform } from '../core/ports.js';

/** A count of something by platform alone. */
function platformCounter(registry: Registry, name: string, help: string) {
  return new Counter({ name, help, labelNames: ['platform'] as const, registers: [registry] });
}

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
  private readonly limited = platformCounter(
    this.registry,
    'sitrep_rate_limited_total',
    'Rate limits met by deliveries (a 429, or a limit the platform had announced as spent)',
  );
  private readonly depth = new Gauge({
    name: 'sitrep_delivery_queue_depth',
    help: 'Deliveries this process holds: queued, paced or in flight',
    registers: [this.registry],
  });
  private readonly commands = platformCounter(
    this.registry,
    'sitrep_commands_total',
    'Slash commands answered, by platform',
  );

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

  /**
   * The command port as the platform adapters see it: each command answered is counted by the
   * caller's platform. Counted here, at the edge, because the router also answers itself (a
   * workspace's home asks it for each story's changes).
   */
  counting(port: CommandPort): CommandPort {
    const handle: CommandPort['handle'] = async (command) => {
      const answer = await port.handle(command);
      this.command(command.caller.platform);
      return answer;
    };
    return Object.assign(Object.create(port) as CommandPort, { handle });
  }
}
