import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../../../src/core/commands/changes.js';
import type { Caller } from '../../../../src/core/ports.js';
import { johnChoices, openTestCore, SHIPPED_STORY, seen, type TestCore } from './helpers.js';

/** Issue 13: claims filters in any order, sources, search, changes, notes under listed claims. */

let kim: TestCore;
beforeAll(async () => {
  kim = await openTestCore([SHIPPED_STORY]);
});
afterAll(() => kim.dispose());

/** The answer's headline text to `line` is `text`. */
const expectHeadline = async (line: string, text: string) => {
  expect((await kim.handle(line)).text).toBe(text);
};

const claimIds = async (line: string) => {
  const answer = await kim.handle(line);
  return seen(answer);
};

describe('claims: filters in any order', () => {
  it.each([
    ['claims kim speculative', '4 claims about Kim Jong Un, speculative'],
    ['claims speculative kim', '4 claims about Kim Jong Un, speculative'],
    ['claims russia reported hedged', '3 claims about Russia with status reported, hedged by the source'],
    ['claims hedged russia reported', '3 claims about Russia with status reported, hedged by the source'],
    ['claims putin high', '2 claims about Vladimir Putin, high confidence'],
    ['claims unconfirmed', '19 claims not confirmed'],
    ['claims confirmed firm high', '2 claims with status confirmed, firm, high confidence'],
    ['claims us official', '1 claim from An unnamed US official'],
    ['claims kirby', '1 claim about or from John Kirby'],
    ['claims media reports speculative', '2 claims from Unnamed media reports (cited by the article), speculative'],
  ])('%s → %s', expectHeadline);

  it('unconfirmed lists every status but confirmed', async () => {
    const text = await claimIds('claims unconfirmed');
    expect(text).not.toContain('(confirmed ·');
    expect(text).toContain('(reported ·');
  });

  it('an ambiguous name is answered with the choices, a pick keeping the filters', async () => {
    const answer = await kim.handle('claims john speculative');
    expect(answer.text).toBe('"john" matches several actors. Which one?');
    expect(answer.cards[0]?.blocks).toContainEqual(johnChoices('claims {choice} speculative'));
    expect(seen(answer)).toContain('[John Kirby] → /sitrep claims john-kirby speculative');
  });

  it('an ambiguous name asked with share: the pick shares its answer too', async () => {
    const answer = await kim.handle('claims john hedged share');
    expect(answer.cards[0]?.blocks).toContainEqual(
      expect.objectContaining({ type: 'choices', command: 'claims {choice} hedged share' }),
    );
  });

  it('two values for one filter are refused plainly', async () => {
    expect((await kim.handle('claims reported confirmed')).text).toMatch(/^Two status filters/);
  });

  it('a misspelt filter word is pointed out, not looked up as a name', async () => {
    expect((await kim.handle('claims kim speculativ')).text).toBe(
      'No actor or source matches "kim speculativ". Did you mean the filter "speculative"?',
    );
  });

  it('the README’s own example answers', async () => {
    const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('claims kim speculative');
    expect((await kim.handle('claims kim speculative')).text).toMatch(/^\d+ claims about Kim Jong Un/);
  });
});

describe('who sees the answer: decided by the router, not by each command', () => {
  it.each(['sources', 'source kirby', 'search armoured train', 'changes since 7d', 'actors', 'actor putin'])(
    '%s: privately, and in the channel with share',
    async (line) => {
      const privately = await kim.handle(line);
      expect(privately.visibility).toBe('private');
      const shared = await kim.handle(`${line} share`);
      expect(shared.visibility).toBe('channel');
      expect(shared.text).toBe(privately.text);
    },
  );
});

describe('sources and source', () => {
  it('sources: each with its kind and how many claims rest on it, most first', async () => {
    const text = await kim.ask('sources');
    const lines = text.split('\n').filter((l) => l.startsWith('  • '));
    expect(lines[0]).toBe('  • The source article (unattributed) (media) · 13 claims');
    expect(lines).toContain('  • An unnamed US official (official) · 1 claim');
    expect(lines).toHaveLength(8);
  });

  it('sources <story>: the story named', async () => {
    expect((await kim.handle('sources kim-putin-summit')).text).toBe((await kim.handle('sources')).text);
    expect((await kim.handle('sources no-such-story')).text).toMatch(/^No story called "no-such-story"/);
  });

  it.each([
    ['source kirby', 'John Kirby, National Security Council spokesman (official): 1 claim'],
    ['source Kerby', 'John Kirby, National Security Council spokesman (official): 1 claim'],
    ['source US official', 'An unnamed US official (official): 1 claim'],
    ['source NIS', "South Korea's intelligence service (intelligence): 1 claim"],
    ['source the article', 'The source article (unattributed) (media): 13 claims'],
  ])('%s → %s', expectHeadline);

  it('source john: a pick list of both Johns', async () => {
    const answer = await kim.handle('source john');
    expect(answer.text).toBe('Several sources match "john". Which one?');
  });

  it('no match: says so and suggests', async () => {
    expect((await kim.handle('source reuters')).text).toMatch(/^No source matches "reuters"\./);
  });
});

