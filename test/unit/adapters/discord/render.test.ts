import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown, packRuns } from '../../../../src/adapters/discord/markdown.js';
import { type DiscordPayload, renderDiscordMessages, TONE_COLOURS } from '../../../../src/adapters/discord/render.js';
import { type Core, createCore } from '../../../../src/compose.js';
import { buildBriefing, sortedTimeline } from '../../../../src/core/briefing/build.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { Card, OutgoingMessage } from '../../../../src/core/message.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { CLAIM_STATUSES, type Story, TIERS } from '../../../../src/core/story/schema.js';
import { ACTOR_LOOKUP } from '../../../../src/core/views/actor.js';
import { lookupMessage } from '../../../../src/core/views/lookup.js';
import { everyClaimMessage } from '../../../support/long-message.js';
import { expectValidPayload, isButton, isSelect, normalize, visibleText } from './validate.js';

let core: Core;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitrep-render-'));
  core = await createCore({
    briefingsDir: 'briefings',
    configDir: dir,
    databaseUrl: `file:${join(dir, 'x.db')}`,
    log: silentLogger,
  });
});

afterAll(async () => {
  await core?.close();
  await rm(dir, { recursive: true, force: true });
});

const caller = { platform: 'discord' as const, userId: '1', channel: 'discord:2' as const };
const ask = (text: string) => core.router.handle({ text, caller });

function expectAllValid(payloads: DiscordPayload[]): void {
  expect(payloads.length).toBeGreaterThan(0);
  for (const payload of payloads) expectValidPayload(payload);
}

/** A story far beyond anything real: 10,000 claims, long texts, a huge summary and timeline. */
function hugeStory(): Story {
  const word = (i: number) => `word${i % 97}`;
  const sentence = (n: number, seed: number) => Array.from({ length: n }, (_, i) => word(seed + i)).join(' ');
  const actors = Array.from({ length: 60 }, (_, i) => ({
    id: `actor-${i}`,
    name: `Actor ${i} ${'N'.repeat(i % 7)}`,
    kind: 'person' as const,
    aliases: [`A${i}`],
    role: `Role ${i}`,
    summary: sentence(40 + i, i),
  }));
  const sources = Array.from({ length: 8 }, (_, i) => ({
    id: `source-${i}`,
    name: `Source ${i} (${'*_~'.repeat(i)})`,
    kind: 'media' as const,
    url: `https://example.org/source/${i}`,
  }));
  const claims = Array.from({ length: 10_000 }, (_, i) => ({
    id: `claim-${i}`,
    // Mostly short, some of 1,000+ characters, one of 9,000 with no spaces at all.
    text:
      i === 4242
        ? `x${'y'.repeat(9000)}z`
        : `Claim ${i}: ${sentence(i % 50 === 0 ? 180 : 8 + (i % 17), i)} [${i}](https://evil.example/${i}) @everyone`,
    about: [`actor-${i % 60}`],
    source: [`source-${i % 8}`, ...(i % 3 === 0 ? [`source-${(i + 1) % 8}`] : [])],
    status: CLAIM_STATUSES[i % CLAIM_STATUSES.length] ?? 'reported',
    hedging: i % 2 ? ('hedged' as const) : undefined,
    confidence: i % 5 ? ('medium' as const) : undefined,
    note: i % 10 === 0 ? sentence(30, i) : undefined,
  }));
  const timeline = Array.from({ length: 800 }, (_, i) => ({
    date: `${2000 + (i % 24)}-0${1 + (i % 9)}`,
    text: sentence(20 + (i % 30), i),
    actors: [`actor-${i % 60}`],
  }));
  return {
    id: 'huge-story',
    title: `A very long story title ${'T'.repeat(300)}`,
    asOf: '2024-05-05',
    summary: {
      headline: 'A headline.',
      short: sentence(120, 3),
      full: [sentence(400, 1), sentence(3000, 2), sentence(50, 3)].join('\n\n'),
    },
    sources,
    actors,
    claims,
    timeline,
  } as Story;
}

