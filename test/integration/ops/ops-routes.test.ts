import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../../src/core/ports.js';
import type { Store } from '../../../src/core/store.js';
import { HttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { SitrepMetrics } from '../../../src/ops/metrics.js';
import { type MetricsAccess, serveOps } from '../../../src/ops/routes.js';
import { openStore } from '../../../src/store/db.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** A real store, the real HTTP server and metrics registry; a Slack adapter whose connection the test sets. */
async function startOps(access: MetricsAccess) {
  const store: Store = await openStore('file::memory:');
  const slack = { platform: 'slack', connected: true, isConnected: () => slack.connected } as unknown as ChatAdapter & {
    connected: boolean;
  };
  const http = new HttpServer(createLogger('silent'));
  const closeMetrics = await serveOps(
    http,
    { store, adapters: [slack], metrics: new SitrepMetrics(), log: createLogger('silent') },
    access,
  );
  const port = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    slack,
    async close() {
      await closeMetrics();
      await http.close();
      await store.close();
    },
  };
}

let running: Awaited<ReturnType<typeof startOps>> | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('/healthz and /metrics', () => {
  it('/healthz answers the status and nothing else, healthy or not', async () => {
    running = await startOps({});
    const ok = await fetch(`${running.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
    running.slack.connected = false;
    const degraded = await fetch(`${running.url}/healthz`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toEqual({ status: 'degraded' });
  });

  it('without METRICS_TOKEN or METRICS_PORT, /metrics is not served', async () => {
    running = await startOps({});
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
  });

  it('with METRICS_TOKEN, /metrics answers only the right bearer token', async () => {
    running = await startOps({ token: TOKEN });
    const none = await fetch(`${running.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).not.toContain('sitrep_');
    const wrong = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('sitrep_commands_total');
  });

  it('with METRICS_PORT, /metrics is on that port only, bound where it is told', async () => {
    const probe = new HttpServer(createLogger('silent'));
    const port = await probe.listen(0, '127.0.0.1');
    await probe.close();
    running = await startOps({ port, host: '127.0.0.1' });
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    const own = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('sitrep_commands_total');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
  });
});
