import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, splitPositional, usage } from '../../../../src/core/commands/parse.js';
import { COMMANDS, validateCommands } from '../../../../src/core/commands/registry.js';
import { joinWords, tokenize } from '../../../../src/core/commands/tokenize.js';
import type { CommandDef } from '../../../../src/core/commands/types.js';
import { StoryCatalog } from '../../../../src/core/story/catalog.js';
import { loadStoryFile } from '../../../../src/core/story/load.js';
import { createRandom } from '../../../support/story-generator.js';
import { SHIPPED_STORY } from './helpers.js';

describe('tokenize', () => {
  it.each([
    ['actor putin', ['actor', 'putin']],
    ['  actor \t  putin  ', ['actor', 'putin']],
    ['actor "North Korean leader"', ['actor', 'North Korean leader']],
    ["actor 'North Korean leader'", ['actor', 'North Korean leader']],
    ['actor “North Korean leader”', ['actor', 'North Korean leader']], // chat clients curl quotes
    ['actor ‘North Korean leader’', ['actor', 'North Korean leader']],
    ['set c note="seen in Vladivostok" status=confirmed', ['set', 'c', 'note=seen in Vladivostok', 'status=confirmed']],
    ['set c note=“seen there”', ['set', 'c', 'note=seen there']],
    ["actor O'Brien", ['actor', "O'Brien"]], // an apostrophe inside a word is not a quote
    ['actor "kim jong', ['actor', 'kim jong']], // an unclosed quote runs to the end
    ['actor ""', ['actor', '']],
    ['', []],
    ['   ', []],
    ['a\u00a0b', ['a', 'b']], // no-break space separates words
    ['Jose\u0301', ['José']], // NFC: "e" + combining accent is one letter
  ])('%j → %j', (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it('joinWords quotes words back so tokenize gives them again (2,000 random word lists)', () => {
    const random = createRandom(42);
    const alphabet = ['a', 'Z', '9', 'é', 'ß', '=', ' ', "'", '‘', '’', '“', '”', '\t', '-', '日', '🙂', '/', ':'];
    for (let n = 0; n < 2000; n += 1) {
      const words = Array.from({ length: Math.floor(random() * 5) }, () =>
        Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
          '',
        ),
      );
      // A word holding a double quote cannot come back (tokenize has no escapes): leave those out.
      expect(tokenize(joinWords(words))).toEqual(words);
    }
  });
});

describe('parseCommand', () => {
  let catalog: StoryCatalog;
  let defs: Map<string, CommandDef>;
  beforeAll(async () => {
    catalog = new StoryCatalog();
    catalog.apply(SHIPPED_STORY, await loadStoryFile(SHIPPED_STORY));
    defs = validateCommands(COMMANDS);
  });
  const parse = (text: string) => parseCommand(text, defs, { catalog });

  it.each(['', '   ', 'help', 'HELP', '--help', '-h', '/sitrep', '/sitrep help', 'sitrep help'])(
    '%j asks for help',
    (text) => {
      expect(parse(text)).toEqual({ kind: 'help' });
    },
  );

  it('finds the command and its arguments, with or without the /sitrep prefix, in any case', () => {
    for (const text of [
      'actor putin',
      '/sitrep actor putin',
      'sitrep actor putin',
      'ACTOR putin',
      '/SITREP Actor putin',
    ]) {
      expect(parse(text)).toMatchObject({
        kind: 'command',
        def: { name: 'actor' },
        args: { name: 'putin' },
        share: false,
      });
    }
  });

  it('a rest option takes every remaining word', () => {
    expect(parse('actor North Korean leader')).toMatchObject({ args: { name: 'North Korean leader' } });
  });

  it('a trailing "share" asks to answer in the channel', () => {
    expect(parse('actor putin share')).toMatchObject({ kind: 'command', args: { name: 'putin' }, share: true });
    expect(parse('brief share')).toMatchObject({ kind: 'command', def: { name: 'brief' }, share: true });
  });

  it.each([
    ['claims', {}],
    ['claims putin', { actor: 'putin' }],
    ['claims putin reported', { actor: 'putin', status: 'reported' }],
    ['claims Kim Jong Un CONFIRMED', { actor: 'Kim Jong Un', status: 'confirmed' }],
    ['claims confirmed', { status: 'confirmed' }], // a status alone filters all claims
    ['brief', {}],
    ['brief full', { tier: 'full' }],
    ['brief kim-putin-summit', { story: 'kim-putin-summit' }],
    ['brief kim-putin-summit headline', { story: 'kim-putin-summit', tier: 'headline' }],
    ['claim kim-to-visit-russia', { id: 'kim-to-visit-russia' }],
  ])('%j → %j', (text, args) => {
    const parsed = parse(text);
    expect(parsed.kind).toBe('command');
    if (parsed.kind !== 'command') return;
    expect(Object.fromEntries(Object.entries(parsed.args).filter(([, v]) => v !== undefined))).toEqual(args);
  });

  it('an unknown subcommand is reported, with the nearest command when it is a typo', () => {
    expect(parse('actr putin')).toEqual({ kind: 'unknown', word: 'actr', suggestion: 'actor' });
    expect(parse('clams')).toEqual({ kind: 'unknown', word: 'clams', suggestion: 'claims' });
    expect(parse('weather today')).toEqual({ kind: 'unknown', word: 'weather' });
  });

  it('missing and unexpected arguments are invalid, with the reason', () => {
    expect(parse('actor')).toMatchObject({ kind: 'invalid', def: { name: 'actor' }, message: 'missing name' });
    expect(parse('actor ""')).toMatchObject({ kind: 'invalid', message: 'missing name' });
    expect(parse('claim')).toMatchObject({ kind: 'invalid', message: 'missing id' });
    expect(parse('brief full extra')).toMatchObject({ kind: 'invalid', message: 'unexpected "extra"' });
    expect(parse('timeline what ever')).toMatchObject({ kind: 'invalid', message: 'unexpected "what ever"' });
  });

  it('a required option with choices names the choices', () => {
    const def: CommandDef = {
      name: 'pick',
      description: 'Pick a colour',
      options: [{ name: 'colour', description: 'A colour', required: true, choices: ['red', 'blue'] }],
      examples: ['pick red'],
      run: () => ({ text: '', cards: [], visibility: 'private' }),
    };
    expect(splitPositional(['green'], def.options, { catalog })).toEqual({
      error: 'colour must be one of red, blue, not "green"',
    });
    expect(splitPositional(['RED'], def.options, { catalog })).toEqual({ colour: 'red' });
  });

  it('a required rest option keeps its one word even when it looks like a later choice', () => {
    const options = [
      { name: 'query', description: 'q', required: true, rest: true },
      { name: 'status', description: 's', choices: ['confirmed'] },
    ];
    expect(splitPositional(['confirmed'], options, { catalog })).toEqual({ query: 'confirmed' });
    expect(splitPositional(['x', 'confirmed'], options, { catalog })).toEqual({ query: 'x', status: 'confirmed' });
  });

  it('usage shows required and optional options', () => {
    expect(usage(defs.get('actor') as CommandDef)).toBe('/sitrep actor <name>');
    expect(usage(defs.get('claims') as CommandDef)).toBe('/sitrep claims [actor] [status] [hedging] [confidence]');
  });
});
