import { Agent, request as httpRequest } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../src/adapters/slack/adapter.js';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/transport.js';
import { silentLogger } from '../src/core/log.js';
import { HttpServer } from '../src/http/server.js';
import { type SlackStandIn, slackSignature, startSlackStandIn } from '../test/stand-ins/slack/server.js';
import {
  type ActorQuery,
  actorQueryMix,
  alternate,
  closedLoop,
  describePool,
  openShippedCore,
  reportSideBySide,
} from './lib/latency.js';
import { percentile, type Reporter } from './lib/report.js';

/**
 * Issue #3. `/sitrep actor <name>` through the full Slack HTTP path — a signed request to
 * `POST /slack/events` on Sitrep's HttpServer, Bolt's HTTPReceiver (signature check), the adapter,
 * the core's lookup and Block Kit rendering, the answer in the ack — beside a bare Bolt app
 * (HTTPReceiver on its own HttpServer, `ack('constant')`), in one run: the same client, 20 requests
 * in flight, batches alternated between the two. Bolt's Web API calls (auth.test) go to the Slack
 * stand-in on 127.0.0.1.
 */
export const description = '/sitrep actor <name> over Slack HTTP (Bolt + adapter + core) vs a bare Bolt app';

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const CONCURRENCY = 20;
// Per side, untimed. After 400, both sides' first five timed batches were still up to twice as slow
// as the rest (V8 still optimizing), and those batches alone set the p99: steady from about 900 on.
const WARMUP = 1000;
const PER_SIDE = 2_000;
const BATCH = 100;
const SEED = 3;
const REQUEST_TIMEOUT_MS = 10_000;

interface Prepared {
  body: string;
  headers: Record<string, string>;
  query: ActorQuery;
}

interface Answer {
  status: number;
  text: string;
  bytes: number;
}

function post(agent: Agent, port: number, prepared: Prepared): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: SLACK_EVENTS_PATH,
        method: 'POST',
        agent,
        headers: prepared.headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          bytes += c.length;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), bytes }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.end(prepared.body);
  });
}

/** Slash command bodies as Slack sends them, signed now (the run is far shorter than the 5-minute window). */
function prepare(slack: SlackStandIn, queries: readonly ActorQuery[]): Prepared[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return queries.map((query, i) => {
    const channelId = `C0BENCH${i % 7}`;
    const { responseUrl } = slack.registry.create('command', slack.teamId, channelId);
    const body = new URLSearchParams({
      token: 'verification-token-stand-in',
      team_id: slack.teamId,
      team_domain: 'bench',
      channel_id: channelId,
      channel_name: 'bench',
      user_id: `U0BENCH${i % 11}`,
      user_name: 'bench',
      command: '/sitrep',
      text: `actor ${query.text}`,
      api_app_id: slack.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: `${i}.${i}.bench`,
    }).toString();
    return {
      body,
      query,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
      },
    };
  });
}

/** How the card's header block starts in Bolt's JSON ack: a cheap check inside the timed loop. */
function headerNeedle(name: string): string {
  return `{"type":"header","text":{"type":"plain_text","text":${JSON.stringify(name)}`;
}

/** The ack is the actor's card: a header block with the actor's name. */
function isCardOf(text: string, name: string): boolean {
  try {
    const ack = JSON.parse(text) as { blocks?: Array<{ type: string; text?: { text?: string } }> };
    const header = ack.blocks?.[0];
    return header?.type === 'header' && header.text?.text === name;
  } catch {
    return false;
  }
}