describe('renderDiscordMessages: every payload passes discord.js validation', () => {
  it('help', async () => {
    const payloads = renderDiscordMessages(await ask('help'));
    expectAllValid(payloads);
    expect(payloads).toHaveLength(1);
    expect(payloads[0]?.embeds[0]?.title).toBe('Sitrep commands');
  });

  it('every actor card, every claim, claims and timeline of the shipped story', async () => {
    const view = core.catalog.resolve(undefined);
    for (const actor of view.story.actors) {
      const message = await ask(`actor ${actor.id}`);
      const payloads = renderDiscordMessages(message);
      expectAllValid(payloads);
      expect(payloads[0]?.embeds[0]?.title).toBe(escapeMarkdown(actor.name));
      const shown = visibleText(payloads);
      for (const claim of view.claimsByActor.get(actor.id) ?? []) expect(shown).toContain(normalize(claim.text));
    }
    for (const claim of view.story.claims) expectAllValid(renderDiscordMessages(await ask(`claim ${claim.id}`)));
    expectAllValid(renderDiscordMessages(await ask('claims')));
    expectAllValid(renderDiscordMessages(await ask('timeline')));
    expectAllValid(renderDiscordMessages(await ask('actors')));
  });

  it('briefings at every tier, nothing lost', () => {
    const view = core.catalog.resolve(undefined);
    for (const tier of TIERS) {
      const briefing = buildBriefing(view, { tier });
      const payloads = renderDiscordMessages(briefing);
      expectAllValid(payloads);
      const shown = visibleText(payloads);
      expect(shown).toContain(normalize(view.story.title));
      if (tier === 'full') for (const claim of view.story.claims) expect(shown).toContain(normalize(claim.text));
    }
  });

  it('every claim of a generated 10,000-claim story in one message: split, valid, nothing lost', () => {
    const story = hugeStory();
    const view = new StoryView(story, '');
    const started = Date.now();
    const briefing = everyClaimMessage(view);
    const payloads = renderDiscordMessages(briefing);
    const elapsed = Date.now() - started;
    expectAllValid(payloads);
    expect(payloads.length).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(8000);

    const shown = visibleText(payloads);
    // Everything is there, in reading order: the summary, every claim, every timeline event.
    let at = 0;
    const missing: string[] = [];
    const timeline = sortedTimeline(view).map((e) => e.text);
    for (const text of [story.summary.full ?? '', ...story.claims.map((c) => c.text), ...timeline]) {
      const found = shown.indexOf(normalize(text), at);
      if (found < 0) missing.push(text.slice(0, 80));
      else at = found;
    }
    expect(missing).toEqual([]);
    expect(shown.startsWith(normalize(story.title))).toBe(true);
    expect(/https?:\/\/evil|@everyone/.test(JSON.stringify(payloads))).toBe(false);
  });

  it('every tier of the huge story and an actor card with 170 claims', () => {
    const story = hugeStory();
    const view = new StoryView(story, '');
    for (const tier of ['headline', 'short'] as const)
      expectAllValid(renderDiscordMessages(buildBriefing(view, { tier })));
    const actor = view.actorById.get('actor-2');
    if (!actor) throw new Error('no actor');
    const payloads = renderDiscordMessages({
      ...lookupMessage(ACTOR_LOOKUP, actor, view, false),
      visibility: 'private',
    });
    expectAllValid(payloads);
    const claims = view.claimsByActor.get('actor-2') ?? [];
    expect(claims.length).toBeGreaterThan(160);
    const shown = visibleText(payloads);
    expect(claims.filter((c) => !shown.includes(normalize(c.text)))).toEqual([]);
    expect(payloads.at(-1)?.components?.[0]?.components[0]?.custom_id).toBe('sitrep:actor actor-2 share');
  });
});

function message(cards: Card[], text = 'Text'): OutgoingMessage {
  return { text, cards, visibility: 'channel' };
}

