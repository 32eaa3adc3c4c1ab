import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateEdit } from '../../../../src/core/claims/edit-values.js';
import { parseChanges } from '../../../../src/core/commands/set.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { parseStory } from '../../../../src/core/story/load.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/stories');
const text = readFileSync(path.join(FIXTURES, 'harbour-strike.yaml'), 'utf8');
const parsed = parseStory(text, 'harbour-strike.yaml');
if (!parsed.ok) throw new Error('fixture invalid');
const view = new StoryView(parsed.story, text);
const claim = view.claimById.get('strike-from-monday')!;

describe('validateEdit', () => {
  it('accepts enums case-insensitively, source ids or names, and actor names for about', () => {
    const edit = validateEdit(
      { status: 'Confirmed', source: 'union-statement, The Elling Courier', about: 'the union, Lind', hedging: 'none' },
      claim,
      view,
    );
    expect(edit.problems).toEqual([]);
    expect(edit.patch).toEqual({
      status: 'confirmed',
      source: ['union-statement', 'local-paper'],
      about: ['dock-union', 'maria-lind'],
      hedging: null,
    });
    expect(edit.changed).toEqual(['status', 'source', 'about', 'hedging']);
  });

  it('reports every problem at once, with suggestions', () => {
    const edit = validateEdit(
      { status: 'confimred', confidence: 'huge', source: 'courier-x', text: '  ', stauts: 'x' },
      claim,
      view,
    );
    expect(edit.problems).toEqual([
      'status must be one of reported, confirmed, disputed, denied, retracted, outdated, not "confimred". Did you mean confirmed?',
      'confidence must be one of low, medium, high, not "huge".',
      'Unknown source "courier-x". Sources in this story: union-statement, authority-spokesperson, local-paper.',
      'text must not be empty.',
      'Unknown field "stauts". Did you mean status? You can set: status, confidence, hedging, text, source, about, note.',
    ]);
  });

  it('knows when nothing would change', () => {
    expect(validateEdit({ status: 'reported', source: 'union-statement' }, claim, view).changed).toEqual([]);
  });
});

describe('parseChanges', () => {
  it('reads quoted values, and lets unquoted words continue the previous value', () => {
    expect(parseChanges('status=confirmed note="Seen at the gates" text=Workers walked out')).toEqual({
      status: 'confirmed',
      note: 'Seen at the gates',
      text: 'Workers walked out',
    });
  });

  it('refuses words before any field and fields given twice', () => {
    expect(() => parseChanges('confirmed')).toThrow(/Expected field=value/);
    expect(() => parseChanges('status=confirmed status=denied')).toThrow(/given twice/);
  });
});
