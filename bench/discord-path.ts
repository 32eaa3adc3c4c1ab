import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter } from '../src/adapters/discord/adapter.js';
import { runDiscordRegister } from '../src/cli/discord-register.js';
import { COMMANDS } from '../src/core/commands/registry.js';
import { silentLogger } from '../src/core/log.js';
import {
  DEFAULT_GUILD_ID,
  type DiscordStandIn,
  type Json,
  type RecordedCallback,
  startDiscordStandIn,
} from '../test/stand-ins/discord/server.js';
import {
  type ActorQuery,
  actorQueryMix,
  alternate,
  describePool,
  openShippedCore,
  reportSideBySide,
} from './lib/latency.js';
import { percentile, type Reporter } from './lib/report.js';

/**
 * Issue #4. An interaction through the gateway path: the Discord stand-in dispatches
 * INTERACTION_CREATE (`/sitrep actor name:<name>`) over its WebSocket to the discord.js Client of
 * Sitrep's Discord adapter, which asks the core, renders the card and answers with
 * `POST /interactions/{id}/{token}/callback`; timed from the dispatch to the callback's arrival at
 * the stand-in. Beside it, the same for a bare discord.js Client answering `interaction.reply
 * ('constant')`, on a stand-in of its own (its own gateway session), in one run: 20 interactions in
 * flight on each, batches alternated between the two.
 */
export const description =
  '/sitrep actor over the Discord gateway (discord.js + adapter + core) vs a bare discord.js Client';

const CONCURRENCY = 20;
// Per side, untimed. After 400, both sides' first five timed batches were still up to twice as slow
// as the rest (V8 still optimizing), and those batches alone set the p99: steady from about 900 on.
const WARMUP = 1000;
const PER_SIDE = 2_000;
const BATCH = 100;
const SEED = 4;
const CALLBACK_TIMEOUT_MS = 10_000;

function actorInteraction(standIn: DiscordStandIn, query: ActorQuery): Json {
  return standIn.buildInteraction({
    commandName: 'sitrep',
    subcommand: 'actor',
    options: [{ name: 'name', value: query.text }],
  });
}

/**
 * Dispatches one prepared interaction and resolves when its callback has reached the stand-in;
 * the callback is checked there and then, and the stand-in forgets the interaction (see run()).
 */
function dispatcher(standIn: DiscordStandIn, payloads: Json[], check: (callback: RecordedCallback, i: number) => void) {
  return async (i: number) => {
    const sent = standIn.sendInteraction({ raw: payloads[i] as Json });
    const callback = await sent.callback(CALLBACK_TIMEOUT_MS);
    check(callback, i);
    standIn.interactions.delete(sent.id);
  };
}

async function readyClient(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
}