describe('limits are met by splitting', () => {
  it('content over 2,000 characters becomes several messages', () => {
    const text = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ');
    const payloads = renderDiscordMessages(message([{ title: 'T', blocks: [] }], text));
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expectValidPayload(p);
    expect(visibleText(payloads)).toContain(normalize(text));
    expect(payloads.at(-1)?.embeds[0]?.title).toBe('T');
  });

  it('a long title continues in the description; 40 fields spread over two embeds', () => {
    const title = 'x'.repeat(300);
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `F${i}`, value: `v${i}` }));
    const payloads = renderDiscordMessages(message([{ title, blocks: [{ type: 'fields', fields }], footer: 'foot' }]));
    for (const p of payloads) expectValidPayload(p);
    const embeds = payloads.flatMap((p) => p.embeds);
    expect(embeds[0]?.title?.length).toBeLessThanOrEqual(256);
    expect(embeds[0]?.title?.length).toBeGreaterThan(250);
    expect(`${embeds[0]?.title}${embeds[0]?.description}`).toBe(title);
    expect(embeds.flatMap((e) => e.fields ?? [])).toHaveLength(40);
    expect(embeds.at(-1)?.footer?.text).toBe('foot');
    expect(embeds.every((e) => e.color === TONE_COLOURS.info)).toBe(true);
  });

  it('a field value over 1,024 characters continues in another field', () => {
    const value = Array.from({ length: 400 }, (_, i) => `v${i}`).join(' ');
    const [payload] = renderDiscordMessages(
      message([{ blocks: [{ type: 'fields', fields: [{ label: 'Long', value }] }] }]),
    );
    expect(payload).toBeDefined();
    if (!payload) return;
    expectValidPayload(payload);
    const fields = payload.embeds[0]?.fields ?? [];
    expect(fields.length).toBeGreaterThan(1);
    expect(fields[1]?.name).toBe('Long \\(cont.\\)');
    expect(normalize(fields.map((f) => f.value).join(' '))).toBe(normalize(value));
  });

  it('more than 10 embeds or 6,000 characters open another message', () => {
    const cards: Card[] = Array.from({ length: 23 }, (_, i) => ({
      title: `Card ${i}`,
      tone: CLAIM_STATUSES[i % 6],
      blocks: [{ type: 'text', content: ['y'.repeat(i % 2 ? 100 : 2500)] }],
    }));
    const payloads = renderDiscordMessages(message(cards));
    for (const p of payloads) expectValidPayload(p);
    expect(payloads.flatMap((p) => p.embeds.map((e) => e.title))).toEqual(cards.map((c) => c.title));
    expect(payloads.flatMap((p) => p.embeds.map((e) => e.color))).toEqual(
      cards.map((c) => TONE_COLOURS[c.tone ?? 'info']),
    );
  });

  it('a word longer than an embed description is split without breaking an escape', () => {
    const word = '*_'.repeat(5000);
    const payloads = renderDiscordMessages(
      message([{ blocks: [{ type: 'text', content: [{ text: word, style: 'bold' }] }] }]),
    );
    for (const p of payloads) expectValidPayload(p);
    const descriptions = payloads.flatMap((p) => p.embeds.map((e) => e.description ?? ''));
    expect(descriptions.length).toBeGreaterThan(2);
    for (const d of descriptions) expect(d).toMatch(/^\*\*(\\[*_])+\*\*$/);
    expect(descriptions.join('').replace(/\*\*/g, '').replace(/\\/g, '')).toBe(word);
  });

  it('packRuns never exceeds its limit, whatever the input', () => {
    const inputs = [
      'a'.repeat(5000),
      `${'@everyone '.repeat(300)}`,
      `${'<@1> '.repeat(500)}`,
      '1.\n- x\n'.repeat(400),
      'https://a.b/'.repeat(300),
    ];
    for (const text of inputs) {
      for (const style of ['plain', 'bold', 'italic', 'code'] as const) {
        const pieces = packRuns([{ text, style }], 1000);
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(1000);
      }
    }
  });
});

describe('pick lists', () => {
  const choices = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ label: `Person ${i}`, detail: `Role ${i}`, value: `person-${i}` }));

  it('become one string select on a row of its own, carrying the command; the share button stays a button', () => {
    const payloads = renderDiscordMessages(
      message([
        {
          title: 'Which “kim”?',
          blocks: [
            { type: 'list', items: [['Person 0']] },
            {
              type: 'choices',
              placeholder: 'Which “kim”?',
              command: 'claims {choice} speculative',
              choices: choices(3),
            },
            { type: 'buttons', buttons: [{ label: 'Share in channel', command: 'claims kim share' }] },
          ],
        },
      ]),
    );
    for (const p of payloads) expectValidPayload(p);
    const rows = payloads[0]?.components ?? [];
    expect(rows).toHaveLength(2);
    const [select] = (rows[0]?.components ?? []).filter(isSelect);
    expect(select).toEqual({
      type: 3,
      custom_id: 'sitrep:claims {choice} speculative',
      placeholder: 'Which “kim”?',
      options: choices(3).map((c) => ({ label: c.label, value: c.value, description: c.detail })),
    });
    expect(rows[1]?.components.filter(isButton).map((b) => b.custom_id)).toEqual(['sitrep:claims kim share']);
  });

  it('keep within the menu limits: 25 options, long labels cut, a value too long left out', () => {
    const many = [...choices(30), { label: 'L'.repeat(150), value: 'x'.repeat(101) }];
    many[1] = { label: 'M'.repeat(150), detail: 'D'.repeat(150), value: 'person-1' };
    const payloads = renderDiscordMessages(
      message([
        { blocks: [{ type: 'choices', placeholder: 'P'.repeat(200), command: 'actor {choice}', choices: many }] },
      ]),
    );
    for (const p of payloads) expectValidPayload(p);
    const select = payloads[0]?.components?.[0]?.components.filter(isSelect)[0];
    expect(select?.options).toHaveLength(25);
    expect(select?.options[1]?.label).toHaveLength(100);
    expect(select?.options[1]?.description).toHaveLength(100);
    expect(select?.placeholder).toHaveLength(150);
  });

  it('whose command is too long for a custom_id become buttons, each with its whole command', () => {
    // 103 characters as a menu's custom_id; 96 once "{choice}" is the one-letter pick.
    const command = `claims {choice} ${'w'.repeat(80)}`;
    const picks = [
      { label: 'A', value: 'a' },
      { label: 'B', value: 'b' },
    ];
    const payloads = renderDiscordMessages(
      message([{ blocks: [{ type: 'choices', placeholder: 'Which?', command, choices: picks }] }]),
    );
    for (const p of payloads) expectValidPayload(p);
    const all = payloads.flatMap((p) => (p.components ?? []).flatMap((r) => r.components));
    expect(all.filter(isSelect)).toEqual([]);
    expect(all.filter(isButton).map((b) => b.custom_id)).toEqual([
      `sitrep:claims a ${'w'.repeat(80)}`,
      `sitrep:claims b ${'w'.repeat(80)}`,
    ]);
  });
});

