// End to end: slash commands reach Sitrep through the real discord.js Client over a WebSocket to the
// Discord stand-in, and are answered through the interaction callback / webhook routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMessage, newMessage } from '../../stand-ins/discord/fixtures.js';
import type { InteractionOptionInput, Json } from '../../stand-ins/discord/server.js';
import { delayedCommand } from '../../support/delayed-command.js';
import { type Harness, startHarness } from './harness.js';

/** Takes longer than Discord's 3 s without saying so: the adapter must notice and defer. */
const slowpoke = delayedCommand({
  name: 'slowpoke',
  description: 'Test: answers after 3.5 s',
  delayMs: 3500,
  answer: 'Slowpoke finally answered.',
});

/** Declared slow: deferred at once. */
const declared = delayedCommand({
  name: 'declared-slow',
  description: 'Test: declared slow',
  delayMs: 300,
  answer: 'Declared slow, answered.',
  slow: true,
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ extraCommands: [slowpoke, declared] });
});

afterAll(async () => {
  await h?.close();
});

function command(subcommand: string, options: InteractionOptionInput[] = [], extra: { permissions?: string } = {}) {
  return h.discord.sendInteraction({ commandName: 'sitrep', subcommand, options, ...extra });
}

async function answer(subcommand: string, options: InteractionOptionInput[] = []) {
  const sent = command(subcommand, options);
  const callback = await sent.callback();
  return { sent, callback, data: callback.data as Json & { embeds?: Json[]; content?: string; flags?: number } };
}

