import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { within } from '../core/helpers.js';
import type { Logger } from '../core/log.js';
import type { ChatAdapter } from '../core/ports.js';
import type { Store } from '../core/store.js';
import { HttpServer, sendJson } from '../http/server.js';
import type { SitrepMetrics } from './metrics.js';

export interface OpsDeps {
  store: Store;
  adapters: readonly ChatAdapter[];
  /** Absent when /metrics is not served (prom-client is then never loaded). */
  metrics: SitrepMetrics | undefined;
  log: Logger;
}

export interface MetricsAccess {
  /** `/metrics` on the main listener answers only `Authorization: Bearer <token>` (and asks for it on its own port too). */
  token?: string | undefined;
  /** `/metrics` on a listener of its own, e.g. reachable only from the monitoring network. */
  port?: number | undefined;
  /** Where that listener binds (default 127.0.0.1). */
  host?: string | undefined;
}

/**
 * `GET /healthz`: 200 `{"status":"ok"}` when the store answers and every adapter is connected,
 * else 503 `{"status":"degraded"}` (a load balancer takes the replica out). What is wrong goes to
 * the log, not to whoever asks. `GET /metrics` (Prometheus text) is served only behind a bearer
 * token or on its own port: it names workspaces' traffic and failures. Returns what closes the
 * metrics listener.
 */
export async function serveOps(http: HttpServer, deps: OpsDeps, access: MetricsAccess): Promise<() => Promise<void>> {
  let lastProblems = '';
  http.mount('GET', '/healthz', async (_req, res) => {
    const problems = await healthProblems(deps);
    const described = JSON.stringify(problems);
    if (described !== lastProblems) {
      if (Object.keys(problems).length > 0) deps.log.warn({ problems }, 'health check failing');
      else deps.log.info({}, 'health check passing again');
      lastProblems = described;
    }
    const healthy = Object.keys(problems).length === 0;
    sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded' });
  });

  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    if (access.token !== undefined && !bearerMatches(req.headers.authorization, access.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' });
      res.end('a bearer token is required');
      return;
    }
    if (!deps.metrics) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
  };
  if (access.port !== undefined) {
    const own = new HttpServer(deps.log);
    own.mount('GET', '/metrics', serveMetrics);
    const host = access.host ?? '127.0.0.1';
    const port = await own.listen(access.port, host);
    deps.log.info({ host, port }, 'metrics listening');
    return () => own.close();
  }
  if (access.token !== undefined) http.mount('GET', '/metrics', serveMetrics);
  else deps.log.info({}, 'metrics not served: set METRICS_TOKEN or METRICS_PORT');
  return async () => {};
}

async function healthProblems(deps: OpsDeps): Promise<Record<string, string>> {
  const problems: Record<string, string> = {};
  try {
    await within(deps.store.ping(), 2000, () => {
      throw new Error('timed out');
    });
  } catch (error) {
    problems.store = error instanceof Error ? error.message : 'unreachable';
  }
  for (const adapter of deps.adapters) {
    if (adapter.isConnected?.() === false) problems[adapter.platform] = 'disconnected';
  }
  return problems;
}

/** Compares digests, so neither the token's length nor its content shows in the time taken. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}
