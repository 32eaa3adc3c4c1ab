import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../claims/harness.js';
import { cleanEnv, ROOT } from './spawn.js';

/**
 * `npm start` serves `GET /stories/<story>/claims.jsonld` only when `claimReview.public` is set:
 * the real bot (shell mode, console on 127.0.0.1) on a copy of a story.
 */

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-jsonld-'));
  await mkdir(path.join(dir, 'briefings'));
  await copyFile(path.join(FIXTURES, 'harbour-strike.yaml'), path.join(dir, 'briefings', 'harbour-strike.yaml'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * Starts the bot with `config` and fetches the story's JSON-LD once it listens, again while the
 * route answers that the story is not stored yet (start-up stores it just after listening), then
 * ends the bot's input.
 */
async function fetchFromBot(name: string, config: string): Promise<{ status: number; body: string }> {
  const configDir = path.join(dir, name);
  await mkdir(configDir);
  await writeFile(path.join(configDir, 'sitrep.yaml'), config);
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'sitrep.js'), 'start'], {
    cwd: ROOT,
    env: cleanEnv({
      PORT: '0',
      DATABASE_URL: `file:${path.join(configDir, 'db.sqlite')}`,
      BRIEFINGS_DIR: path.join(dir, 'briefings'),
      BRIEFINGS_WRITEBACK: 'false',
      CONFIG_DIR: configDir,
    }),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /Editors' console: http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      child.on('close', () => reject(new Error(`the bot ended before listening:\n${stderr}`)));
    });
    for (let tries = 0; ; tries++) {
      const res = await fetch(`http://127.0.0.1:${port}/stories/harbour-strike/claims.jsonld`);
      const answer = { status: res.status, body: await res.text() };
      if (!answer.body.startsWith('no story') || tries > 100) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    const ended = new Promise((resolve) => child.on('close', resolve));
    child.stdin.end();
    await ended;
  }
}

describe('claims.jsonld from the running bot', { timeout: 60_000 }, () => {
  it('is not served unless config enables it', async () => {
    // The server's own 404, not the route's "no story".
    expect(await fetchFromBot('off', 'timezone: UTC\n')).toEqual({ status: 404, body: 'not found' });
  });

  it('is served, naming the configured publisher, when claimReview.public is true', async () => {
    const res = await fetchFromBot('on', 'claimReview:\n  public: true\n  publisher: Elling Evening Desk\n');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { '@graph': Array<{ author: { name: string } }> };
    expect(body['@graph'].length).toBeGreaterThan(0);
    expect(body['@graph'].every((r) => r.author.name === 'Elling Evening Desk')).toBe(true);
  });
});
