import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runSitrep } from '../cli/spawn.js';

/** `sitrep new`, `export` and `import`: the real CLI on a temporary database and briefings folder. */

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-content-cli-'));
  await mkdir(path.join(dir, 'briefings'));
  env = cleanEnv({
    DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
    BRIEFINGS_DIR: path.join(dir, 'briefings'),
    CONFIG_DIR: path.join(ROOT, 'config'),
    SITREP_INSTANCE: 'cli-test',
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('story content from the command line', () => {
  it('creates an empty story, exports it, and imports an edited copy through the write path', async () => {
    const created = await runSitrep(['new', 'port-strike', '--title', 'Port strike'], { env });
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/port-strike: stored as revision \d+/);
    // The story's file is written for teams who keep stories in git.
    expect(await readFile(path.join(dir, 'briefings', 'port-strike.yaml'), 'utf8')).toContain('title: Port strike');
    const again = await runSitrep(['new', 'port-strike', '--title', 'Port strike'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const exported = await runSitrep(['export', 'port-strike'], { env });
    expect(exported.code).toBe(0);
    const edited = exported.stdout
      .replace('actors: []', 'actors:\n  - id: union\n    name: The union\n    kind: organization')
      .replace('sources: []', 'sources:\n  - id: union-statement\n    name: Union statement\n    kind: official')
      .replace(
        'claims: []',
        'claims:\n  - id: strike-monday\n    text: The union says work stops on Monday.\n    about: [union]\n    source: union-statement\n    status: reported',
      );
    const file = path.join(dir, 'port-strike.yaml');
    await writeFile(file, edited);
    const imported = await runSitrep(['import', file], { env });
    expect(imported.stdout).toMatch(/stored as revision \d+ \(.*claims\.strike-monday.*\)/);

    const out = path.join(dir, 'out');
    await mkdir(out);
    const all = await runSitrep(['export', '--out', out], { env });
    expect(all.code).toBe(0);
    expect(await readFile(path.join(out, 'port-strike.yaml'), 'utf8')).toContain('id: strike-monday');

    // Its claims as schema.org ClaimReview, to stdout and as <story>.jsonld.
    const reviews = await runSitrep(['export', 'port-strike', '--format', 'claimreview'], { env });
    expect(reviews.code).toBe(0);
    const graph = JSON.parse(reviews.stdout)['@graph'];
    expect(graph).toEqual([
      expect.objectContaining({
        '@type': 'ClaimReview',
        claimReviewed: 'The union says work stops on Monday.',
        itemReviewed: expect.objectContaining({ author: { '@type': 'Organization', name: 'Union statement' } }),
        reviewRating: expect.objectContaining({ ratingValue: 3, alternateName: 'Unverified' }),
      }),
    ]);
    await runSitrep(['export', '--out', out, '--format', 'claimreview'], { env });
    expect(JSON.parse(await readFile(path.join(out, 'port-strike.jsonld'), 'utf8'))['@graph']).toHaveLength(1);

    // A broken file is refused with its problems and stores nothing.
    await writeFile(file, edited.replace('status: reported', 'status: rumoured'));
    const refused = await runSitrep(['import', file], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/status/);
  }, 60_000);
});