describe('slash commands over the gateway', () => {
  it('registered /sitrep with subcommands, and /sitrep-admin, in the guild', () => {
    const registered = [...h.discord.commands.guilds.values()].flat();
    expect(registered.map((c) => c.name)).toEqual(['sitrep', 'sitrep-admin']);
    const subs = ((registered[0]?.options ?? []) as Json[]).map((o) => o.name);
    expect(subs).toEqual(expect.arrayContaining(['help', 'brief', 'actor', 'claims', 'timeline', 'slowpoke']));
  });

  it('/sitrep actor name:putin answers with Putin’s card as an ephemeral embed', async () => {
    const { callback, data } = await answer('actor', [{ name: 'name', value: 'putin' }]);
    expect(callback.type).toBe(4);
    expect(callback.elapsedMs).toBeLessThan(3000);
    expect(data.flags).toBe(64);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const embeds = data.embeds ?? [];
    expect(embeds[0]).toMatchObject({ title: 'Vladimir Putin' });
    expect(JSON.stringify(embeds)).toContain('President of Russia');
    expect(JSON.stringify(embeds)).toContain('source: An unnamed US official');
    expect(data.components).toEqual([
      {
        type: 1,
        components: [
          expect.objectContaining({
            type: 2,
            label: 'Share in channel',
            custom_id: 'sitrep:actor vladimir-putin share',
          }),
        ],
      },
    ]);
  });

  /** What Discord offers while `option` of `subcommand` is being typed. */
  async function offered(subcommand: string, option: string, typed: string) {
    const sent = h.discord.sendInteraction({
      type: 'autocomplete',
      commandName: 'sitrep',
      subcommand,
      options: [{ name: option, value: typed, focused: true }],
    });
    const callback = await sent.callback();
    expect(callback.type).toBe(8);
    expect(callback.elapsedMs).toBeLessThan(1000);
    const choices = (callback.data as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    return choices;
  }

  it('autocomplete for "pu" offers Putin, fast', async () => {
    const choices = await offered('actor', 'name', 'pu');
    expect(choices[0]).toMatchObject({ value: 'vladimir-putin' });
    expect(choices[0]?.name).toContain('Vladimir Putin');
  });

  it('autocomplete covers sources and search: "kir" offers Kirby; "armoured tra" the armoured-train claim', async () => {
    const sources = await offered('source', 'name', 'kir');
    expect(sources[0]).toEqual({ name: 'John Kirby, National Security Council spokesman (official)', value: 'kirby' });
    const searches = await offered('search', 'words', 'armoured tra');
    expect(searches[0]?.value).toMatch(/^Kim Jong Un might travel to Russia via an armoured train/);
    expect(searches[0]?.value.length).toBeLessThanOrEqual(100);
  });

  it('brief, claims, timeline and help answer usefully', async () => {
    const brief = await answer('brief', [{ name: 'tier', value: 'short' }]);
    expect(brief.data.flags).toBe(64);
    expect(brief.data.content).toContain("Kim Jong Un's expected visit to Russia");
    expect(brief.data.embeds?.map((e) => e.title)).toEqual(["Kim Jong Un's expected visit to Russia", 'Key claims']);

    const claims = await answer('claims', [
      { name: 'actor', value: 'kim' },
      { name: 'status', value: 'confirmed' },
    ]);
    expect(claims.data.embeds?.[0]?.title).toBe('Claims about Kim Jong Un with status confirmed');
    expect(String(claims.data.embeds?.[0]?.description)).toContain('🟢');

    const timeline = await answer('timeline');
    expect(timeline.data.embeds?.[0]?.title).toMatch(/^Timeline/);
    expect(String(timeline.data.embeds?.[0]?.description)).toMatch(/^• \*\*2019-04\*\*/);

    const help = await answer('help');
    const helpText = String(help.data.embeds?.[0]?.description);
    expect(help.data.embeds?.[0]?.title).toBe('Sitrep commands');
    expect(helpText).toContain('/sitrep actor <name>');
    expect(helpText).toContain('/sitrep brief');
  });

  it('a lookup that matches nothing gets a short, helpful answer', async () => {
    const { data } = await answer('actor', [{ name: 'name', value: 'zzzzqqq' }]);
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/^No actor matches "zzzzqqq"\./);
    expect(data.embeds?.[0]?.color).toBe(0xfee75c);
  });

  it('share:true answers in the channel (no ephemeral flag)', async () => {
    const { data } = await answer('actor', [
      { name: 'name', value: 'kim' },
      { name: 'share', value: true },
    ]);
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds?.[0]?.title).toBe('Kim Jong Un');
    expect(data.components ?? []).toEqual([]);
  });

  it('the Share button re-runs the lookup for the channel', async () => {
    const base = h.discord.buildInteraction({ commandName: 'sitrep' });
    const message = apiMessage(newMessage(String(base.channel_id), h.discord.botApiUser, { content: 'x' }));
    const sent = h.discord.sendInteraction({
      raw: {
        ...base,
        type: 3,
        message,
        data: { custom_id: 'sitrep:actor vladimir-putin share', component_type: 2 },
      },
    });
    const callback = await sent.callback();
    expect(callback.type).toBe(4);
    expect(callback.data?.flags ?? 0).toBe(0);
    expect(((callback.data?.embeds ?? []) as Json[])[0]).toMatchObject({ title: 'Vladimir Putin' });
  });

  it('a slow command is deferred within 3 s and then edited', async () => {
    const sent = command('slowpoke');
    const callback = await sent.callback();
    expect(callback.type).toBe(5);
    expect(callback.data).toMatchObject({ flags: 64 });
    expect(callback.elapsedMs).toBeLessThan(3000);
    expect(callback.elapsedMs).toBeGreaterThanOrEqual(2000);
    const edit = await sent.originalEdit(5000);
    expect(edit.body).toMatchObject({ content: 'Slowpoke finally answered.', allowed_mentions: { parse: [] } });
    expect(h.discord.interactions.get(sent.id)?.original).toMatchObject({ flags: 64 });
  });

  it('a command declared slow is deferred at once', async () => {
    const sent = command('declared-slow');
    const callback = await sent.callback();
    expect(callback.type).toBe(5);
    expect(callback.elapsedMs).toBeLessThan(300);
    const edit = await sent.originalEdit();
    expect(edit.body).toMatchObject({ content: 'Declared slow, answered.' });
  });

  it('after the stand-in drops the gateway connection, the next interaction is still answered', async () => {
    expect(h.adapter.isConnected()).toBe(true);
    await h.discord.dropConnection();
    const missed = command('actor', [{ name: 'name', value: 'shoigu' }]);
    await h.discord.waitForResume(1, 8000);
    expect((await missed.callback(8000)).type).toBe(4);

    await h.discord.dropConnection({ terminate: true });
    await h.discord.waitForResume(2, 8000);
    const next = command('actor', [{ name: 'name', value: 'putin' }]);
    const callback = await next.callback(5000);
    expect(callback.type).toBe(4);
    expect(((callback.data?.embeds ?? []) as Json[])[0]).toMatchObject({ title: 'Vladimir Putin' });
    expect(h.discord.identifyCount).toBe(1);
    await h.discord.waitFor(() => h.adapter.isConnected(), 3000, 'connected');
  }, 20_000);
});
