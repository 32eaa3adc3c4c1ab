import { describe, expect, it } from 'vitest';
import { readAttribution, sourceKind } from '../../../../src/core/proposals/attribution.js';
import { tag } from './helpers.js';

const attributed = (text: string) => readAttribution(tag(text).tokens);

describe('attribution rules', () => {
  it.each([
    ['Kim is reportedly set to travel to Russia, according to a US official.', 'US official', 'according to'],
    ['According to the defence ministry, the strike hit a depot.', 'defence ministry', 'according to'],
    [
      'National Security Council spokesman John Kirby revealed that Shoigu made overtures to Pyongyang.',
      'National Security Council spokesman John Kirby',
      'revealed',
    ],
    [
      'South Korea’s intelligence service reported that Sergei Shoigu proposed joint naval drills.',
      "South Korea's intelligence service",
      'reported',
    ],
    ['Everard also suggests that North Korea is likely to demand a steep price.', 'Everard', 'suggests'],
    ['The talks went well, the Kremlin said.', 'Kremlin', 'said'],
    ['The talks went well, said Dmitry Peskov.', 'Dmitry Peskov', 'said'],
    [
      'The meeting follows the White House’s recent announcement of progress in arms negotiations.',
      'White House',
      'announcement',
    ],
  ])('%s → %s', (text, name, cue) => {
    const a = attributed(text);
    expect(a).toMatchObject({ kind: 'source', name, cue, unnamed: false });
  });

  it('keeps an apposition as the speaker’s role, not as the speaker', () => {
    const a = attributed(
      'Meanwhile, John Everard, a former UK ambassador to North Korea, raises doubts about the meeting.',
    );
    expect(a).toMatchObject({
      kind: 'source',
      name: 'John Everard',
      role: 'former UK ambassador to North Korea',
      cue: 'raises',
    });
  });

  it('names unnamed reports as unnamed', () => {
    expect(attributed('Media reports suggest that the meeting might occur in Vladivostok.')).toMatchObject({
      name: 'Media reports',
      unnamed: true,
    });
    expect(
      attributed('Despite stockpiles of weapons, reports indicate that many armaments are in poor condition.'),
    ).toMatchObject({
      name: 'reports',
      unnamed: true,
    });
    expect(attributed('The leader is reportedly ill.')).toMatchObject({
      kind: 'source',
      unnamed: true,
      cue: 'reportedly',
    });
  });

  it('leaves a relative clause and plain statements to the article', () => {
    expect(
      attributed(
        'The summit was held at the cosmodrome rather than in Vladivostok, where media reports had suggested they might meet.',
      ).kind,
    ).toBe('article');
    expect(attributed('Ukrainian forces breached Russia’s first defensive line near Zaporizhzhia recently.').kind).toBe(
      'article',
    );
    expect(attributed('During Shoigu’s visit, North Korea showcased a range of weapons.').kind).toBe('article');
  });

  it('marks a pronoun speaker, to be resolved from the sentence before', () => {
    expect(attributed('He said the talks had failed.')).toMatchObject({ kind: 'source', pronoun: true });
  });

  it('tells kinds of sources apart by the words that name them', () => {
    expect(sourceKind('John Everard', 'former UK ambassador to North Korea')).toBe('analyst');
    expect(sourceKind("South Korea's intelligence service")).toBe('intelligence');
    expect(sourceKind('Kremlin and North Korean state media')).toBe('government');
    expect(sourceKind('Media reports')).toBe('media');
    expect(sourceKind('US official')).toBe('official');
    expect(sourceKind('Jane Doe')).toBe('other');
  });
});
