// A change made with the CLI beside a running bot: the CLI records the alerts it cannot send and
// exits; the bot sends them as soon as it serves the revision, not when its delivery engine next
// looks for work left by others (set to an hour here, so only the prompt path can pass).
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadSitrepConfig } from '../../../src/compose.js';
import { createClaimTracking } from '../../../src/core/claims/service.js';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import { silentLogger } from '../../../src/core/log.js';
import { systemClock } from '../../../src/core/ports.js';
import { StoryCatalog } from '../../../src/core/story/catalog.js';
import { childEnv } from '../../support/child-env.js';
import { freshSqlite } from '../../support/databases.js';
import { RecordingAdapter } from '../../unit/core/delivery/fakes.js';
import { runSitrep } from '../cli/spawn.js';
import { FIXTURES, RecordingNotifier } from './harness.js';

const TRACKER = 'slack:CSTORY';
const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

it('an alert for a change made with `sitrep ask` is sent by the running bot as soon as it serves the change', async () => {
  const database = await freshSqlite();
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-cli-alerts-'));
  cleanup.push(
    () => rm(dir, { recursive: true, force: true }),
    () => database.dispose(),
  );
  const briefings = path.join(dir, 'briefings');
  const cliBriefings = path.join(dir, 'cli-briefings');
  const configDir = path.join(dir, 'config');
  for (const d of [briefings, cliBriefings, configDir]) await mkdir(d);
  await copyFile(path.join(FIXTURES, 'harbour-strike.yaml'), path.join(briefings, 'harbour-strike.yaml'));
  await writeFile(
    path.join(configDir, 'sitrep.yaml'),
    `tracking:\n  - channel: "${TRACKER}"\n    track: story harbour-strike\n`,
  );

  // The bot: its store, a real delivery engine and the claim tracking that follows the database.
  const store = await database.open();
  const adapter = new RecordingAdapter('slack');
  const engine = new DeliveryEngine({ store, adapters: new Map([['slack', adapter]]), recoverEveryMs: 3_600_000 });
  const claims = createClaimTracking({
    store,
    catalog: new StoryCatalog(briefings),
    deliverer: engine,
    notifier: new RecordingNotifier(),
    clock: systemClock,
    log: silentLogger,
    briefingsDir: briefings,
    config: await loadSitrepConfig(configDir),
    feedPollMs: 50,
  });
  await claims.syncAtStart();
  await engine.start();
  const stopWatching = await claims.watch();
  cleanup.push(
    () => store.close(),
    () => engine.stop(100),
    () => stopWatching(),
  );

  const cli = await runSitrep(['ask', 'set turnout-disputed status=denied', '--admin'], {
    env: childEnv({ DATABASE_URL: database.url, BRIEFINGS_DIR: cliBriefings, CONFIG_DIR: configDir }),
    timeoutMs: 60_000,
  });
  expect(cli.stdout + cli.stderr).toContain('disputed → 🔴 denied');

  const alerted = () => adapter.capturedPayloads.filter((p) => p.to === TRACKER);
  for (let waited = 0; alerted().length === 0 && waited < 20_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(alerted()).toHaveLength(1);
  expect(alerted()[0]?.deliveryId).toMatch(/^alert:\d+:slack:CSTORY$/);
  expect(JSON.stringify(alerted()[0]?.message)).toContain('turnout-disputed');
}, 90_000);