export async function run(report: Reporter): Promise<void> {
  const { core, view, onClose, closeAll } = await openShippedCore('sitrep-bench-discord-');
  try {
    // ── Two stand-ins: one gateway session each ──────────────────────────────────────────────
    const oursDiscord = await startDiscordStandIn();
    onClose(() => oursDiscord.close());
    const bareDiscord = await startDiscordStandIn();
    onClose(() => bareDiscord.close());

    // ── Sitrep: core + Discord adapter (discord.js Client on the gateway) ─────────────────────
    const registered = await runDiscordRegister(
      {
        DISCORD_TOKEN: oursDiscord.token,
        DISCORD_APPLICATION_ID: oursDiscord.applicationId,
        DISCORD_API_URL: oursDiscord.apiUrl,
        DISCORD_GUILD_ID: DEFAULT_GUILD_ID,
      },
      COMMANDS,
    );
    if (registered.exitCode !== 0) throw new Error(`registering /sitrep failed: ${registered.output}`);
    const adapter = createDiscordAdapter({
      token: oursDiscord.token,
      applicationId: oursDiscord.applicationId,
      apiUrl: oursDiscord.apiUrl,
      log: silentLogger,
      gateway: true,
    });
    onClose(() => adapter.stop());
    await adapter.start(core.router);

    // ── The bare discord.js Client: a constant reply ──────────────────────────────────────────
    const bare = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: bareDiscord.apiUrl } });
    onClose(() => bare.destroy());
    bare.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply('constant').catch(() => undefined);
    });
    await readyClient(bare, bareDiscord.token);

    // ── Interactions: the same questions for both, built ahead ───────────────────────────────
    const total = WARMUP + PER_SIDE;
    const queries = actorQueryMix(view, total, SEED);
    const oursPayloads = queries.map((q) => actorInteraction(oursDiscord, q));
    const barePayloads = queries.map((q) => actorInteraction(bareDiscord, q));
    // Callbacks are checked as they arrive, and the stand-ins' records dropped after each batch:
    // kept for the whole run they would load the garbage collector, the more so on the side with
    // the bigger answers. What the records said is tallied first.
    const oursRight = new Uint8Array(total);
    const bareRight = new Uint8Array(total);
    const sampleBodies: Json[] = [];
    const checkOurs = (callback: RecordedCallback, i: number) => {
      const embeds = (callback.data?.embeds ?? []) as Array<{ title?: string }>;
      oursRight[i] = callback.type === 4 && embeds[0]?.title === (queries[i] as ActorQuery).expectName ? 1 : 0;
      if (i < 50) sampleBodies.push(callback.body);
    };
    const checkBare = (callback: RecordedCallback, i: number) => {
      bareRight[i] = callback.type === 4 && callback.data?.content === 'constant' ? 1 : 0;
    };
    const tally = { oursOtherRest: 0, rateLimited: 0 };
    const forget = (standIn: DiscordStandIn) => {
      const other = standIn.requests.filter((r) => !r.path.includes('/callback')).length;
      if (standIn === oursDiscord) tally.oursOtherRest += other;
      tally.rateLimited += standIn.rateLimitedCount;
      standIn.resetRecords();
    };

    const results = await alternate(
      {
        a: dispatcher(oursDiscord, oursPayloads, checkOurs),
        b: dispatcher(bareDiscord, barePayloads, checkBare),
      },
      {
        warmup: WARMUP,
        perSide: PER_SIDE,
        batchSize: BATCH,
        concurrency: CONCURRENCY,
        afterBatch: (side) => forget(side === 'a' ? oursDiscord : bareDiscord),
      },
    );

    // ── Were they answered as intended? ──────────────────────────────────────────────────────
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
    const callbackBytes = sampleBodies.map((b) => Buffer.byteLength(JSON.stringify(b)));

    report.note(describePool(view));
    report.note(
      `${PER_SIDE} interactions per side after ${WARMUP} warm-up, ${CONCURRENCY} in flight, batches of ${BATCH} ` +
        'alternated A B / B A; each side has its own stand-in (gateway session), all on 127.0.0.1 in this process',
    );
    report.note(
      'timed: INTERACTION_CREATE dispatched on the WebSocket → discord.js Client → (sitrep: adapter → core → embeds) ' +
        '→ POST /interactions/{id}/{token}/callback received by the stand-in',
    );
    reportSideBySide(
      report,
      { ours: 'sitrep', bare: 'bare_discordjs' },
      { ours: results.a, bare: results.b },
      { max: 1.5 },
    );
    report('sitrep.callback_bytes.p50 (first 50)', percentile(callbackBytes, 50), 'B');
    report('sitrep.answered_with_the_card', (100 * cards) / PER_SIDE, '%', { min: 100 });
    for (const [kind, k] of byKind) report(`sitrep.answered_with_the_card.${kind}`, (100 * k.right) / k.all, '%');
    report('bare_discordjs.answered_constant', (100 * constants) / PER_SIDE, '%', { min: 100 });
    report('sitrep.rest_requests_besides_callbacks', tally.oursOtherRest, '');
    report('rate_limits_met (429s from the stand-ins)', tally.rateLimited, '', { max: 0 });
  } finally {
    await closeAll(report);
  }
}
