import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  formatProblem,
  listStoryFiles,
  loadStoryFile,
  parseStory,
  parseStoryPositioned,
} from '../../../../src/core/story/load.js';
import { YamlSource } from '../../../../src/core/yaml-source.js';
import { SHIPPED_STORY, SYNTHETIC_STORY } from '../commands/helpers.js';

/** A small valid story; tests break one line of it at a time. Line numbers are noted on the right. */
const MINIMAL = [
  'id: tiny', //                                        1
  'title: A tiny story', //                             2
  'summary:', //                                        3
  '  headline: Something happened.', //                 4
  '  short: Something happened, and then more.', //    5
  'sources:', //                                        6
  '  - id: wire', //                                    7
  '    name: A wire service', //                        8
  '    kind: media', //                                 9
  'actors:', //                                         10
  '  - id: ana', //                                     11
  '    name: Ana Lima', //                              12
  '    kind: person', //                                13
  'claims:', //                                         14
  '  - id: it-happened', //                             15
  '    text: Something happened.', //                  16
  '    about: [ana]', //                                17
  '    source: wire', //                                18
  '    status: reported', //                            19
  'timeline:', //                                       20
  '  - date: 2030', //                                  21
  '    text: It happened.', //                          22
  '    actors: [ana]', //                               23
].join('\n');

function edit(line: number, replacement: string, text = MINIMAL): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

function problemsOf(text: string, file = '/stories/tiny.yaml'): string[] {
  const result = parseStory(text, file);
  if (result.ok) return [];
  return result.problems.map(formatProblem);
}

