import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, SHIPPED_STORY, SYNTHETIC_STORY, type TestCore } from './helpers.js';

/**
 * Questions a journalist following a story asks, against the shipped story and against a second
 * story written for the tests: for each, the first thing the answer says (the notification line),
 * or that nothing matched. A change that makes any of them answer worse fails here.
 */

const NO_MATCH = /^(No (actor|source|actor or source) matches|Nothing matches)/;

const KIM: Array<[question: string, first: string | RegExp]> = [
  ['actor putin', 'Vladimir Putin: President of Russia'],
  ['actor the North Korean leader', 'Kim Jong Un: Leader of North Korea'],
  ['actor Kim Jong-un', 'Kim Jong Un: Leader of North Korea'],
  ['actor Kim Jong Il', /^No actor matches "Kim Jong Il"\. Did you mean Kim Jong Un\?/],
  ['actor NK', 'North Korea'],
  ['actor NSC', 'National Security Council'],
  ['actor united states', 'United States'],
  ['actor Kremlin', 'Russia'],
  ['actor defence minister', "Sergei Shoigu: Russia's Defence Minister"],
  ['actor Shoigo', "Sergei Shoigu: Russia's Defence Minister"],
  ['actor zelensky', NO_MATCH],
  ['actor john', 'Several actors match "john". Which one?'],
  ['claims kim speculative', '4 claims about Kim Jong Un, speculative'],
  ['claims russia reported hedged', '3 claims about Russia with status reported, hedged by the source'],
  ['claims putin high', '2 claims about Vladimir Putin, high confidence'],
  ['claims unconfirmed', '19 claims not confirmed'],
  ['claims confirmed', '3 claims with status confirmed'],
  ['claims everard', /^2 claims about or from John Everard/],
  ['claims media reports', '2 claims from Unnamed media reports (cited by the article)'],
  ['claims zelensky', NO_MATCH],
  ['sources', "8 sources in Kim Jong Un's expected visit to Russia"],
  ['source kirby', 'John Kirby, National Security Council spokesman (official): 1 claim'],
  ['source US official', 'An unnamed US official (official): 1 claim'],
  ['source reuters', NO_MATCH],
  ['search armoured train', /^\d+ results? for "armoured train"/],
  ['search artillery ammunition', /^\d+ results? for "artillery ammunition"/],
  ['search vladivostock', 'Nothing matches "vladivostock". Try /sitrep search vladivostok'],
  ['search hypersonic glide vehicle', NO_MATCH],
];

const RIO: Array<[question: string, first: string | RegExp]> = [
  ['actor José Álvarez', /^José Álvarez/],
  ['actor jose alvarez', /^José Álvarez/],
  ['actor the water minister', /^José Álvarez/],
  ['actor Alvarex', /^José Álvarez/],
  ['actor Alvarado', /^Josefa Alvarado/],
  ['actor santos', 'Several actors match "santos". Which one?'],
  ['actor lee', /^Anna Lee/],
  ['actor JA', NO_MATCH],
  ['claims kessra speculative', /^\d+ claims? about Kessra, speculative/],
  ['claims el diario', /^\d+ claims? from El Diario de Valdora/],
  ['claims alvarez unconfirmed', /^\d+ claims? about José Álvarez not confirmed/],
  ['source river wacth', /^River Watch \(an independent monitoring group\)/],
  ['source el diario', /^El Diario de Valdora/],
  ['search spillway report', /^\d+ results? for "spillway report"/],
  ['search compensation flooded land', /^\d+ results? for "compensation flooded land"/],
  ['search splilway', 'Nothing matches "splilway". Try /sitrep search spillway'],
];

/** The first hit of a search, by its text. */
const FIRST_HIT: Array<[story: 'kim' | 'rio', query: string, contains: string]> = [
  ['kim', 'armoured train', 'Kim Jong Un might travel to Russia via an armoured train'],
  ['kim', 'artillery ammunition', 'made overtures to Pyongyang to secure artillery ammunition'],
  ['kim', 'food assistance', 'more transactional than strategic'],
  ['rio', 'spillway report', "Anna Lee leaked River Watch's spillway report"],
  ['rio', 'compensation flooded land', 'paid compensation for flooded land'],
  ['rio', 'regional courts', 'take the dispute to the regional court'],
];

let kim: TestCore;
let rio: TestCore;
beforeAll(async () => {
  [kim, rio] = await Promise.all([openTestCore([SHIPPED_STORY]), openTestCore([SYNTHETIC_STORY])]);
});
afterAll(async () => {
  await Promise.all([kim.dispose(), rio.dispose()]);
});

function check(answer: string, first: string | RegExp): void {
  if (typeof first === 'string') expect(answer).toBe(first);
  else expect(answer).toMatch(first);
}

describe('golden questions: the shipped story', () => {
  it.each(KIM)('%s', async (question, first) => {
    check((await kim.handle(question)).text, first);
  });
});

describe('golden questions: a second story', () => {
  it.each(RIO)('%s', async (question, first) => {
    check((await rio.handle(question)).text, first);
  });
});

describe('golden searches: the best match first', () => {
  it.each(FIRST_HIT)('%s: search %s', async (story, query, contains) => {
    const text = await (story === 'kim' ? kim : rio).ask(`search ${query}`);
    expect(text.split('\n').find((l) => l.startsWith('  • '))).toContain(contains);
  });
});
