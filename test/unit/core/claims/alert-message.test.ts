import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiscordMessages } from '../../../../src/adapters/discord/render.js';
import { renderText } from '../../../../src/adapters/shell/render.js';
import { renderSlackMessages } from '../../../../src/adapters/slack/render.js';
import { alertMessage } from '../../../../src/core/claims/alert-message.js';
import { diffStories } from '../../../../src/core/claims/diff.js';
import { parseStory } from '../../../../src/core/story/load.js';
import type { Story } from '../../../../src/core/story/schema.js';
import { validateBlocks } from '../../../stand-ins/slack/blocks.js';
import { expectValidPayload } from '../../adapters/discord/validate.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/stories');
const base = readFileSync(path.join(FIXTURES, 'harbour-strike.yaml'), 'utf8');

function story(text: string): Story {
  const result = parseStory(text, 'harbour-strike.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.story;
}

const revision = { author: 'slack:U1', via: 'chat' as const, createdAt: new Date('2031-04-02T10:30:00Z') };

describe('alertMessage', () => {
  it('shows added and removed claims with their status and source, toned by status', () => {
    const before = story(base);
    const after = story(readFileSync(path.join(FIXTURES, 'harbour-strike.edited.yaml'), 'utf8'));
    const message = alertMessage(diffStories(before, after), { revision, before, after });
    expect(message.text).toBe("Dock workers' strike at Port Elling: 5 changes");
    expect(message.cards.map((c) => [c.title, c.tone])).toEqual([
      ['🟢 Claim updated: strike-from-monday', 'confirmed'],
      ['🟡 New claim: authority-seeks-injunction', 'reported'],
      ['🟡 Claim removed: ships-diverted', 'warning'],
      ['Other changes', 'info'],
    ]);
    expect(message.cards[0]?.blocks).toContainEqual({
      type: 'fields',
      fields: [
        { label: 'Status', value: '🟡 reported → 🟢 confirmed' },
        { label: 'Confidence', value: 'medium → high' },
        { label: 'Note', value: 'The union has not said how long the strike will last. → (none)' },
        { label: 'How it was put', value: 'hedged by the source' },
        { label: 'Source', value: "Statement by the Elling Dock Workers' Union" },
      ],
    });
    expect(message.cards[0]?.blocks).toContainEqual({
      type: 'context',
      content: ['Edited by slack:U1 in chat · 2031-04-02 10:30 UTC'],
    });
    expect(message.visibility).toBe('channel');
  });

  it('a claim whose wording alone changed still shows its status, its source and that it is hedged', () => {
    const before = story(base);
    const after = story(
      base.replace(
        'Dock workers will stop work at Port Elling from Monday, according to the union.',
        'Dock workers will stop work at Port Elling from Monday morning, according to the union.',
      ),
    );
    const message = alertMessage(diffStories(before, after), { revision, before, after });
    expect(message.cards).toHaveLength(1);
    expect(message.cards[0]?.blocks).toContainEqual({
      type: 'fields',
      fields: [
        { label: 'Status', value: '🟡 reported' },
        { label: 'How it was put', value: 'hedged by the source' },
        { label: 'Source', value: "Statement by the Elling Dock Workers' Union" },
      ],
    });
  });

  it('stays within ten cards however many claims change', () => {
    const before = story(base);
    let text = base;
    for (let i = 0; i < 12; i++) {
      text = text.replace(
        'claims:\n',
        `claims:\n  - id: extra-${i}\n    text: Extra claim ${i}.\n    about: [dock-union]\n    source: local-paper\n    status: reported\n`,
      );
    }
    const after = story(text);
    const message = alertMessage(diffStories(before, after), { revision, before, after });
    expect(message.cards).toHaveLength(9);
    expect(message.cards[8]?.title).toBe('4 more claim changes');
  });

  describe('notes go under a claim in an alert, as wherever claims are listed (issue 13)', () => {
    const NOTE = 'The union has not said how long the strike will last.';

    it('a claim whose status alone changed carries its unchanged note', () => {
      const before = story(base);
      const after = story(base.replace('    status: reported\n', '    status: confirmed\n'));
      const message = alertMessage(diffStories(before, after), { revision, before, after });
      const card = message.cards.find((c) => c.title?.endsWith('strike-from-monday'));
      expect(card?.blocks).toContainEqual({ type: 'context', content: [{ text: 'Note: ', style: 'bold' }, NOTE] });
      // Said once: not also as a changed field.
      expect(renderText(message).split(NOTE)).toHaveLength(2);
    });

    it('a changed note is shown once, before → after, not again under the claim', () => {
      const before = story(base);
      const after = story(base.replace(NOTE, 'The union says the strike will last a week.'));
      const message = alertMessage(diffStories(before, after), { revision, before, after });
      const text = renderText(message);
      expect(text).toContain(`Note: ${NOTE} → The union says the strike will last a week.`);
      expect(text.split(NOTE)).toHaveLength(2);
    });

    it('a removed claim keeps its note: it may say why the claim was doubtful', () => {
      const before = story(base);
      const after = story(base.replace(/ {2}- id: strike-from-monday\n[\s\S]*?(?= {2}- id: turnout-disputed)/, ''));
      const message = alertMessage(diffStories(before, after), { revision, before, after });
      const card = message.cards.find((c) => c.title?.endsWith('strike-from-monday'));
      expect(card?.title).toContain('Claim removed');
      expect(card?.blocks).toContainEqual({ type: 'context', content: [{ text: 'Note: ', style: 'bold' }, NOTE] });
    });

    it('past the eighth card, each listed claim still carries its note; 2,000-character notes fit both platforms', () => {
      const before = story(base);
      let text = base;
      // With "Note <i>. " in front, each note is just under the 2,000 characters a note may have.
      const caveat = 'Checked with two dock workers and the harbour office. ';
      const long = `A long caveat. ${caveat.repeat(40)}`.slice(0, 1985).trim();
      for (let i = 0; i < 12; i++) {
        text = text.replace(
          'claims:\n',
          `claims:\n  - id: extra-${i}\n    text: Extra claim ${i}.\n    about: [dock-union]\n    source: local-paper\n    status: reported\n    note: "Note ${i}. ${long}"\n`,
        );
      }
      const after = story(text);
      const message = alertMessage(diffStories(before, after), { revision, before, after });
      const overflow = message.cards[8];
      expect(overflow?.title).toBe('4 more claim changes');
      const shown = renderText({ ...message, cards: [overflow as NonNullable<typeof overflow>] });
      for (const i of [0, 1, 2, 3]) expect(shown).toContain(`Note: Note ${i}. A long caveat.`);
      for (const card of message.cards.slice(0, 8)) expect(renderText({ ...message, cards: [card] })).toContain(long);

      const discord = renderDiscordMessages(message);
      for (const payload of discord) expectValidPayload(payload);
      const slack = renderSlackMessages(message);
      for (const payload of slack) expect(validateBlocks(payload.blocks)).toEqual([]);
      // Every claim's note reaches each platform, the message split where a platform's limits need it.
      const discordText = JSON.stringify(discord);
      const slackText = JSON.stringify(slack);
      for (let i = 0; i < 12; i++) {
        expect(discordText).toContain(`Note ${i}.`);
        expect(slackText).toContain(`Note ${i}.`);
      }
    });
  });
});