describe('parseStory: valid files', () => {
  it('accepts the minimal story and fills defaults', () => {
    const result = parseStory(MINIMAL, '/stories/tiny.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.story.actors[0]?.aliases).toEqual([]);
    // One source id becomes a list of one; a bare year stays a date string.
    expect(result.story.claims[0]?.source).toEqual(['wire']);
    expect(result.story.timeline[0]?.date).toBe('2030');
    expect(result.source).toBe(MINIMAL);
  });

  it.each([
    ['the shipped story', SHIPPED_STORY],
    ['the synthetic story', SYNTHETIC_STORY],
  ])('accepts %s', async (_, file) => {
    const result = await loadStoryFile(file);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('accepts .yml as well as .yaml, the id matching the name without extension', () => {
    expect(problemsOf(MINIMAL, '/stories/tiny.yml')).toEqual([]);
  });
});

describe('parseStory: every problem, located at path:line:col', () => {
  it.each([
    [
      'unknown field',
      edit(13, '    kind: person\n    rol: Farmer'),
      ['/stories/tiny.yaml:14:5: unknown field "rol" in actors[0]'],
    ],
    [
      'dangling actor id',
      edit(17, '    about: [ana, bob]'),
      ['/stories/tiny.yaml:17:18: unknown actor "bob" (no actor with that id in this file)'],
    ],
    [
      'dangling source id',
      edit(18, '    source: [wire, agency]'),
      ['/stories/tiny.yaml:18:20: unknown source "agency" (no source with that id in this file)'],
    ],
    [
      'dangling affiliation',
      edit(13, '    kind: person\n    affiliation: nowhere'),
      ['/stories/tiny.yaml:14:18: unknown actor "nowhere" (no actor with that id in this file)'],
    ],
    [
      'dangling timeline actor',
      edit(23, '    actors: [ana, zed]'),
      ['/stories/tiny.yaml:23:19: unknown actor "zed" (no actor with that id in this file)'],
    ],
    [
      'file name not equal to the id',
      edit(1, 'id: small'),
      ['/stories/tiny.yaml:1:5: id "small" must equal the file name "tiny"'],
    ],
    [
      'id not a slug',
      edit(1, 'id: Tiny Story'),
      ['/stories/tiny.yaml:1:5: id: must be a lowercase slug like "kim-jong-un"'],
    ],
    [
      'headline too long',
      edit(4, `  headline: ${'x'.repeat(201)}`),
      ['/stories/tiny.yaml:4:13: summary.headline: must be at most 200 characters (it has 201)'],
    ],
    [
      'bad date',
      edit(21, '  - date: 5 May 2030'),
      ['/stories/tiny.yaml:21:11: timeline[0].date: must be YYYY, YYYY-MM or YYYY-MM-DD'],
    ],
    [
      'missing required text',
      edit(16, '    # no text'),
      ['/stories/tiny.yaml:15:5: claims[0].text: required field is missing'],
    ],
    [
      'a source URL that is not a web address (it is published and may be linked)',
      edit(9, '    kind: media\n    url: "javascript:alert(document.cookie)"'),
      ['/stories/tiny.yaml:10:10: sources[0].url: must be a web address starting with http:// or https://'],
    ],
    [
      'a right-to-left override, which would show the claim in chat in another order than reviewed',
      edit(16, '    text: "Kim \u202Edeineb\u202C the visit."'),
      [
        '/stories/tiny.yaml:16:11: claims[0].text: must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)',
      ],
    ],
    [
      'empty about',
      edit(17, '    about: []'),
      ['/stories/tiny.yaml:17:12: claims[0].about: must name at least one actor'],
    ],
  ])('%s', (_, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('duplicate ids point at the second one', () => {
    const text = edit(9, '    kind: media\n  - id: wire\n    name: Another wire\n    kind: media');
    expect(problemsOf(text)).toEqual(['/stories/tiny.yaml:10:9: duplicate sources id "wire"']);
  });

  it('a YAML slip is reported once, at its first error, not as a cascade', () => {
    // A tab as indentation makes the yaml parser report 20-odd errors on the following lines.
    const text = edit(16, '\ttext: Something happened.');
    expect(problemsOf(text)).toEqual(['/stories/tiny.yaml:16:1: YAML syntax: Tabs are not allowed as indentation']);
  });

  it('reports schema, reference and file-name problems of one file together, sorted by position', () => {
    let text = edit(1, 'id: other');
    text = edit(12, '    nam: Ana Lima', text);
    text = edit(17, '    about: [ana, bob]', text);
    text = edit(18, '    source: agency', text);
    text = edit(19, '    status: rumoured', text);
    expect(problemsOf(text).map((p) => p.replace(/: .*/, ''))).toEqual([
      '/stories/tiny.yaml:1:5',
      '/stories/tiny.yaml:11:5', // the actor lacks `name` (the map starts at `id`)…
      '/stories/tiny.yaml:12:5', // …and has the unknown `nam`
      '/stories/tiny.yaml:17:18',
      '/stories/tiny.yaml:18:13',
      '/stories/tiny.yaml:19:13',
    ]);
  });

  it('does not report a bad id twice (schema and reference at the same place)', () => {
    const text = edit(17, '    about: [Ana]');
    expect(problemsOf(text)).toEqual([
      '/stories/tiny.yaml:17:13: claims[0].about[0]: must be a lowercase slug like "kim-jong-un"',
    ]);
  });

  it('an empty file or a file that is not a map gets a problem, not an exception', () => {
    expect(problemsOf('')).toHaveLength(1);
    expect(problemsOf('- just\n- a list\n')).toHaveLength(1);
    expect(problemsOf('just a string')).toHaveLength(1);
  });
});

describe('parseStory: messages people can act on', () => {
  it('a bad enum value names the allowed values and the value', () => {
    expect(problemsOf(edit(19, '    status: rumoured'))).toEqual([
      '/stories/tiny.yaml:19:13: claims[0].status: must be one of reported | confirmed | disputed | denied | retracted | outdated, not "rumoured"',
    ]);
  });

  it('a claim with no source (one id or a list) is told the field is missing, not "Invalid input"', () => {
    const lines = MINIMAL.split('\n');
    const withoutSource = [...lines.slice(0, 17), ...lines.slice(18)].join('\n');
    expect(problemsOf(withoutSource)).toEqual([
      expect.stringMatching(/claims\[0\]\.source: required field is missing$/),
    ]);
  });

  it('a value of the wrong type is not called missing', () => {
    const [problem] = problemsOf(edit(12, '    name: 42'));
    expect(problem).toMatch(/^\/stories\/tiny\.yaml:12:11: actors\[0\]\.name: /);
    expect(problem).not.toContain('required field is missing');
  });

  it('a missing enum field is called missing', () => {
    expect(problemsOf(edit(19, '    # no status'))).toEqual([
      '/stories/tiny.yaml:15:5: claims[0].status: required field is missing',
    ]);
  });

  it('a missing enum field is at least located at its claim', () => {
    expect(problemsOf(edit(19, '    # no status'))[0]).toMatch(/^\/stories\/tiny\.yaml:15:5: claims\[0\]\.status: /);
  });
});

describe('loadStoryFile and listStoryFiles', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a missing file is a problem at 1:1, not an exception', async () => {
    const result = await loadStoryFile('/nowhere/none.yaml');
    expect(result).toEqual({
      ok: false,
      problems: [{ file: '/nowhere/none.yaml', line: 1, col: 1, message: 'file not found' }],
    });
  });

  it('lists .yaml and .yml files, sorted, skipping hidden and other files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-list-'));
    dirs.push(dir);
    for (const name of ['b.yaml', 'a.yml', '.hidden.yaml', 'notes.md', 'c.yaml.bak'])
      await writeFile(path.join(dir, name), '');
    expect((await listStoryFiles(dir)).map((f) => path.basename(f))).toEqual(['a.yml', 'b.yaml']);
  });

  it('keeps the exact source text of a valid file', async () => {
    const result = await loadStoryFile(SYNTHETIC_STORY);
    expect(result.ok && result.source).toBe(await readFile(SYNTHETIC_STORY, 'utf8'));
  });
});

