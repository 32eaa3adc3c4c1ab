import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/core/commands/parse.js';
import type { OutgoingMessage } from '../../../../src/core/message.js';
import { createRandom } from '../../../support/story-generator.js';
import { openTestCore, SHIPPED_STORY, STACK_FRAME, SYNTHETIC_STORY, type TestCore } from './helpers.js';

/**
 * Property: whatever is typed after /sitrep, the parser returns a result and the router returns an
 * answer with text, and nothing fails unexpectedly (the router logs every unexpected failure).
 */

const WORDS = [
  'actor',
  'actors',
  'claims',
  'claim',
  'brief',
  'timeline',
  'help',
  'share',
  'schedule',
  'add',
  'list',
  'remove',
  'track',
  'untrack',
  'tracking',
  'set',
  'why',
  'putin',
  'kim',
  'Álvarez',
  'santos',
  'headline',
  'short',
  'full',
  'reported',
  'confirmed',
  'status=confirmed',
  'note="x y"',
  'kim-putin-summit',
  'rio-claro-dam',
  '/sitrep',
  'sitrep',
  'daily',
  '09:00',
  '* * * * *',
  'Europe/London',
  'story',
  '--help',
  '-h',
  '=',
  '==',
  '"',
  "'",
  '“',
  '”',
  '‘',
  '’',
];

const ODD_CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\\',
  '"',
  "'",
  '“',
  '”',
  '‘',
  '’',
  '`',
  '=',
  ':',
  '/',
  '<',
  '>',
  '@',
  '#',
  '&',
  '%',
  '*',
  '_',
  '~',
  '|',
  '{',
  '}',
  '[',
  ']',
  'é',
  'e\u0301',
  'ß',
  'ø',
  'İ',
  'ﬁ',
  'Ⅻ',
  '日本',
  '한국어',
  'العربية',
  'עברית',
  '🙂',
  '👩🏽‍🚀',
  '\ud800',
  '\udfff',
  '\u{1F1FA}\u{1F1F8}',
  '@everyone',
  '<!channel>',
  '<@U123>',
  '$'.concat('{x}'),
  '%s',
  '__proto__',
  'constructor',
  'toString',
];

/** Random command text: command-like word salad, raw unicode, or something very long. */
function randomText(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const shape = random();
  if (shape < 0.45) {
    const count = Math.floor(random() * 6);
    return Array.from({ length: count }, () => (random() < 0.8 ? pick(WORDS) : pick(ODD_CHARS))).join(
      random() < 0.9 ? ' ' : pick(ODD_CHARS),
    );
  }
  if (shape < 0.8) {
    const length = Math.floor(random() * 40);
    return Array.from({ length }, () =>
      random() < 0.5 ? pick(ODD_CHARS) : String.fromCodePoint(Math.floor(random() * 0x2ffff)),
    ).join('');
  }
  if (shape < 0.97) {
    // Any code unit at all, lone surrogates included.
    return Array.from({ length: Math.floor(random() * 30) }, () =>
      String.fromCharCode(Math.floor(random() * 0x10000)),
    ).join('');
  }
  const unit = `${pick(WORDS)} ${pick(ODD_CHARS)}`;
  return `${pick(['actor ', 'claims ', 'brief ', ''])}${unit.repeat(500 + Math.floor(random() * 3_000))}`;
}

function expectAnswer(answer: OutgoingMessage, input: string): void {
  const where = `for input ${JSON.stringify(input.slice(0, 200))}`;
  expect(typeof answer.text, where).toBe('string');
  expect(answer.text.trim().length, where).toBeGreaterThan(0);
  expect(Array.isArray(answer.cards), where).toBe(true);
  expect(['private', 'channel'], where).toContain(answer.visibility);
  expect(answer.text, where).not.toMatch(STACK_FRAME);
}

describe('the parser never throws', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = await openTestCore([SHIPPED_STORY]);
  });
  afterAll(() => core.dispose());

  it('on 5,000 random inputs', () => {
    const random = createRandom(2024);
    const kinds = new Set<string>();
    const threw: Array<{ input: string; error: string }> = [];
    for (let n = 0; n < 5_000; n += 1) {
      const text = randomText(random);
      try {
        kinds.add(parseCommand(text, core.core.router.commands, { catalog: core.core.catalog }).kind);
      } catch (error) {
        threw.push({ input: text.slice(0, 200), error: String(error) });
      }
    }
    expect(threw).toEqual([]);
    // The inputs reach every outcome, so the property is not vacuous.
    expect([...kinds].sort()).toEqual(['command', 'help', 'invalid', 'unknown']);
  });
});

describe('the router answers everything', () => {
  let single: TestCore;
  let double: TestCore;
  beforeAll(async () => {
    [single, double] = await Promise.all([
      openTestCore([SHIPPED_STORY]),
      openTestCore([SHIPPED_STORY, SYNTHETIC_STORY]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([single.dispose(), double.dispose()]);
  });

  /** `count` random inputs (from `seed`) each get an answer with text, and the core logs no error. */
  async function expectRandomInputsAnswered(core: TestCore, seed: number, count: number): Promise<void> {
    const random = createRandom(seed);
    for (let n = 0; n < count; n += 1) {
      const text = randomText(random);
      expectAnswer(await core.handle(text), text);
    }
    expect(core.log.errors).toEqual([]);
  }

  it('2,000 random inputs with one story loaded: every answer has text, and nothing fails unexpectedly', async () => {
    await expectRandomInputsAnswered(single, 7, 2_000);
  });

  it('500 random inputs with two stories loaded', async () => {
    await expectRandomInputsAnswered(double, 8, 500);
  });

  it('random typed-option invocations (as Discord sends them) get answers too', async () => {
    const random = createRandom(9);
    const names = [...single.core.router.commands.keys(), 'help', 'nope', ''];
    for (let n = 0; n < 500; n += 1) {
      const name = names[Math.floor(random() * names.length)] as string;
      const args: Record<string, string | undefined> = {};
      for (const key of ['name', 'actor', 'status', 'story', 'tier', 'id', 'share']) {
        if (random() < 0.5) args[key] = random() < 0.5 ? randomText(random) : undefined;
      }
      const answer = await single.core.router.handle({
        text: '',
        caller: { platform: 'discord', userId: '1', channel: 'discord:2' },
        invocation: { name, args },
      });
      expectAnswer(answer, `${name} ${JSON.stringify(args)}`);
    }
    expect(single.log.errors).toEqual([]);
  });
});
