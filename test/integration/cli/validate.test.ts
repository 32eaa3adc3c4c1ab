import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/validate.js';
import { ROOT, type RunResult, runSitrep } from './spawn.js';

/**
 * `sitrep validate`: exit 0 on the shipped story; exit 1 with one `path:line:col: message` line
 * per problem on broken copies of it, never a stack trace. The fixtures in test/fixtures/broken/
 * are copies of briefings/kim-putin-summit.yaml with one kind of mistake each (line numbers match
 * the shipped file; each one's `id` is its file name, so only the intended problem is reported).
 */

const BROKEN = 'test/fixtures/broken';
const STACK_FRAME = /^\s+at .+/m;

const ENUM = 'must be one of reported | confirmed | disputed | denied | retracted | outdated';

/** Exactly what validate prints for each fixture (path relative to the repository root, as typed). */
const EXPECTED: Record<string, Array<[line: number, col: number, message: RegExp | string]>> = {
  'unknown-field': [[187, 5, 'unknown field "rol" in actors[4]']],
  'dangling-actor': [[309, 26, 'unknown actor "vladimir-puttin" (no actor with that id in this file)']],
  'dangling-source': [[310, 13, 'unknown source "us-oficial" (no source with that id in this file)']],
  'duplicate-id': [[315, 9, 'duplicate claims id "kim-to-visit-russia"']],
  'bad-enum': [[311, 13, `claims[0].status: ${ENUM}, not "rumoured"`]],
  'file-name-mismatch': [[33, 5, 'id "kim-putin-summit" must equal the file name "file-name-mismatch"']],
  // One unclosed bracket on line 309 is one problem; yaml notices it where the next key starts.
  'yaml-syntax': [
    [310, 5, 'YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ],
  // The claim that lacks `status` starts at line 305 (`- id: kim-to-visit-russia`). The message
  // should say the field is missing: see the known bug in test/unit/core/story/load.test.ts.
  'missing-field': [[305, 5, /^claims\[0\]\.status: /]],
  'several-problems': [
    [33, 5, 'id "kim-putin-summit" must equal the file name "several-problems"'],
    [187, 5, 'unknown field "rol" in actors[4]'],
    [309, 26, 'unknown actor "vladimir-puttin" (no actor with that id in this file)'],
    [311, 13, `claims[0].status: ${ENUM}, not "rumoured"`],
    [315, 9, 'duplicate claims id "kim-to-visit-russia"'],
    [320, 13, 'unknown source "media-report" (no source with that id in this file)'],
    [325, 5, /^claims\[2\]\.status: /],
  ],
};

function expectLines(
  output: string,
  fixture: string,
  expected: (typeof EXPECTED)[string],
  prefix = `${BROKEN}/`,
): void {
  const lines = output.split('\n').filter((line) => line.startsWith(`${prefix}${fixture}.yaml:`));
  expect(lines, fixture).toHaveLength(expected.length);
  expected.forEach(([line, col, message], i) => {
    const head = `${prefix}${fixture}.yaml:${line}:${col}: `;
    const actual = lines[i] ?? '';
    expect(actual.startsWith(head), `${fixture}: expected ${head}… got ${actual}`).toBe(true);
    if (typeof message === 'string') expect(actual.slice(head.length)).toBe(message);
    else expect(actual.slice(head.length)).toMatch(message);
  });
}

describe('the fixtures are the shipped story with one change', () => {
  it('each differs from briefings/kim-putin-summit.yaml only on its header, id and broken lines', async () => {
    const shipped = (await readFile(path.join(ROOT, 'briefings/kim-putin-summit.yaml'), 'utf8')).split('\n');
    for (const fixture of Object.keys(EXPECTED)) {
      const lines = (await readFile(path.join(ROOT, BROKEN, `${fixture}.yaml`), 'utf8')).split('\n');
      expect(lines.length, fixture).toBe(shipped.length);
      const changed = lines
        .flatMap((line, i) => (line === shipped[i] ? [] : [i + 1]))
        .filter((n) => n !== 1 && n !== 33);
      const expectedLines = {
        'unknown-field': [187],
        'dangling-actor': [309],
        'dangling-source': [310],
        'duplicate-id': [315],
        'bad-enum': [311],
        'file-name-mismatch': [],
        'yaml-syntax': [309],
        'missing-field': [311],
        'several-problems': [187, 309, 311, 315, 320, 331],
      }[fixture];
      expect(changed, fixture).toEqual(expectedLines);
    }
  });
});

describe('runValidate on each broken copy alone', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-validate-'));
    await mkdir(path.join(dir, 'config'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(Object.entries(EXPECTED))(
    '%s: exit 1, one line per problem at the exact line:col',
    async (fixture, expected) => {
      const briefings = path.join(dir, fixture);
      await mkdir(briefings);
      await copyFile(path.join(ROOT, BROKEN, `${fixture}.yaml`), path.join(briefings, `${fixture}.yaml`));
      const result = await runValidate({ briefings, config: path.join(dir, 'config') });
      expect(result.exitCode).toBe(1);
      expect(result.output.split('\n')).toHaveLength(expected.length);
      expectLines(result.output, fixture, expected, `${briefings}/`);
      expect(result.output).not.toMatch(STACK_FRAME);
    },
  );

  it('a missing briefings directory is one problem, not a crash', async () => {
    const missing = path.join(dir, 'nope');
    expect(await runValidate({ briefings: missing, config: path.join(dir, 'config') })).toEqual({
      exitCode: 1,
      output: `${missing}:1:1: briefings directory not found`,
    });
  });

  it('an empty directory is valid (0 story files)', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    expect(await runValidate({ briefings: empty, config: path.join(dir, 'config') })).toEqual({
      exitCode: 0,
      output: '0 story files valid',
    });
  });
});

describe('npx sitrep validate (the real binary)', () => {
  let shipped: RunResult;
  let broken: RunResult;
  beforeAll(async () => {
    // Both at once: each start costs a few seconds of TypeScript loading.
    [shipped, broken] = await Promise.all([runSitrep(['validate']), runSitrep(['validate', '--briefings', BROKEN])]);
  });

  it('exits 0 on the shipped story (and the shipped config)', () => {
    expect(shipped).toMatchObject({ code: 0, stdout: '1 story file valid\n', stderr: '' });
  });

  it('exits 1 on the broken copies, with every problem of every file, one line each, and nothing else', () => {
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    const lines = broken.stderr.trimEnd().split('\n');
    const total = Object.values(EXPECTED).reduce((n, list) => n + list.length, 0);
    expect(lines).toHaveLength(total);
    for (const line of lines) expect(line).toMatch(/^test\/fixtures\/broken\/[a-z-]+\.yaml:\d+:\d+: \S/);
    for (const [fixture, expected] of Object.entries(EXPECTED)) expectLines(broken.stderr, fixture, expected);
  });

  it('never prints a stack trace', () => {
    expect(broken.stderr).not.toMatch(STACK_FRAME);
    expect(broken.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

/**
 * The config, checked against the story files validate just read: every problem at its line:col,
 * exit 1. The briefings are the shipped story (kim-putin-summit, with claim kim-to-visit-russia and
 * actor vladimir-putin).
 */
describe('runValidate on config/sitrep.yaml', () => {
  let dir: string;
  let briefings: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-validate-config-'));
    briefings = path.join(dir, 'briefings');
    await mkdir(briefings);
    await copyFile(path.join(ROOT, 'briefings/kim-putin-summit.yaml'), path.join(briefings, 'kim-putin-summit.yaml'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  let cases = 0;
  async function validateConfig(text: string): Promise<{ exitCode: number; output: string; file: string }> {
    cases += 1;
    const config = path.join(dir, `config-${cases}`);
    await mkdir(config);
    await writeFile(path.join(config, 'sitrep.yaml'), text);
    return { ...(await runValidate({ briefings, config })), file: path.join(config, 'sitrep.yaml') };
  }

  const HEAD = 'timezone: UTC\nschedules:\n  - channel: slack:C0123ABCD\n';
  const TRACK = 'tracking:\n  - channel: discord:123456789012345678\n    track: ';

  it.each([
    ['at: daily 25:00', '4:9: schedules[0].at: time "25:00" is out of range 00:00-23:59'],
    ['at: "61 * * * *"', '4:9: schedules[0].at: minute "61" is out of range 0-59'],
    [
      'story: nope\n    at: daily 09:00',
      '4:12: schedules[0].story: unknown story "nope" (no valid story file has that id)',
    ],
  ])('a schedule with %s: exit 1, the problem at its line:col', async (lines, expected) => {
    const result = await validateConfig(`${HEAD}    ${lines}\n`);
    expect(result).toMatchObject({ exitCode: 1, output: `${result.file}:${expected}` });
  });

  it.each([
    ['claim nope', 'unknown claim "nope" (no claim with that id in any valid story)'],
    ['actor nope', 'unknown actor "nope" (no actor with that id in any valid story)'],
    ['story nope', 'unknown story "nope" (no valid story file has that id)'],
    // A story's id is not a claim's: the kind names where the id is looked up.
    ['claim kim-putin-summit', 'unknown claim "kim-putin-summit" (no claim with that id in any valid story)'],
  ])('tracking %s: exit 1, the problem at its line:col', async (track, expected) => {
    const result = await validateConfig(`timezone: UTC\n${TRACK}${track}\n`);
    expect(result).toMatchObject({ exitCode: 1, output: `${result.file}:4:12: tracking[0].track: ${expected}` });
  });

  it('a bad tier does not hide the others: every problem, in file order', async () => {
    const text = `${HEAD}    story: nope\n    at: daily 25:00\n    tier: huge\n${TRACK}claim nope\n`;
    const result = await validateConfig(text);
    expect(result.exitCode).toBe(1);
    expect(result.output.split('\n')).toEqual([
      `${result.file}:4:12: schedules[0].story: unknown story "nope" (no valid story file has that id)`,
      `${result.file}:5:9: schedules[0].at: time "25:00" is out of range 00:00-23:59`,
      `${result.file}:6:11: schedules[0].tier: must be one of headline | short | full, not "huge"`,
      `${result.file}:9:12: tracking[0].track: unknown claim "nope" (no claim with that id in any valid story)`,
    ]);
  });

  it('names that a story file has are valid: exit 0', async () => {
    const text = [
      `${HEAD}    story: kim-putin-summit\n    at: weekdays 07:30`,
      `${TRACK}story kim-putin-summit`,
      '  - channel: slack:C0123ABCD\n    track: claim kim-to-visit-russia',
      '  - channel: slack:C0123ABCD\n    track: actor vladimir-putin\n',
    ].join('\n');
    expect(await validateConfig(text)).toMatchObject({ exitCode: 0, output: '1 story file valid' });
  });

  it('the shipped config with the shipped story: exit 0', async () => {
    const shipped = await readFile(path.join(ROOT, 'config/sitrep.yaml'), 'utf8');
    expect(await validateConfig(shipped)).toMatchObject({ exitCode: 0, output: '1 story file valid' });
  });
});
