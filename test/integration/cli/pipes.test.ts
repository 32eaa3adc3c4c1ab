// Issue 11, item 3: piped CLI output was cut at 64 KiB with exit code 0 (`preview --format slack |
// wc -c` printed 65536; `diff --format json` piped was invalid JSON; `validate` piped lost most of
// its problems). Every command's output is complete through a real pipe, with the right exit code,
// also when the reader stops early (`| head`).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStory } from '../../support/story-generator.js';
import { cleanEnv, ROOT } from './spawn.js';

let dir: string;
let storyFile: string;
let storyText: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-pipes-'));
  await mkdir(path.join(dir, 'briefings'));
  await mkdir(path.join(dir, 'config'));
  storyText = generateStory({ actors: 200, claims: 2000, seed: 5 });
  const id = /^id: (\S+)/m.exec(storyText)?.[1];
  storyFile = path.join(dir, 'briefings', `${id}.yaml`);
  await writeFile(storyFile, storyText);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a shell pipeline from the repository root; `status` is the sitrep command's own exit code. */
function pipeline(command: string, consumer: string): Promise<{ out: string; err: string; status: number }> {
  const script = `node bin/sitrep.js ${command} | ${consumer}; echo "exit=\${PIPESTATUS[0]}" >&3`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: cleanEnv({
        BRIEFINGS_DIR: path.join(dir, 'briefings'),
        CONFIG_DIR: path.join(dir, 'config'),
        DATABASE_URL: `file:${path.join(dir, 'x.db')}`,
      }),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const chunks: Record<number, string> = { 1: '', 2: '', 3: '' };
    for (const fd of [1, 2, 3] as const) {
      (child.stdio[fd] as NodeJS.ReadableStream).setEncoding('utf8');
      (child.stdio[fd] as NodeJS.ReadableStream).on('data', (c: string) => {
        chunks[fd] += c;
      });
    }
    child.on('error', reject);
    child.on('close', () => {
      const status = Number(/exit=(\d+)/.exec(chunks[3] ?? '')?.[1] ?? -1);
      resolve({ out: chunks[1] ?? '', err: chunks[2] ?? '', status });
    });
  });
}

describe('CLI output through a real pipe', () => {
  it('export | cat: every byte of a story far over 64 KiB, exit 0', async () => {
    // Briefings are bounded now (README, Limits); a story's export is not.
    const id = /^id: (\S+)/m.exec(storyText)?.[1] ?? '';
    expect((await pipeline(`import ${storyFile}`, 'cat')).status).toBe(0);
    expect(Buffer.byteLength(storyText)).toBeGreaterThan(4 * 65536);
    const { out, status } = await pipeline(`export ${id}`, 'cat');
    expect(status).toBe(0);
    expect(out).toBe(`${storyText.replace(/\n$/, '')}\n`);
  }, 60_000);

  it('diff --format json | cat is whole, valid JSON', async () => {
    const newer = path.join(dir, 'newer.yaml');
    await writeFile(
      newer,
      storyText.replaceAll('status: reported', 'status: confirmed').replaceAll('\n    text: ', '\n    text: Now, '),
    );
    const { out, status } = await pipeline(`diff ${storyFile} ${newer} --format json`, 'cat');
    expect(status).toBe(0);
    expect(out.length).toBeGreaterThan(65536);
    const diff = JSON.parse(out) as { claims: unknown[] };
    expect(diff.claims.length).toBeGreaterThan(100);
  }, 60_000);

  it('validate 2>&1 | cat: every problem of a file with thousands, exit 1', async () => {
    const broken = path.join(dir, 'briefings', 'broken.yaml');
    const claims = Array.from(
      { length: 3000 },
      (_, i) => `  - id: c${i}\n    text: Claim ${i}.\n    about: [nobody]\n    source: nowhere\n    status: reported`,
    );
    await writeFile(
      broken,
      `id: broken\ntitle: Broken\nsummary:\n  headline: H.\n  short: S.\nclaims:\n${claims.join('\n')}\ntimeline: []\n`,
    );
    try {
      const { out, status } = await pipeline('validate 2>&1', 'cat');
      expect(status).toBe(1);
      const lines = out
        .trim()
        .split('\n')
        .filter((l) => l.includes('broken.yaml'));
      expect(lines).toHaveLength(6000);
      expect(Buffer.byteLength(out)).toBeGreaterThan(65536);
    } finally {
      await rm(broken);
    }
  }, 120_000);

  it('| head: the reader stopping early is no crash; the exit code is the command’s own', async () => {
    const preview = await pipeline('preview --tier full --format slack', 'head -c 100');
    expect(preview.out).toHaveLength(100);
    expect(preview.status).toBe(0);
    expect(preview.err).toBe('');
    const broken = path.join(dir, 'briefings', 'broken2.yaml');
    await writeFile(broken, `id: broken2\n${'x: 1\n'.repeat(10)}`);
    try {
      const validate = await pipeline('validate 2>&1', 'head -1');
      expect(validate.out.split('\n').filter(Boolean)).toHaveLength(1);
      expect(validate.status).toBe(1);
    } finally {
      await rm(broken);
    }
  }, 60_000);
});