describe('search', () => {
  it.each([
    ['search armoured train', 'kim-may-travel-by-armoured-train'],
    ['search ARMOURED TRAINS', 'kim-may-travel-by-armoured-train'],
    ['search artillery', 'National Security Council spokesman John Kirby said'],
    ['search solid propellant', 'believed to be North Korea'],
    ['search Zaporizhzhia', 'Ukrainian forces recently breached'],
    ['search Zapórizhzhia', 'Ukrainian forces recently breached'],
    ['search food assistance', 'more transactional than strategic'],
  ])('%s: the best match first', async (line, expected) => {
    const text = await kim.ask(line);
    const first = text.split('\n').find((l) => l.startsWith('  • ')) ?? '';
    if (expected.includes('-')) {
      const claim = (await kim.core.catalog.list()[0]?.claimById.get(expected))?.text.slice(0, 40) ?? '?';
      expect(first).toContain(claim);
    } else expect(first).toContain(expected);
  });

  it('a claim found by search carries its status and source', async () => {
    const first = (await kim.ask('search armoured train')).split('\n').find((l) => l.startsWith('  • '));
    expect(first).toMatch(/\(reported · speculative · .*source: The source article/);
  });

  it('notes are searched too', async () => {
    expect(await kim.ask('search who believes')).toContain('believed to be North Korea');
  });

  it('no hit: says so and suggests a nearer query', async () => {
    expect((await kim.handle('search vladivostock')).text).toBe(
      'Nothing matches "vladivostock". Try /sitrep search vladivostok',
    );
    expect((await kim.handle('search zelensky')).text).toMatch(/^Nothing matches "zelensky"\./);
  });
});

describe('notes under listed claims', () => {
  it('claims, actor cards and briefings show the note under its claim', async () => {
    for (const line of ['claims kim', 'actor kim', 'brief full']) {
      expect(await kim.ask(line), line).toContain(
        '↳ Note: He arrived by train for the April 2019 meeting in Vladivostok.',
      );
    }
  });
});

describe('changes: windows', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it.each([
    ['24h', '2026-03-09T12:00:00.000Z'],
    ['7d', '2026-03-03T12:00:00.000Z'],
    ['2w', '2026-02-24T12:00:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['yesterday', '2026-03-09T00:00:00.000Z'],
  ])('%s starts at %s', (text, iso) => {
    const since = parseSince(text, now);
    expect(since?.kind === 'instant' && since.at.toISOString()).toBe(iso);
  });

  it.each(['last-briefing', 'last briefing'])('%s is the channel’s last briefing', (text) => {
    expect(parseSince(text, now)).toEqual({ kind: 'last-briefing' });
  });

  it.each(['forever', 'tomorrowish', '2026-13-45'])('%s is refused', (text) => {
    expect(parseSince(text, now)).toBeUndefined();
  });
});

const NEWSROOM: Caller = { platform: 'slack', userId: 'UREADER', channel: 'slack:CNEWSROOM' };

describe('changes: from the stored revision history', () => {
  let h: TestCore;
  beforeAll(async () => {
    h = await openTestCore([SHIPPED_STORY]);
    const text = await readFile(SHIPPED_STORY, 'utf8');
    const hours = (n: number) => new Date(Date.now() - n * 3_600_000);
    const add = (content: string, createdAt: Date, author = 'file', via: 'file' | 'chat' = 'file') =>
      h.core.store.revisions.add({
        story: 'kim-putin-summit',
        hash: `${createdAt.getTime()}`,
        content,
        author,
        via,
        createdAt,
      });
    await add(text, hours(72));
    const confirmed = text.replace(
      /(- id: kim-to-visit-russia[\s\S]*?status: )reported/,
      (_, head: string) => `${head}confirmed`,
    );
    const briefed = await add(confirmed, hours(30), 'slack:UEDITOR', 'chat');
    // The newsroom channel was briefed on that version, 20 hours ago.
    const deliveries = h.core.store.deliveries;
    await deliveries.claim(
      {
        id: 'newsroom-briefing',
        kind: 'briefing',
        channel: NEWSROOM.channel,
        story: 'kim-putin-summit',
        revisionId: briefed.id,
        dueAt: hours(20),
      },
      'test',
      60_000,
    );
    await deliveries.markSent('newsroom-briefing', 'test', 'm-1', hours(20));
    const noted = confirmed.replace(
      'note: No official location has been given.',
      'note: Vladivostok port seen being prepared.',
    );
    await add(noted, hours(2), 'slack:UEDITOR', 'chat');
  });
  afterAll(() => h.dispose());

  it('changes (the last 24h): only the note edited two hours ago, before → after', async () => {
    const answer = await h.handle('changes');
    expect(answer.text).toBe('1 claim change in the last 24h');
    const text = seen(answer);
    expect(text).toContain('meeting-in-vladivostok');
    expect(text).toContain('No official location has been given. → Vladivostok port seen being prepared.');
    expect(text).not.toContain('kim-to-visit-russia');
    expect(text).toContain('1 revision, by slack:UEDITOR (chat)');
  });

  it('changes since 7d: both, the status change shown as alerts show it', async () => {
    const answer = await h.handle('changes since 7d');
    expect(answer.text).toBe('2 claim changes in the last 7d');
    expect(seen(answer)).toMatch(/kim-to-visit-russia: .*status: 🟡 reported → 🟢 confirmed/);
  });

  it('changes since 1h: none', async () => {
    expect((await h.handle('changes since 1h')).text).toBe('No changes in the last 1h');
  });

  it('changes since last-briefing, in a channel that never had one, says so', async () => {
    expect((await h.handle('changes since last-briefing')).text).toMatch(/no briefing of this story yet/);
  });

  it('changes since last-briefing: what changed since the version this channel was briefed on', async () => {
    const answer = await h.handle('changes since last-briefing', NEWSROOM);
    expect(answer.text).toMatch(/^1 claim change since this channel's last briefing \(/);
    const text = seen(answer);
    expect(text).toContain('No official location has been given. → Vladivostok port seen being prepared.');
    expect(text).not.toContain('kim-to-visit-russia');
  });

  it('changes <story> since <window>: the story named first', async () => {
    expect((await h.handle('changes kim-putin-summit since 7d')).text).toBe('2 claim changes in the last 7d');
    expect((await h.handle('changes kim-putin-summit')).text).toBe('1 claim change in the last 24h');
  });

  it('a window it does not know is refused with examples', async () => {
    expect((await h.handle('changes since forever')).text).toMatch(/Try 24h, 7d, 2023-09-05 or last-briefing/);
  });
});

describe('several stories: a name exact in one is not taken for a near name in another', () => {
  /** A small story with one actor who is also a source. */
  const storyFile = (id: string, actorId: string, name: string) =>
    [
      `id: ${id}`,
      `title: Story ${id}`,
      'summary:',
      '  headline: Something happened.',
      '  short: Something happened, and then more.',
      'sources:',
      `  - id: ${actorId}-said`,
      `    name: ${name} herself`,
      '    kind: other',
      'actors:',
      `  - id: ${actorId}`,
      `    name: ${name}`,
      '    kind: person',
      'claims:',
      `  - id: ${id}-claim`,
      `    text: ${name} said something in ${id}.`,
      `    about: [${actorId}]`,
      `    source: ${actorId}-said`,
      '    status: reported',
      'timeline:',
      '  - date: 2030',
      '    text: It happened.',
      '',
    ].join('\n');
  let dir: string;
  let two: TestCore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-two-stories-'));
    // "a-story" is listed first; its "Ana Lima Senior" holds every word of "Ana Lima".
    const a = path.join(dir, 'a-story.yaml');
    const b = path.join(dir, 'b-story.yaml');
    await writeFile(a, storyFile('a-story', 'ana-lima-senior', 'Ana Lima Senior'));
    await writeFile(b, storyFile('b-story', 'ana-lima', 'Ana Lima'));
    two = await openTestCore([a, b]);
    expect(two.core.contentProblems).toEqual([]);
  });
  afterAll(async () => {
    await two.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['actor ana-lima', 'actor Ana Lima'])('%s is the second story’s Ana Lima', async (line) => {
    expect((await two.handle(line)).text).toBe('Ana Lima');
  });

  it('claims and source too', async () => {
    expect((await two.handle('claims ana-lima')).text).toBe('1 claim about Ana Lima');
    expect((await two.handle('source ana lima herself')).text).toBe('Ana Lima herself (other): 1 claim');
  });

  it('a near name still finds the first story’s actor when no story has it exactly', async () => {
    expect((await two.handle('actor ana lima seniro')).text).toBe('Ana Lima Senior');
  });
});
