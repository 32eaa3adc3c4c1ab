import { beforeAll, describe, expect, it } from 'vitest';
import type { StoryView } from '../../../../src/core/story/catalog.js';
import { NameIndex } from '../../../../src/core/story/lookup.js';
import { normalizeName } from '../../../../src/core/story/normalize.js';
import { loadView, SHIPPED_STORY, SYNTHETIC_STORY } from '../commands/helpers.js';

function outcome(view: StoryView, query: string): string {
  const found = view.findActor(query);
  if (found.kind === 'found') return found.item.id;
  if (found.kind === 'ambiguous') return `ambiguous: ${found.candidates.map((a) => a.id).join(', ')}`;
  return 'none';
}

describe('normalizeName', () => {
  it.each([
    ['Pútin', 'putin'],
    ['PUTIN', 'putin'],
    ['José Álvarez', 'jose alvarez'],
    ['  the  North-Korean   Leader ', 'north korean leader'],
    ["Farmers' Cooperative", 'farmers cooperative'],
    ['Farmers’ Cooperative', 'farmers cooperative'],
    ['Søren Øster', 'soren oster'],
    ['Jürgen Weiß', 'jurgen weiss'],
    ['Łukasz Dvořák', 'lukasz dvorak'],
    ['Ｐｕｔｉｎ', 'putin'],
    ['', ''],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('actor lookup in the shipped story', () => {
  let view: StoryView;
  beforeAll(async () => {
    view = await loadView(SHIPPED_STORY);
  });

  it.each([
    ['putin', 'vladimir-putin'],
    ['Putin', 'vladimir-putin'],
    ['PUTIN', 'vladimir-putin'],
    ['Pútin', 'vladimir-putin'],
    ['Putn', 'vladimir-putin'], // a typo
    ['Vladimir Putn', 'vladimir-putin'],
    ['vladimir-putin', 'vladimir-putin'], // the id
    ['President Vladimir Putin', 'vladimir-putin'], // an alias
    // "kim" is Kim Jong Un's exact alias: it beats "the Kim Jong Un administration" (North Korean government).
    ['kim', 'kim-jong-un'],
    ['Kim', 'kim-jong-un'],
    ['North Korean leader', 'kim-jong-un'],
    ['the North Korean leader', 'kim-jong-un'],
    ['Pyongyang', 'north-korean-government'],
    ['Moscow', 'russia'],
    ['shoigu', 'sergei-shoigu'],
    ['Shoigo', 'sergei-shoigu'],
    ['kirby', 'john-kirby'],
    ['everard', 'john-everard'],
    ['White House', 'white-house'],
  ])('%j → %s', (query, expected) => {
    expect(outcome(view, query)).toBe(expected);
  });

  // Names the article and common usage give, listed as aliases in the story file.
  it.each([
    ['NK', 'north-korea'],
    ['DPRK', 'north-korea'],
    ['NSC', 'national-security-council'],
    ['US', 'united-states'],
    ['U.S.', 'united-states'],
    ['UK', 'united-kingdom'],
    ['Kremlin', 'russia'],
    ['Seoul', 'south-korea'],
    ['Kim Jong-un', 'kim-jong-un'],
    ['NSC spokesman', 'john-kirby'],
    ["Russia's Defence Minister", 'sergei-shoigu'],
    ['defence minister', 'sergei-shoigu'],
    ['former UK ambassador', 'john-everard'],
    ['the Kim Jong Un administration', 'north-korean-government'],
    ['whitehouse', 'white-house'],
  ])('%j → %s (an alias from the article or common usage)', (query, expected) => {
    expect(outcome(view, query)).toBe(expected);
  });

  it('"Kim Jong Il" is another person: no match, and Kim Jong Un is offered', () => {
    const found = view.findActor('Kim Jong Il');
    expect(found.kind).toBe('none');
    expect(found.kind === 'none' && found.suggestions.map((a) => a.id)[0]).toBe('kim-jong-un');
  });

  it.each(['Kim Jong', 'Jong Un'])(
    '%j, part of the name, offers Kim Jong Un first (and his administration)',
    (query) => {
      expect(outcome(view, query)).toBe('ambiguous: kim-jong-un, north-korean-government');
    },
  );

  it('"john" matches two people: a pick list', () => {
    expect(outcome(view, 'john')).toBe('ambiguous: john-kirby, john-everard');
  });

  it.each(['zelensky', 'xyzzy', '', '   ', '!!!'])('%j matches nobody', (query) => {
    expect(outcome(view, query)).toBe('none');
  });
});

describe('actor lookup in a second story with accents, aliases and namesakes', () => {
  let view: StoryView;
  beforeAll(async () => {
    view = await loadView(SYNTHETIC_STORY);
  });

  it.each([
    ['José Álvarez', 'jose-alvarez'],
    ['jose alvarez', 'jose-alvarez'], // no accents typed
    ['JOSE ALVAREZ', 'jose-alvarez'],
    ['Álvarez', 'jose-alvarez'], // alias
    ['alvarez', 'jose-alvarez'],
    ['the water minister', 'jose-alvarez'],
    ['water minister', 'jose-alvarez'],
    ['Alvarex', 'jose-alvarez'], // typo
    ['Jsoe Alvarez', 'jose-alvarez'], // typo in a two-word name
    ['jose', 'jose-alvarez'], // a whole word beats the prefix of "Josefa"
    ['Alvarado', 'josefa-alvarado'],
    ['Mrio Santos', 'mario-santos'],
    // "Lee" is Anna Lee's exact alias, so it beats "Lee Valley Farmers' Cooperative".
    ['lee', 'anna-lee'],
    ['Lee', 'anna-lee'],
    ['lee valley', 'lee-valley-farmers'],
    ['the cooperative', 'lee-valley-farmers'],
    ['Valdoran government', 'valdora-government'],
    ['kessra', 'kessra'],
  ])('%j → %s', (query, expected) => {
    expect(outcome(view, query)).toBe(expected);
  });

  it.each([
    ['santos', 'ambiguous: maria-santos, mario-santos'],
    ['alvar', 'ambiguous: jose-alvarez, josefa-alvarado'],
  ])('%j is ambiguous: %s', (query, expected) => {
    expect(outcome(view, query)).toBe(expected);
  });

  it('suggests close names when nothing matches', () => {
    expect(view.actors.search('santo', 3).map((a) => a.id)).toEqual(
      expect.arrayContaining(['maria-santos', 'mario-santos']),
    );
  });
});

describe('matching rules', () => {
  const index = new NameIndex([
    { id: 'united-kingdom', names: ['United Kingdom', 'UK'] },
    { id: 'north-korea', names: ['North Korea'] },
    { id: 'kim-jong-un', names: ['Kim Jong Un'] },
    { id: 'jose-alvarez', names: ['José Álvarez'] },
  ]);
  const id = (query: string) => {
    const found = index.find(query);
    return found.kind === 'found' ? found.item.id : found.kind;
  };

  it('a two- or three-letter query is never corrected: "NK" is not "UK"', () => {
    expect(id('UK')).toBe('united-kingdom');
    expect(id('NK')).toBe('none');
    expect(id('uk.')).toBe('united-kingdom');
    expect(id('UKR')).toBe('none');
  });

  it('a short query does not match the start of a longer name', () => {
    expect(id('nor')).toBe('none');
    expect(id('nort')).toBe('north-korea');
  });

  it('an abbreviation listed as an alias is found exactly', () => {
    const withAlias = new NameIndex([
      { id: 'united-kingdom', names: ['United Kingdom', 'UK'] },
      { id: 'north-korea', names: ['North Korea', 'NK'] },
    ]);
    expect(withAlias.find('nk')).toMatchObject({ kind: 'found', item: { id: 'north-korea' } });
  });

  it('a whole differing short word is not a typo: "Kim Jong Il" is not "Kim Jong Un"', () => {
    expect(id('Kim Jong Il')).toBe('none');
    expect(id('Kim Jong On')).toBe('none');
    expect(id('Kom Jong Un')).toBe('none'); // three letters: only exactly
    expect(id('Kim Jomg Un')).toBe('kim-jong-un'); // a slip inside a four-letter word is a typo
    expect(id('Kim Jng Un')).toBe('kim-jong-un'); // a dropped letter is forgiven, even in a short word
    const miss = index.find('Kim Jong Il');
    expect(miss.kind === 'none' && miss.suggestions.map((s) => s.id)).toEqual(['kim-jong-un']);
  });

  it('two letters swapped count as one slip', () => {
    expect(id('Jsoe Alvarez')).toBe('jose-alvarez');
    expect(id('Jose Alvaerz')).toBe('jose-alvarez');
  });

  it('search stays loose for autocomplete: short prefixes are offered', () => {
    expect(index.search('nor', 3).map((x) => x.id)).toEqual(['north-korea']);
  });
});

describe('NameIndex', () => {
  const people = [
    { id: 'ana-lima', names: ['Ana Lima', 'Lima'] },
    { id: 'ana-lima-2', names: ['Ana Lima'] },
    { id: 'bruno-lima', names: ['Bruno Lima'] },
    { id: 'carla', names: ['Carla Mendes'] },
  ];
  const index = new NameIndex(people);

  it('an exact name shared by two items is a pick list of those two', () => {
    const result = index.find('Ana Lima');
    expect(result.kind).toBe('ambiguous');
    expect(result.kind === 'ambiguous' && result.candidates.map((c) => c.id)).toEqual(['ana-lima', 'ana-lima-2']);
  });

  it('an exact alias held by one item wins over word matches', () => {
    expect(index.find('lima')).toEqual({ kind: 'found', item: people[0] });
  });

  it('finds by id, with or without hyphens', () => {
    expect(index.find('bruno-lima')).toEqual({ kind: 'found', item: people[2] });
    expect(index.find('bruno lima')).toEqual({ kind: 'found', item: people[2] });
  });

  it('respects the candidate limit', () => {
    const many = new NameIndex(Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, names: ['Same Name'] })));
    const result = many.find('same name', 5);
    expect(result.kind === 'ambiguous' && result.candidates).toHaveLength(5);
  });

  it('search lists everything for an empty query and best matches first otherwise', () => {
    expect(index.search('', 10)).toHaveLength(4);
    expect(index.search('carla')[0]?.id).toBe('carla');
  });

  it('survives hostile queries', () => {
    for (const query of ['\u0000', '💥'.repeat(500), 'a'.repeat(10_000), '\u202e', ' '.repeat(50)]) {
      expect(() => index.find(query)).not.toThrow();
      expect(() => index.search(query)).not.toThrow();
    }
  });
});
