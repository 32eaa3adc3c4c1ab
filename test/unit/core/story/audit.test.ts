import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../../../src/cli/validate.js';
import type { StoryView } from '../../../../src/core/story/catalog.js';
import { firmButHedged, hedgeWordIn } from '../../../../src/core/story/hedges.js';
import { loadView, ROOT, SHIPPED_STORY, SYNTHETIC_STORY } from '../commands/helpers.js';

/**
 * The shipped story read against its article (../shared/story/kim-putin-article.txt), and the
 * rule its header states: `confirmed` only for what the article states as established fact in its
 * own voice, never for what it repeats from reports or states next to a hedge.
 */
describe('the shipped story follows its own rule for confirmed', () => {
  let kim: StoryView;
  beforeAll(async () => {
    kim = await loadView(SHIPPED_STORY);
  });

  it('the header writes the rule down', async () => {
    const text = await readFile(SHIPPED_STORY, 'utf8');
    expect(text).toMatch(/`confirmed` only when the article states it as established fact in its own\s*#\s*voice/);
  });

  it('every confirmed claim is firm, carries no hedge word and rests on the article or a named authority', () => {
    const confirmed = kim.story.claims.filter((c) => c.status === 'confirmed');
    expect(confirmed.map((c) => c.id)).toEqual([
      'last-met-april-2019',
      'hwasong-showcased',
      'ukraine-breached-first-defensive-line',
    ]);
    for (const claim of confirmed) {
      expect(claim.hedging, claim.id).toBe('firm');
      expect(hedgeWordIn(claim.text), claim.id).toBeUndefined();
      expect(claim.source, claim.id).toEqual(['article']);
    }
  });

  it('the advance team, given right after "Media reports suggest", stays reported and says so', () => {
    const claim = kim.claimById.get('advance-team-travelled');
    expect(claim).toMatchObject({ status: 'reported', hedging: 'hedged' });
    expect(claim?.note).toMatch(/Media reports suggest/);
  });

  it('the security caveat is the article’s, not Everard’s', () => {
    const claim = kim.claimById.get('kim-may-cancel-over-security');
    expect(claim?.source).toEqual(['article']);
    expect(claim?.about).toEqual(['kim-jong-un']);
  });

  it('"the exact purpose and location of the meeting remain undisclosed" is a claim', () => {
    expect(kim.claimById.get('purpose-and-location-undisclosed')?.text).toMatch(/purpose and location/);
  });

  it('the White House announcement and Kirby’s account rest on separate sources', () => {
    expect(kim.claimById.get('white-house-arms-talks-progress')?.source).toEqual(['white-house']);
    expect(kim.claimById.get('shoigu-sought-artillery-ammunition')?.source).toEqual(['kirby']);
  });

  it('no firm claim in the shipped or the test story carries a hedge word', async () => {
    expect(firmButHedged(kim.story)).toEqual([]);
    expect(firmButHedged((await loadView(SYNTHETIC_STORY)).story)).toEqual([]);
  });
});

describe('hedge words', () => {
  it.each([
    ['Kim might travel by train.', 'might'],
    ['He is reportedly ill.', 'reportedly'],
    ['It could happen.', 'could'],
    ['According to an official, it happened.', 'According to'],
    ['Reports suggest a deal.', 'suggest'],
    ['She suggested a deal.', 'suggested'],
    ['It is believed to be new.', 'believed to'],
  ])('%j has %j', (text, word) => {
    expect(hedgeWordIn(text)).toBe(word);
  });

  it.each(['The summit took place in May.', 'Couldron is a town.', 'He said it happened.'])('%j has none', (text) => {
    expect(hedgeWordIn(text)).toBeUndefined();
  });
});

/**
 * `sitrep validate` on the shipped story with `pattern` changed to `value` (which must change it):
 * the file, the line `marker` (first after `claimId`) is on, and the result.
 */
async function validateEdited(pattern: RegExp, value: string, claimId: string, marker: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-hedge-'));
  try {
    await mkdir(path.join(dir, 'briefings'));
    const shipped = await readFile(SHIPPED_STORY, 'utf8');
    const edited = shipped.replace(pattern, (_, head: string) => `${head}${value}`);
    expect(edited).not.toBe(shipped);
    const file = path.join(dir, 'briefings', 'kim-putin-summit.yaml');
    await writeFile(file, edited);
    const line = edited.slice(0, edited.indexOf(marker, edited.indexOf(claimId))).split('\n').length;
    const result = await runValidate({ briefings: path.join(dir, 'briefings'), config: path.join(ROOT, 'config') });
    return { file, line, result };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('sitrep validate warns on a claim that may overstate its source', () => {
  it('a firm claim that hedges: a warning at its hedging line, and still exit 0', async () => {
    // The Vladivostok claim says "suggest" and "might": marked firm, it overstates its source.
    const { file, line, result } = await validateEdited(
      /(- id: meeting-in-vladivostok[\s\S]*?hedging: )speculative/,
      'firm',
      'meeting-in-vladivostok',
      'hedging: firm',
    );
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toEqual([
      `${file}:${line}:14: warning: claim "meeting-in-vladivostok" says "suggest" but its hedging is firm (hedged or speculative?)`,
      '1 story file valid (1 warning)',
    ]);
  });

  it('a confirmed claim its source hedged: a warning at its status line', async () => {
    // A US official's "reportedly": confirming it from the same source overstates it.
    const { file, line, result } = await validateEdited(
      /(- id: kim-to-visit-russia[\s\S]*?status: )reported/,
      'confirmed',
      'kim-to-visit-russia',
      'status: confirmed',
    );
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toEqual([
      `${file}:${line}:13: warning: claim "kim-to-visit-russia" is confirmed but its hedging is hedged (confirmed only when its source states it as fact or a confirming source is named)`,
      '1 story file valid (1 warning)',
    ]);
  });

  it('the shipped story has no warnings', async () => {
    const result = await runValidate({ briefings: path.join(ROOT, 'briefings'), config: path.join(ROOT, 'config') });
    expect(result).toEqual({ exitCode: 0, output: '1 story file valid' });
  });
});
