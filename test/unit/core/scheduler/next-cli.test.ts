import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runNext } from '../../../../src/cli/next.js';

describe('sitrep next', () => {
  const previousConfigDir = process.env.CONFIG_DIR;
  afterEach(() => {
    if (previousConfigDir === undefined) delete process.env.CONFIG_DIR;
    else process.env.CONFIG_DIR = previousConfigDir;
  });

  it('prints one ISO-8601 instant with offset per line, across a DST change', async () => {
    const result = await runNext('daily 02:30', {
      tz: 'America/New_York',
      from: '2026-03-07T00:00:00-05:00',
      count: 3,
    });
    expect(result).toEqual({
      exitCode: 0,
      output: ['2026-03-07T02:30:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00'].join('\n'),
    });
  });

  it('reads an offset-less --from in the zone and accepts a cron', async () => {
    const result = await runNext('0 9 * * 1-5', { tz: 'Europe/London', from: '2026-03-27T10:00', count: 2 });
    expect(result.output.split('\n')).toEqual(['2026-03-30T09:00:00+01:00', '2026-03-31T09:00:00+01:00']);
  });

  it('defaults to the given default zone, else the config file’s, else UTC', async () => {
    const from = '2026-01-01T00:00:00Z';
    expect((await runNext('daily 09:00', { from, count: 1, defaultZone: 'Asia/Tokyo' })).output).toBe(
      '2026-01-02T09:00:00+09:00',
    );
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-next-'));
    try {
      process.env.CONFIG_DIR = dir;
      expect((await runNext('daily 09:00', { from, count: 1 })).output).toBe('2026-01-01T09:00:00+00:00');
      await writeFile(join(dir, 'sitrep.yaml'), 'timezone: America/New_York\n');
      expect((await runNext('daily 09:00', { from, count: 1 })).output).toBe('2026-01-01T09:00:00-05:00');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['61 9 * * *', {}, 'minute "61" is out of range 0-59'],
    ['daily 9am', {}, 'time "9am" must be HH:MM'],
    ['daily 09:00', { tz: 'Mars/Olympus' }, '--tz: unknown time zone "Mars/Olympus"'],
    ['daily 09:00', { from: 'yesterday' }, '--from: "yesterday" is not an ISO-8601 date-time'],
    ['daily 09:00', { count: 0 }, '--count: must be a whole number 1-1000'],
  ])('"%s" %o → exit 1 with one line naming the problem', async (schedule, options, message) => {
    const result = await runNext(schedule, { tz: 'UTC', ...options });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(message);
    expect(result.output.split('\n')).toHaveLength(1);
  });
});
