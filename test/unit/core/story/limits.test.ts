// Issue 11, items 2 and 6: parser limits on every YAML read, each refusal naming the field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/core/config/load.js';
import { formatProblem, loadStoryFile, parseStory } from '../../../../src/core/story/load.js';
import { STORY_LIMITS, storySchema } from '../../../../src/core/story/schema.js';
import { aliasBomb } from '../../../support/hostile-yaml.js';
import { generateStoryObject } from '../../../support/story-generator.js';

const TINY = [
  'id: tiny',
  'title: A tiny story',
  'summary:',
  '  headline: Something happened.',
  '  short: Something happened, and then more.',
  'sources:',
  '  - id: wire',
  '    name: A wire service',
  '    kind: media',
  'actors:',
  '  - id: ana',
  '    name: Ana Lima',
  '    kind: person',
  'claims:',
  '  - id: it-happened',
  '    text: Something happened.',
  '    about: [ana]',
  '    source: wire',
  '    status: reported',
  'timeline: []',
].join('\n');

const problems = (text: string, file = '/stories/tiny.yaml') => {
  const result = parseStory(text, file);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('YAML limits', () => {
  it('the alias bomb (ten lines, each referencing the previous nine times) is refused at once, where it starts', () => {
    const started = performance.now();
    expect(problems(`${TINY}\n${aliasBomb()}`)).toEqual([
      '/stories/tiny.yaml:22:10: aliases here expand too far; write the values out instead',
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('the same bomb in config/sitrep.yaml is refused too', () => {
    const result = parseConfig(`timezone: UTC\n${aliasBomb()}`, '/config/sitrep.yaml');
    expect(result.ok || result.problems.map(formatProblem)).toEqual([
      '/config/sitrep.yaml:3:10: aliases here expand too far; write the values out instead',
    ]);
  });

  it('more than 100 aliases are refused, naming the first one over', () => {
    const many = Array(101).fill('    - *who').join('\n');
    const text = TINY.replace('    about: [ana]', `    about: &who ana\n    note: x`).replace(
      'timeline: []',
      `timeline: []\nextra:\n  list:\n${many}`,
    );
    expect(problems(text)).toEqual([
      expect.stringMatching(/^\/stories\/tiny\.yaml:\d+:7: more than 100 aliases \(\*who\)/),
    ]);
  });

  it('nesting deeper than 32 is refused; nesting thousands deep never crashes the reader', () => {
    expect(problems(`${TINY}\nextra: ${'['.repeat(40)}${']'.repeat(40)}`)).toEqual([
      expect.stringMatching(/^\/stories\/tiny\.yaml:21:\d+: nested more than 32 deep$/),
    ]);
    expect(problems(`${TINY}\nextra: ${'['.repeat(20_000)}${']'.repeat(20_000)}`)).toEqual([
      expect.stringMatching(/^\/stories\/tiny\.yaml:\d+:\d+: nested more than 32 deep$/),
    ]);
  });

  it('a file over 8 MiB is refused before it is parsed', () => {
    const huge = TINY.replace('    status: reported', `    status: reported\n    note: ${'x'.repeat(9 * 1024 * 1024)}`);
    expect(problems(huge)).toEqual(['/stories/tiny.yaml:1:1: file is 9.0 MiB; files of at most 8.0 MiB are read']);
  });
});

describe('story limits name the field', () => {
  it('a 50 kB note is refused with the claim and field named', () => {
    const text = TINY.replace('    status: reported', `    status: reported\n    note: ${'n'.repeat(50_000)}`);
    expect(problems(text)).toEqual([
      '/stories/tiny.yaml:20:11: claims[0].note: must be at most 2000 characters (it has 50000)',
    ]);
  });

  it('claim text, titles and roles have their stated lengths', () => {
    const text = TINY.replace('    text: Something happened.', `    text: ${'t'.repeat(1001)}`)
      .replace('title: A tiny story', `title: ${'T'.repeat(201)}`)
      .replace('    kind: person', `    kind: person\n    role: ${'r'.repeat(201)}`);
    expect(problems(text)).toEqual([
      '/stories/tiny.yaml:2:8: title: must be at most 200 characters (it has 201)',
      '/stories/tiny.yaml:14:11: actors[0].role: must be at most 200 characters (it has 201)',
      '/stories/tiny.yaml:17:11: claims[0].text: must be at most 1000 characters (it has 1001)',
    ]);
  });

  it(`more than ${STORY_LIMITS.claims} claims are refused; ${STORY_LIMITS.claims} are not`, () => {
    const story = generateStoryObject({ actors: 5, claims: STORY_LIMITS.claims + 1, timeline: 1, seed: 3 });
    const over = storySchema.safeParse(story);
    expect(over.success || over.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      `claims: at most ${STORY_LIMITS.claims} entries (it has ${STORY_LIMITS.claims + 1})`,
    ]);
    expect(storySchema.safeParse({ ...story, claims: story.claims.slice(1) }).success).toBe(true);
  });

  it('a 50 MB story file (like one of 100,000 claims) is refused without being read', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-limits-'));
    try {
      const file = path.join(dir, 'huge.yaml');
      await writeFile(
        file,
        `${TINY.replace('id: tiny', 'id: huge')}
# ${'x'.repeat(50 * 1024 * 1024)}
`,
      );
      const result = await loadStoryFile(file);
      expect(result.ok || result.problems.map(formatProblem)).toEqual([
        `${file}:1:1: file is 50.0 MiB; files of at most 8.0 MiB are read`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
