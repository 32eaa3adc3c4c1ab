import { within } from '../core/helpers.js';
import type { ChatAdapter } from '../core/ports.js';
import type { Store } from '../core/store.js';
import { type HttpServer, sendJson } from '../http/server.js';
import type { SitrepMetrics } from './metrics.js';

/**
 * `GET /healthz`: 200 when the store answers and every adapter is connected, else 503 with what is
 * wrong (a load balancer takes the replica out). `GET /metrics`: Prometheus text.
 */
export function mountOpsRoutes(
  http: HttpServer,
  deps: { store: Store; adapters: readonly ChatAdapter[]; metrics: SitrepMetrics },
) {
  http.mount('GET', '/healthz', async (_req, res) => {
    const checks: Record<string, 'ok' | string> = {};
    try {
      await within(deps.store.ping(), 2000, () => {
        throw new Error('timed out');
      });
      checks.store = 'ok';
    } catch (error) {
      checks.store = error instanceof Error ? error.message : 'unreachable';
    }
    for (const adapter of deps.adapters) {
      checks[adapter.platform] = adapter.isConnected?.() === false ? 'disconnected' : 'ok';
    }
    const healthy = Object.values(checks).every((v) => v === 'ok');
    sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', checks });
  });
  http.mount('GET', '/metrics', async (_req, res) => {
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
  });
}
