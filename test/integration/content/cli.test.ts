import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
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
  it('answers from the story as stored, not from a stale copy of its file', async () => {
    const story = path.join(ROOT, 'briefings', 'kim-putin-summit.yaml');
    const copies = ['a', 'b'].map((name) => path.join(dir, `copy-${name}`));
    for (const copy of copies) {
      await mkdir(copy);
      await writeFile(path.join(copy, 'kim-putin-summit.yaml'), await readFile(story, 'utf8'));
    }
    const [a, b] = copies.map((copy) => ({
      ...env,
      BRIEFINGS_DIR: copy,
      DATABASE_URL: `file:${path.join(dir, 'shared.db')}`,
    }));
    const set = await runSitrep(['ask', '--admin', 'set kim-to-visit-russia status=confirmed'], { env: a });
    expect(set.stdout).toContain('reported → 🟢 confirmed');
    // B's file still says "reported"; the database, which B serves, says "confirmed".
    expect(await readFile(path.join(copies[1] as string, 'kim-putin-summit.yaml'), 'utf8')).toBe(
      await readFile(story, 'utf8'),
    );
    const asked = await runSitrep(['ask', 'claim kim-to-visit-russia'], { env: b });
    expect(asked.stdout).toContain('Status: 🟢 confirmed');
  });

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

    // A folder not there yet is made.
    const out = path.join(dir, 'out', 'stories');
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
    const onFile = await runSitrep(['export', '--out', file], { env });
    expect(onFile.code).toBe(1);
    expect(onFile.stderr + onFile.stdout).toContain(`Cannot write to ${file}: it is a file, not a folder`);
    expect(JSON.parse(await readFile(path.join(out, 'port-strike.jsonld'), 'utf8'))['@graph']).toHaveLength(1);

    // A broken file is refused with its problems and stores nothing.
    await writeFile(file, edited.replace('status: reported', 'status: rumoured'));
    const refused = await runSitrep(['import', file], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/status/);
  }, 60_000);

  it('import --base names what was added since the base, who added it, in which revision and when', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'sitrep-content-cli-base-'));
    try {
      await mkdir(path.join(own, 'briefings'));
      const ownEnv = (user: string) => ({
        ...cleanEnv({
          DATABASE_URL: `file:${path.join(own, 'sitrep.db')}`,
          BRIEFINGS_DIR: path.join(own, 'briefings'),
          CONFIG_DIR: path.join(ROOT, 'config'),
          SITREP_INSTANCE: 'cli-base',
        }),
        USER: user,
      });
      const shipped = await readFile(path.join(ROOT, 'briefings', 'kim-putin-summit.yaml'), 'utf8');
      const withPeskov = (name: string) =>
        shipped.replace('actors:\n', `actors:\n  - id: dmitry-peskov\n    name: ${name}\n    kind: person\n`);
      const file = path.join(own, 'kim-putin-summit.yaml');
      await writeFile(file, shipped);
      const base = await runSitrep(['import', file], { env: ownEnv('ana') });
      expect(base.stdout, base.stderr).toMatch(/stored as revision 1\b/);
      await writeFile(file, withPeskov('Dmitry Peskov'));
      const added = await runSitrep(['import', file, '--base', '1'], { env: ownEnv('ana') });
      expect(added.stdout, added.stderr).toMatch(/stored as revision 2\b/);

      await writeFile(file, withPeskov('Dmitri Peskov'));
      const clash = await runSitrep(['import', file, '--base', '1'], { env: ownEnv('ben') });
      const store = await openStore(`file:${path.join(own, 'sitrep.db')}`);
      const winner = await store.revisions.get(2).finally(() => store.close());
      const at = winner?.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(clash.stderr).toBe(
        'kim-putin-summit: not stored, changed elsewhere since its base:\n' +
          `actors.dmitry-peskov: added since your base by ${winner?.author} (import) in revision 2 at ${at}\n`,
      );
      expect(clash.code).toBe(1);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 60_000);

  it('an import on a fresh database is not rolled back by the unedited shipped file in briefings/', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'sitrep-content-cli-fresh-'));
    try {
      const briefings = path.join(fresh, 'briefings');
      await mkdir(briefings);
      const shipped = await readFile(path.join(ROOT, 'briefings', 'kim-putin-summit.yaml'), 'utf8');
      await writeFile(path.join(briefings, 'kim-putin-summit.yaml'), shipped);
      const edited = shipped.replace(/(id: kim-to-visit-russia[\s\S]*?)status: reported/, '$1status: confirmed');
      expect(edited).not.toBe(shipped);
      await mkdir(path.join(fresh, 'edits'));
      const copy = path.join(fresh, 'edits', 'kim-putin-summit.yaml');
      await writeFile(copy, edited);
      const freshEnv = cleanEnv({
        DATABASE_URL: `file:${path.join(fresh, 'sitrep.db')}`,
        BRIEFINGS_DIR: briefings,
        CONFIG_DIR: path.join(ROOT, 'config'),
        SITREP_INSTANCE: 'cli-fresh',
      });
      const imported = await runSitrep(['import', copy], { env: freshEnv });
      expect(imported.stdout, imported.stderr).toMatch(/stored as revision 1\b/);
      // Anything else reading briefings/ afterwards (an export, a start) leaves the import standing.
      const exported = await runSitrep(['export', 'kim-putin-summit'], { env: freshEnv });
      expect(exported.stdout).toMatch(/id: kim-to-visit-russia[\s\S]*?status: confirmed/);
      const store = await openStore(`file:${path.join(fresh, 'sitrep.db')}`);
      try {
        const history = await store.revisions.list('kim-putin-summit');
        expect(history.map((r) => r.via)).toEqual(['import']);
      } finally {
        await store.close();
      }
      // The unsynced file is left as it was, for an editor to decide about.
      expect(await readFile(path.join(briefings, 'kim-putin-summit.yaml'), 'utf8')).toBe(shipped);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});
