// End to end: story text written to ping or to disguise a link reaches Discord as inert text,
// in command answers (gateway and HTTP) and in posted briefings.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing } from '../../../src/core/briefing/build.js';
import type { Json } from '../../stand-ins/discord/server.js';
import { briefingsWith, type Harness, shownText, startHarness } from './harness.js';

const HOSTILE = '@everyone @here <@&123> <@456> <#789> [x](https://evil.example/steal) **bold** ||spoiler||';

const STORY = `
id: hostile-story
title: "Leak @everyone <@&123> [x](https://evil.example/t)"
asOf: "2024-01-02"
summary:
  headline: "Headline @here <@456> [x](https://evil.example/h)"
  short: "${HOSTILE}"
  full: |
    # Heading @everyone
    - list item <#789>
    > quote [x](https://evil.example/f) https://evil.example/bare
sources:
  - id: wire
    name: "Wire @everyone [y](https://evil.example/s)"
    kind: media
    url: https://example.org/wire
actors:
  - id: mallory
    name: "Mallory @here"
    kind: person
    aliases: ["<@&123>"]
    role: "Role [x](https://evil.example/r)"
    summary: "${HOSTILE}"
claims:
  - id: ping-claim
    text: "${HOSTILE}"
    about: [mallory]
    source: wire
    status: reported
    hedging: hedged
    note: "Note @everyone <@&123> [x](https://evil.example/n)"
timeline:
  - date: "2024-01-01"
    text: "${HOSTILE}"
    actors: [mallory]
`;

let h: Harness;
let briefings: string;

beforeAll(async () => {
  briefings = await briefingsWith({ 'hostile-story.yaml': STORY });
  h = await startHarness({ briefingsDir: briefings });
  expect(h.core.contentProblems).toEqual([]);
});

afterAll(async () => {
  await h?.close();
  await rm(briefings, { recursive: true, force: true });
});

/** Nothing in what Discord is sent can ping, mention or link anywhere but a source's url. */
function expectInert(payload: unknown): void {
  const text = shownText(payload);
  expect(text).not.toMatch(/@(everyone|here)/i);
  expect(text).not.toMatch(/<[@#]/);
  expect(text).not.toMatch(/https?:\/\/evil/);
  for (const match of text.matchAll(/(?<!\\)\]\(/g)) {
    expect(text.slice((match.index ?? 0) + 2)).toMatch(/^https:\/\/example\.org\/wire\)/);
  }
  expect(JSON.stringify(payload)).toContain('"allowed_mentions":{"parse":[]}');
}

describe('story text cannot ping or disguise a link', () => {
  it('in an actor card, a claim, the timeline and every briefing tier over the gateway', async () => {
    const asks = [
      { subcommand: 'actor', options: [{ name: 'name', value: 'mallory' }] },
      { subcommand: 'claim', options: [{ name: 'id', value: 'ping-claim' }] },
      { subcommand: 'timeline', options: [] },
      { subcommand: 'claims', options: [] },
      ...['headline', 'short', 'full'].map((tier) => ({
        subcommand: 'brief',
        options: [{ name: 'tier', value: tier }],
      })),
    ];
    for (const ask of asks) {
      const sent = h.discord.sendInteraction({ commandName: 'sitrep', ...ask });
      const callback = await sent.callback();
      expect(callback.type).toBe(4);
      expectInert(callback.data);
    }
    // The text itself is all there, escaped: Markdown shows as typed.
    const actor = h.discord.callbacks.find((c) => JSON.stringify(c.data).includes('Mallory'));
    const shown = shownText(actor?.data);
    expect(shown).toContain('\\*\\*bold\\*\\*');
    expect(shown).toContain('\\|\\|spoiler\\|\\|');
    expect(shown).toContain('\\[x\\]\\(https:\u200B//evil.example/steal\\)');
    expect(shown).toContain('@\u200Beveryone');
    expect(shown).toContain('<\u200B@&123>');
  });

  it('the only link is the source url, in the claim card', async () => {
    const sent = h.discord.sendInteraction({
      commandName: 'sitrep',
      subcommand: 'claim',
      options: [{ name: 'id', value: 'ping-claim' }],
    });
    const text = shownText((await sent.callback()).data);
    expect(text).toMatch(
      /\[Wire @\u200Beveryone \\\[y\\\]\\\(https:\u200B\/\/evil\.example\/s\\\)\]\(https:\/\/example\.org\/wire\)/,
    );
  });

  it('over HTTP interactions too', async () => {
    const body = h.discord.buildInteraction({
      commandName: 'sitrep',
      subcommand: 'actor',
      options: [{ name: 'name', value: 'mallory' }],
    });
    const result = await h.discord.sendHttpInteraction(h.interactionsUrl, body, { privateKey: h.keys.privateKey });
    expect((result.body as Json).type).toBe(4);
    expectInert(result.body);
  });

  it('in posted briefings, as stored by Discord', async () => {
    const view = h.core.catalog.resolve(undefined);
    for (const tier of ['headline', 'short', 'full'] as const) {
      const channel = `14100000000000000${tier.length}`;
      const result = await h.adapter.post(`discord:${channel}`, buildBriefing(view, { tier }), `hostile-${tier}`);
      expect(result.ok).toBe(true);
      for (const message of h.discord.messagesIn(channel)) {
        expect(message.allowed_mentions).toEqual({ parse: [] });
        expectInert({ content: message.content, embeds: message.embeds, allowed_mentions: message.allowed_mentions });
      }
    }
  });
});
