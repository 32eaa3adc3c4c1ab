/**
 * Many Slack workspaces end to end: the real core, scheduler and delivery engine, Sitrep's HTTP
 * server with `/slack/install` and `/slack/oauth_redirect` (@slack/oauth's InstallProvider), the real
 * Slack adapter on Bolt with per-workspace authorize, and the Slack stand-in playing Slack, its
 * consent page included. Installs are made the way a browser makes them (cookie and redirects).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/adapter.js';
import { SlackOAuth } from '../../../src/adapters/slack/oauth.js';
import { assembleCore, type Core, loadContent, loadSitrepConfig } from '../../../src/compose.js';
import { currentRevisionId, sinceLastBriefing } from '../../../src/core/claims/since-last.js';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import { silentLogger } from '../../../src/core/log.js';
import type { OutgoingMessage } from '../../../src/core/message.js';
import type { Clock } from '../../../src/core/ports.js';
import { Scheduler } from '../../../src/core/scheduler/scheduler.js';
import { type WorkspaceEvents, workspaceEvents } from '../../../src/core/workspaces.js';
import { HttpServer } from '../../../src/http/server.js';
import { openStore } from '../../../src/store/db.js';
import { SecretBox } from '../../../src/store/encryption.js';
import { installThroughOAuth } from '../../stand-ins/slack/install-flow.js';
import { makeWorkspaces, type SlackStandIn, startSlackStandIn } from '../../stand-ins/slack/server.js';

export const SIGNING_SECRET = 'e2e-oauth-signing-secret-0123456789';
const CLIENT = { clientId: '4242.5353', clientSecret: 'e2e-client-secret' };

/** Real time, shifted to read `start` now (and `jumpTo` later): the scheduler and the engine run for real. */
export function shiftedClock(start: string): Clock & { jumpTo(instant: string): void } {
  let offset = new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    jumpTo(instant) {
      offset = new Date(instant).getTime() - Date.now();
    },
  };
}

export interface OAuthHarness {
  slack: SlackStandIn;
  core: Core;
  adapter: SlackAdapter;
  baseUrl: string;
  eventsUrl: string;
  notices: OutgoingMessage[];
  /** Installs Sitrep into a workspace through the browser flow; resolves with the final page. */
  install(teamId: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startOAuthHarness(options: {
  workspaces: number;
  clock: Clock;
  /** Channels of each workspace, by index (default: any channel id exists everywhere). */
  channels?: string[][];
}): Promise<OAuthHarness> {
  const workspaces = makeWorkspaces(options.workspaces).map((w, i) => {
    const channels = options.channels?.[i];
    return channels ? { ...w, channels } : w;
  });
  const slack = await startSlackStandIn({ workspaces, oauth: CLIENT });
  const tmp = await mkdtemp(path.join(tmpdir(), 'sitrep-slack-oauth-'));
  const notices: OutgoingMessage[] = [];
  const notifier = {
    async notify(message: OutgoingMessage) {
      notices.push(message);
    },
  };
  const adapters = new Map();
  const store = await openStore(`file:${path.join(tmp, 'x.db')}`, {
    clock: options.clock,
    secrets: new SecretBox(randomBytes(32)),
  });
  const engine = new DeliveryEngine({ store, adapters, admins: notifier, clock: options.clock, log: silentLogger });
  const core = assembleCore({
    config: await loadSitrepConfig(tmp),
    content: await loadContent('briefings'),
    store,
    briefingsDir: 'briefings',
    log: silentLogger,
    clock: options.clock,
    deliverer: engine,
    notifier,
  });
  const http = new HttpServer(silentLogger);
  const port = await http.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  let events: WorkspaceEvents | undefined;
  const oauth = new SlackOAuth({
    ...CLIENT,
    stateSecret: 'e2e-state-secret-0123456789',
    publicUrl: baseUrl,
    apiUrl: slack.apiUrl,
    installations: core.store.installations,
    log: silentLogger,
    onInstalled: async (workspace) => {
      adapter.dropClient(workspace);
      await events?.installed(workspace);
    },
  });
  const adapter = createSlackAdapter({
    oauth,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    http,
    log: silentLogger,
    onWorkspaceRemoved: async (workspace, why) => events?.removed(workspace, why),
  });
  adapters.set('slack', adapter);
  events = workspaceEvents({ store: core.store, notifier, directory: adapter, clock: options.clock });
  await adapter.start(core.router);
  const delivery = engine;
  await delivery.start();
  const scheduler = new Scheduler({
    store: core.store,
    deliverer: delivery,
    catchUpWindowMs: core.config.catchUpWindow,
    stories: core.catalog,
    sinceLastBriefing: (channel, story) => sinceLastBriefing({ store: core.store }, channel, story),
    currentRevision: (story) => currentRevisionId({ store: core.store }, story),
    clock: options.clock,
    log: silentLogger,
    tickMs: 250,
  });
  scheduler.start();

  return {
    slack,
    core,
    adapter,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    notices,
    install: (teamId) => installThroughOAuth(baseUrl, teamId),
    async close() {
      await scheduler.stop();
      await delivery.stop(200);
      await adapter.stop();
      await http.close();
      await slack.close();
      await core.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