describe('buttons', () => {
  it('become action rows of at most 5, at most 5 rows a message; long commands are dropped', () => {
    const buttons = Array.from({ length: 31 }, (_, i) => ({
      label: `Button ${i} ${'L'.repeat(i === 3 ? 100 : 0)}`,
      command: `actor a-${i}`,
    }));
    buttons.push({ label: 'Too long', command: `actor ${'z'.repeat(100)}` });
    buttons.push({ label: 'Duplicate', command: 'actor a-0' });
    const payloads = renderDiscordMessages(message([{ title: 'Pick', blocks: [{ type: 'buttons', buttons }] }]));
    for (const p of payloads) expectValidPayload(p);
    const all = payloads.flatMap((p) => (p.components ?? []).flatMap((r) => r.components)).filter(isButton);
    expect(all.map((b) => b.custom_id)).toEqual(buttons.slice(0, 31).map((b) => `sitrep:${b.command}`));
    expect(all[3]?.label).toHaveLength(80);
    expect(all[3]?.label?.endsWith('…')).toBe(true);
    expect(payloads[0]?.components).toHaveLength(5);
    expect(payloads[1]?.components).toHaveLength(2);
    expect(payloads[0]?.embeds[0]?.title).toBe('Pick');
  });

  it('a later card starts below the buttons of the one before', () => {
    const payloads = renderDiscordMessages(
      message([
        {
          title: 'One',
          blocks: [{ type: 'buttons', buttons: [{ label: 'Share', command: 'actor x share', style: 'primary' }] }],
        },
        { title: 'Two', blocks: [{ type: 'text', content: ['two'] }] },
      ]),
    );
    expect(payloads.map((p) => p.embeds.map((e) => e.title))).toEqual([['One'], ['Two']]);
    expect(payloads[0]?.components?.[0]?.components[0]).toMatchObject({ style: 1, custom_id: 'sitrep:actor x share' });
  });
});

describe('escaping', () => {
  it('escapes Markdown so text shows as typed', () => {
    expect(escapeMarkdown('*a* _b_ ~c~ `d` |e| >f #g [h](i) \\')).toBe(
      '\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\|e\\| \\>f \\#g \\[h\\]\\(i\\) \\\\',
    );
    expect(escapeMarkdown('- item\n+ more\n12. third\nnot - a list')).toBe(
      '\\- item\n\\+ more\n12\\. third\nnot - a list',
    );
  });

  it('breaks every mention and bare link with a zero-width space', () => {
    const out = escapeMarkdown('@everyone @here <@123> <@&123> <#123> <:e:1> <t:1> https://evil.example');
    expect(out).toBe(
      '@\u200Beveryone @\u200Bhere <\u200B@123\\> <\u200B@&123\\> <\u200B\\#123\\> <\u200B:e:1\\> <\u200Bt:1\\> https:\u200B//evil.example',
    );
    expect(out).not.toMatch(/@everyone|@here|<@|<#|:\/\//);
  });

  it('links come only from Span.url, and only http(s)', () => {
    const [payload] = renderDiscordMessages(
      message([
        {
          blocks: [
            {
              type: 'text',
              content: [
                { text: 'Source', url: 'https://example.org/a (b)' },
                ' ',
                { text: 'bad', url: 'javascript:alert(1)' },
                ' [x](https://evil.example)',
              ],
            },
          ],
        },
      ]),
    );
    expect(payload?.embeds[0]?.description).toBe(
      '[Source](https://example.org/a%20%28b%29) bad \\[x\\]\\(https:\u200B//evil.example\\)',
    );
  });

  it('styles never fuse: bold next to italic, italic context', () => {
    const [payload] = renderDiscordMessages(
      message([
        {
          blocks: [
            {
              type: 'context',
              content: [{ text: 'Note: ', style: 'bold' }, 'a *starred* note', { text: 'b', style: 'bold' }],
            },
          ],
        },
      ]),
    );
    expect(payload?.embeds[0]?.description).toBe('***Note:*** *a \\*starred\\* note*\u200B***b***');
  });
});