export async function run(report: Reporter): Promise<void> {
  const { core, view, onClose, closeAll } = await openShippedCore('sitrep-bench-slack-');
  try {
    // ── Slack's Web API, for Bolt's auth.test (both apps) ────────────────────────────────────
    const slack = await startSlackStandIn();
    onClose(() => slack.close());

    // ── Sitrep: core + HttpServer + Slack adapter (Bolt HTTPReceiver mounted on it) ───────────
    const http = new HttpServer(silentLogger);
    const adapter = createSlackAdapter({
      botToken: slack.botToken,
      apiUrl: slack.apiUrl,
      signingSecret: SIGNING_SECRET,
      http,
      log: silentLogger,
    });
    const oursPort = await http.listen(0, '127.0.0.1');
    onClose(() => http.close());
    await adapter.start(core.router);
    onClose(() => adapter.stop());

    // ── The bare Bolt app: HTTPReceiver on its own HttpServer, a constant ack ──────────────────
    const receiver = new HTTPReceiver({
      signingSecret: SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      logLevel: LogLevel.ERROR,
    });
    const bare = new App({
      signingSecret: SIGNING_SECRET,
      token: slack.botToken,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    bare.command('/sitrep', async ({ ack }) => {
      await ack('constant');
    });
    const bareHttp = new HttpServer(silentLogger);
    bareHttp.mount('POST', SLACK_EVENTS_PATH, (req, res) => receiver.requestListener(req, res));
    const barePort = await bareHttp.listen(0, '127.0.0.1');
    onClose(() => bareHttp.close());

    // ── Requests: the same bodies for both, signed ahead ──────────────────────────────────────
    const total = WARMUP + PER_SIDE;
    const queries = actorQueryMix(view, total, SEED);
    const oursRequests = prepare(slack, queries);
    const bareRequests = prepare(slack, queries);
    const oursAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const bareAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    onClose(() => oursAgent.destroy());
    onClose(() => bareAgent.destroy());
    // Each answer is checked as it arrives (cheaply) and then dropped: bodies kept for the whole run
    // would load the garbage collector, the more so on the side with the bigger answers.
    const needles = queries.map((q) => headerNeedle(q.expectName));
    const oursRight = new Uint8Array(total);
    const bareRight = new Uint8Array(total);
    const ackBytes: number[] = [];
    const send = (agent: Agent, port: number, requests: Prepared[], check: (answer: Answer, i: number) => void) => {
      return async (i: number) => {
        const answer = await post(agent, port, requests[i] as Prepared);
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 120)}`);
        check(answer, i);
      };
    };
    const checkOurs = (answer: Answer, i: number) => {
      const q = queries[i] as ActorQuery;
      const right = answer.text.includes(needles[i] as string) || isCardOf(answer.text, q.expectName);
      oursRight[i] = right ? 1 : 0;
      if (i >= WARMUP) ackBytes.push(answer.bytes);
    };
    const checkBare = (answer: Answer, i: number) => {
      bareRight[i] = answer.text === 'constant' ? 1 : 0;
    };

    // Core alone (router.handle), the same questions one at a time: the service time the path builds on.
    const coreOnly = await closedLoop(PER_SIDE, 1, async (i) => {
      const q = queries[i % queries.length] as ActorQuery;
      await core.router.handle({
        text: `actor ${q.text}`,
        caller: { platform: 'slack', userId: 'U0BENCH', channel: 'slack:C0BENCH', workspace: slack.teamId },
      });
    });

    const results = await alternate(
      {
        a: send(oursAgent, oursPort, oursRequests, checkOurs),
        b: send(bareAgent, barePort, bareRequests, checkBare),
      },
      { warmup: WARMUP, perSide: PER_SIDE, batchSize: BATCH, concurrency: CONCURRENCY },
    );

    // ── Were they answered as intended? (checked as they arrived) ────────────────────────────────
    let cards = 0;
    let constants = 0;
    const byKind = new Map<string, { right: number; all: number }>();
    for (let i = WARMUP; i < total; i += 1) {
      const q = queries[i] as ActorQuery;
      const ok = oursRight[i] === 1;
      if (ok) cards += 1;
      const k = byKind.get(q.kind) ?? { right: 0, all: 0 };
      k.all += 1;
      if (ok) k.right += 1;
      byKind.set(q.kind, k);
      if (bareRight[i] === 1) constants += 1;
    }
    const followUps = slack.responses.filter((r) => r.source === 'response_url').length;
    const webApiCalls = slack.requests.length;

    report.note(describePool(view));
    report.note(
      `${PER_SIDE} requests per side after ${WARMUP} warm-up, ${CONCURRENCY} in flight, batches of ${BATCH} ` +
        'alternated A B / B A; keep-alive HTTP/1.1 from one client in this process, 127.0.0.1',
    );
    report.note(
      'sitrep = signed POST → HttpServer → future-timestamp guard → Bolt HTTPReceiver → adapter → core → Block Kit ack; ' +
        'bare = signed POST → its own HttpServer → Bolt HTTPReceiver → ack("constant")',
    );
    reportSideBySide(report, { ours: 'sitrep', bare: 'bare_bolt' }, { ours: results.a, bare: results.b }, { max: 1.5 });
    report('core_only.p50 (router.handle, 1 in flight)', percentile(coreOnly.samples, 50), 'ms');
    report('core_only.p99', percentile(coreOnly.samples, 99), 'ms');
    report('sitrep.ack_bytes.p50', percentile(ackBytes, 50), 'B');
    report('sitrep.answered_with_the_card', (100 * cards) / PER_SIDE, '%', { min: 100 });
    for (const [kind, k] of byKind) report(`sitrep.answered_with_the_card.${kind}`, (100 * k.right) / k.all, '%');
    report('bare_bolt.answered_constant', (100 * constants) / PER_SIDE, '%', { min: 100 });
    report('sitrep.response_url_follow_ups', followUps, '');
    report('web_api_calls (all to the stand-in)', webApiCalls, '');
    const methods = new Map<string, number>();
    for (const r of slack.requests) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
    report.note(`Web API calls: ${[...methods].map(([m, n]) => `${m} ×${n}`).join(', ') || 'none'}`);
  } finally {
    await closeAll(report);
  }
}
