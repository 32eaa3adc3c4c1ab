import { describe, expect, it } from 'vitest';
import { firmerThan, readHedging } from '../../../../src/core/proposals/hedging.js';

/** Sentence shapes from news copy, each with how firmly it puts what it says. */
const CASES: Array<[string, 'firm' | 'hedged' | 'speculative', string[]]> = [
  // hedged: attributed or qualified
  [
    'Kim Jong Un is reportedly set to travel to Russia this month, according to a US official.',
    'hedged',
    ['reportedly', 'according to'],
  ],
  [
    'The Hwasong ICBM, which is believed to be the country’s first solid-fuel missile, was shown.',
    'hedged',
    ['is believed to'],
  ],
  [
    'This team included security officers, strongly indicating the imminent occurrence of the meeting.',
    'hedged',
    ['indicating'],
  ],
  [
    'Despite stockpiles of weapons, reports indicate that many of its armaments are in poor condition.',
    'hedged',
    ['indicate'],
  ],
  ['Everard also suggests that North Korea is likely to demand a steep price.', 'hedged', ['suggests', 'likely']],
  ['The minister is expected to resign next week.', 'hedged', ['is expected to']],
  ['The convoy appears to have crossed the border overnight.', 'hedged', ['appears to']],
  ['The group claims that it shot down two drones.', 'hedged', ['claims that']],
  // speculative: a possibility
  ['Media reports suggest that the meeting might occur in Vladivostok.', 'speculative', ['suggest', 'might']],
  ['The agenda could revolve around weapons for Russia.', 'speculative', ['could']],
  ['The agreement may be more transactional than strategic.', 'speculative', ['may']],
  ['Russia would potentially supply weapons to North Korea.', 'speculative', ['potentially']],
  ['Perhaps the talks will resume in spring.', 'speculative', ['perhaps']],
  // firm
  ['National Security Council spokesman John Kirby revealed that Shoigu sought artillery ammunition.', 'firm', []],
  ['Ukrainian forces breached Russia’s first defensive line near Zaporizhzhia.', 'firm', []],
  ['South Korea’s intelligence service reported that Shoigu proposed joint naval drills.', 'firm', []],
  ['The two leaders last met in May 2019 in Vladivostok.', 'firm', []],
  ['The court said on Tuesday it had ruled against the ministry.', 'firm', []],
];

describe('hedging rules', () => {
  it.each(CASES)('%s → %s', (sentence, level, cues) => {
    const reading = readHedging(sentence);
    expect(reading.hedging).toBe(level);
    expect(reading.cues).toEqual(cues);
  });

  it('reads May the month as no hedge, May at the start of a dated sentence too', () => {
    expect(readHedging('The talks were held in May 2019.').hedging).toBe('firm');
    expect(readHedging('May 2019 saw the first summit.').hedging).toBe('firm');
    expect(readHedging('Talks may resume.').hedging).toBe('speculative');
  });

  it('orders firmness: firm over hedged over speculative', () => {
    expect(firmerThan('firm', 'hedged')).toBe(true);
    expect(firmerThan('hedged', 'speculative')).toBe(true);
    expect(firmerThan('speculative', 'hedged')).toBe(false);
    expect(firmerThan('hedged', 'hedged')).toBe(false);
  });
});
