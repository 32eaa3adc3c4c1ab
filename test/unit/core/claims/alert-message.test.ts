import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../../../src/core/claims/alert-message.js';
import { diffStories } from '../../../../src/core/claims/diff.js';
import { parseStory } from '../../../../src/core/story/load.js';
import type { Story } from '../../../../src/core/story/schema.js';

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
});
