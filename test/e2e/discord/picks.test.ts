// End to end: an ambiguous name answered with a select menu, and a pick from it answered with the
// card picked, through the real discord.js Client over the gateway and as signed HTTP
// interactions, against the Discord stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMessage, newMessage } from '../../stand-ins/discord/fixtures.js';
import type { InteractionOptionInput, Json } from '../../stand-ins/discord/server.js';
import { type Harness, startHarness } from './harness.js';

interface Select {
  type: number;
  custom_id: string;
  placeholder?: string;
  options: Array<{ label: string; value: string; description?: string }>;
}

type Reply = Json & { embeds?: Array<Json & { title?: string; description?: string }>; flags?: number };

const PICKER = { id: '1100000000000000077', username: 'picker', global_name: 'Picker' };

function selectsIn(data: Reply): Select[] {
  const rows = (data.components ?? []) as Array<{ components: Select[] }>;
  return rows.flatMap((r) => r.components).filter((c) => c.type === 3);
}

/** The pick list's menu: the one string select (component type 3) among the reply's rows. */
function selectOf(data: Reply): Select {
  const selects = selectsIn(data);
  expect(selects).toHaveLength(1);
  return selects[0] as Select;
}

describe.each([
  ['over the gateway', true],
  ['over HTTP', false],
])('an ambiguous name on Discord, %s', (_how, gateway) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ gateway });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A slash command; the first answer Discord got. */
  async function ask(subcommand: string, options: InteractionOptionInput[]): Promise<Reply> {
    if (gateway) {
      const callback = await h.discord.sendInteraction({ commandName: 'sitrep', subcommand, options }).callback();
      expect(callback.type).toBe(4);
      return callback.data as Reply;
    }
    const body = h.discord.buildInteraction({ commandName: 'sitrep', subcommand, options });
    const result = await h.discord.sendHttpInteraction(h.interactionsUrl, body, { privateKey: h.keys.privateKey });
    const reply = result.body as { type: number; data: Reply };
    expect(reply.type).toBe(4);
    return reply.data;
  }

  /** Someone else picks `value` from the menu on the (ephemeral) pick list message. */
  async function pick(list: Reply, select: Select, value: string): Promise<{ type: number; data: Reply }> {
    const base = h.discord.buildInteraction({ commandName: 'sitrep', user: PICKER });
    const message = apiMessage(newMessage(String(base.channel_id), h.discord.botApiUser, list, { flags: 64 }));
    const raw = {
      ...base,
      type: 3,
      message,
      data: { custom_id: select.custom_id, component_type: 3, values: [value] },
    };
    if (gateway) {
      const callback = await h.discord.sendInteraction({ raw }).callback();
      return { type: callback.type, data: callback.data as Reply };
    }
    const result = await h.discord.sendHttpInteraction(h.interactionsUrl, raw, { privateKey: h.keys.privateKey });
    return result.body as { type: number; data: Reply };
  }

  it('actor: the choices as a menu, privately; picking one answers with that card, privately', async () => {
    const list = await ask('actor', [{ name: 'name', value: 'john' }]);
    expect(list.flags).toBe(64);
    expect(list.content).toBe('Several actors match "john". Which one?');
    const select = selectOf(list);
    expect(select.custom_id).toBe('sitrep:actor {choice}');
    expect(select.options).toEqual([
      { label: 'John Kirby', value: 'john-kirby', description: 'National Security Council spokesman' },
      { label: 'John Everard', value: 'john-everard', description: 'Former UK ambassador to North Korea' },
    ]);
    const picked = await pick(list, select, 'john-everard');
    // The private pick list becomes the card picked (type 7 UPDATE_MESSAGE), its menu gone.
    expect(picked.type).toBe(7);
    expect(selectsIn(picked.data)).toEqual([]);
    expect(picked.data.embeds?.[0]?.title).toBe('John Everard');
    expect(picked.data.content).toBe('John Everard: Former UK ambassador to North Korea');
  });

  it('claims: the pick keeps the filters typed with the name', async () => {
    const list = await ask('claims', [
      { name: 'actor', value: 'john' },
      { name: 'hedging', value: 'speculative' },
    ]);
    expect(list.content).toBe('"john" matches several actors. Which one?');
    const select = selectOf(list);
    expect(select.custom_id).toBe('sitrep:claims {choice} speculative');
    const picked = await pick(list, select, 'john-everard');
    expect(picked.type).toBe(7);
    expect(picked.data.content).toMatch(/^\d+ claims? about or from John Everard, speculative$/);
    expect(picked.data.embeds?.[0]?.title).toBe('Claims about or from John Everard, speculative');
  });

  it('source: the choices as a menu; picking one answers with that source’s card', async () => {
    const list = await ask('source', [{ name: 'name', value: 'reports' }]);
    const select = selectOf(list);
    expect(select.custom_id).toBe('sitrep:source {choice}');
    expect(select.options.map((o) => o.value)).toEqual(['media-reports', 'armament-reports']);
    const picked = await pick(list, select, 'media-reports');
    expect(picked.type).toBe(7);
    // Markdown is escaped in titles: "\(" shows as "(".
    expect(picked.data.embeds?.[0]?.title).toBe('Unnamed media reports \\(cited by the article\\)');
    expect(picked.data.content).toMatch(/^Unnamed media reports .*\(media\\?\): \d+ claims?$/);
  });

  it('asked with share: the menu is in the channel, and the card picked is posted there', async () => {
    const list = await ask('actor', [
      { name: 'name', value: 'john' },
      { name: 'share', value: true },
    ]);
    expect(list.flags ?? 0).toBe(0);
    const select = selectOf(list);
    expect(select.custom_id).toBe('sitrep:actor {choice} share');
    const picked = await pick(list, select, 'john-kirby');
    expect(picked.type).toBe(4);
    expect(picked.data.flags ?? 0).toBe(0);
    expect(picked.data.embeds?.[0]?.title).toBe('John Kirby');
  });
});