describe('the fast path for valid files', () => {
  it.each([
    ['shipped', SHIPPED_STORY],
    ['synthetic', SYNTHETIC_STORY],
  ])('reads the %s story exactly as the positioned parser does', async (_name, file) => {
    const text = await readFile(file, 'utf8');
    const fast = parseStory(text, file);
    const positioned = parseStoryPositioned(text, file);
    expect(fast.ok && positioned.ok).toBe(true);
    if (fast.ok && positioned.ok) expect(fast.story).toEqual(positioned.story);
  });
});

describe('the positioned parser runs only to locate problems', () => {
  const withMarkdown = edit(
    5,
    '  short: Something happened, and then more.\n  full: |-\n    **The talks.** Both sides *say* so.\n    * a bullet\n    - another, with R&D and Q & A',
  );

  it('a valid story with Markdown bold, bullets and ampersands in its text never reaches it', () => {
    const positioned = vi.spyOn(YamlSource, 'parse');
    try {
      const result = parseStory(withMarkdown, '/stories/tiny.yaml');
      expect(result.ok).toBe(true);
      expect(positioned).not.toHaveBeenCalled();
    } finally {
      positioned.mockRestore();
    }
  });

  it('the shipped story never reaches it', async () => {
    const text = await readFile(SHIPPED_STORY, 'utf8');
    const positioned = vi.spyOn(YamlSource, 'parse');
    try {
      expect(parseStory(text, SHIPPED_STORY).ok).toBe(true);
      expect(positioned).not.toHaveBeenCalled();
    } finally {
      positioned.mockRestore();
    }
  });

  it('a file with an anchor goes to it, so its aliases are counted and bounded', () => {
    const anchored = edit(23, '    actors: &cast [ana]\n  - date: 2031\n    text: Again.\n    actors: *cast');
    const positioned = vi.spyOn(YamlSource, 'parse');
    try {
      expect(parseStory(anchored, '/stories/tiny.yaml').ok).toBe(true);
      expect(positioned).toHaveBeenCalledTimes(1);
    } finally {
      positioned.mockRestore();
    }
  });

  it('a file with a problem goes to it and is reported at its line', () => {
    const positioned = vi.spyOn(YamlSource, 'parse');
    try {
      expect(problemsOf(edit(19, '    status: rumoured'))[0]).toMatch(/^\/stories\/tiny\.yaml:19:\d+: .*rumoured/);
      expect(positioned).toHaveBeenCalledTimes(1);
    } finally {
      positioned.mockRestore();
    }
  });
});
