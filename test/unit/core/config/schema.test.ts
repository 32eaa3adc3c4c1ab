import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/core/config/load.js';
import { formatProblem } from '../../../../src/core/yaml-source.js';

/**
 * config/sitrep.yaml's schema: a schedule's `at` is read by the scheduler's own parser, so a line
 * the scheduler would skip at start-up is a problem at its line and column, with the parser's reason.
 */

const FILE = '/config/sitrep.yaml';

function lines(text: string): string[] {
  const result = parseConfig(text, FILE);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function schedule(at: string, extra = ''): string {
  return `timezone: UTC\nschedules:\n  - channel: slack:C0123ABCD\n    at: ${at}\n${extra}`;
}

describe('a schedule`s at', () => {
  it.each([
    ['daily 25:00', '/config/sitrep.yaml:4:9: schedules[0].at: time "25:00" is out of range 00:00-23:59'],
    ['"61 * * * *"', '/config/sitrep.yaml:4:9: schedules[0].at: minute "61" is out of range 0-59'],
    [
      '09:00',
      '/config/sitrep.yaml:4:9: schedules[0].at: a time on its own is not a schedule: write "daily 09:00" or "weekdays 09:00"',
    ],
    [
      '"* * *"',
      '/config/sitrep.yaml:4:9: schedules[0].at: a cron expression needs 5 fields (minute hour day-of-month month day-of-week), got 3: use a 5-field cron expression, "daily HH:MM" or "weekdays HH:MM"',
    ],
  ])('%s is refused at its line and column, with the scheduler`s reason', (at, expected) => {
    expect(lines(schedule(at))).toEqual([expected]);
  });

  it('is reported with the other problems of the file (a bad tier does not hide it)', () => {
    expect(lines(schedule('daily 25:00', '    tier: huge\n'))).toEqual([
      '/config/sitrep.yaml:4:9: schedules[0].at: time "25:00" is out of range 00:00-23:59',
      '/config/sitrep.yaml:5:11: schedules[0].tier: must be one of headline | short | full, not "huge"',
    ]);
  });

  it.each(['daily 09:00', 'weekdays 7:30', '"0 7 * * 1-5"', '"*/15 * * * *"'])('%s is read', (at) => {
    const result = parseConfig(schedule(at), FILE);
    expect(result.ok).toBe(true);
  });
});

describe('the shipped config', () => {
  it('parses, with every example line of it uncommented too', async () => {
    const text = await readFile(path.join(import.meta.dirname, '../../../../config/sitrep.yaml'), 'utf8');
    expect(parseConfig(text, FILE).ok).toBe(true);
    const examples = text
      .replace(/^schedules: \[\]\n/m, 'schedules:\n')
      .replace(/^tracking: \[\]\n/m, 'tracking:\n')
      .replace(/^#( {2}[- ] .*)$/gm, '$1');
    expect(lines(examples)).toEqual([]);
    expect(parseConfig(examples, FILE)).toMatchObject({ ok: true, config: { schedules: [{ at: 'daily 09:00' }] } });
  });
});
