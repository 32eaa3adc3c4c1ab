import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoryCatalog } from '../../../../src/core/story/catalog.js';
import { parseStory } from '../../../../src/core/story/load.js';
import { UserError } from '../../../../src/errors.js';
import { SHIPPED_STORY, SYNTHETIC_STORY } from '../commands/helpers.js';

let shipped: string;
let synthetic: string;
beforeAll(async () => {
  shipped = await readFile(SHIPPED_STORY, 'utf8');
  synthetic = await readFile(SYNTHETIC_STORY, 'utf8');
});

const FILE = '/briefings/kim-putin-summit.yaml';

describe('StoryCatalog keeps serving the last valid version of a file', () => {
  it('a broken version after a good one: the good one stays live, the problems are kept', () => {
    const catalog = new StoryCatalog();
    const good = parseStory(shipped, FILE);
    expect(catalog.apply(FILE, good)).toBeDefined();
    const liveBefore = catalog.get('kim-putin-summit');

    const broken = parseStory(shipped.replace('role: President of Russia', 'rol: President of Russia'), FILE);
    expect(broken.ok).toBe(false);
    expect(catalog.apply(FILE, broken)).toBeUndefined();

    expect(catalog.get('kim-putin-summit')).toBe(liveBefore);
    expect(catalog.get('kim-putin-summit')?.findActor('putin')).toMatchObject({
      kind: 'found',
      item: { role: 'President of Russia' },
    });
    const line = shipped.split('\n').findIndex((l) => l.includes('role: President of Russia')) + 1;
    expect(catalog.problems()).toEqual([{ file: FILE, problems: [expect.objectContaining({ line, col: 5 })] }]);
  });

  it('a fixed version replaces the old one and clears the problems', () => {
    const catalog = new StoryCatalog();
    catalog.apply(FILE, parseStory(shipped, FILE));
    catalog.apply(FILE, parseStory('id: [', FILE));
    expect(catalog.problems()).toHaveLength(1);
    const edited = shipped.replace('role: President of Russia', 'role: President of the Russian Federation');
    catalog.apply(FILE, parseStory(edited, FILE));
    expect(catalog.problems()).toEqual([]);
    expect(catalog.get('kim-putin-summit')?.actorById.get('vladimir-putin')?.role).toBe(
      'President of the Russian Federation',
    );
  });

  it('a broken file for a story never loaded serves nothing and reports', () => {
    const catalog = new StoryCatalog();
    catalog.apply('/b/new.yaml', parseStory('id: new\n', '/b/new.yaml'));
    expect(catalog.list()).toEqual([]);
    expect(catalog.problems()[0]?.file).toBe('/b/new.yaml');
  });

  describe('loadAll from a directory, edited on disk between loads', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'sitrep-catalog-'));
      await copyFile(SHIPPED_STORY, path.join(dir, 'kim-putin-summit.yaml'));
      await copyFile(SYNTHETIC_STORY, path.join(dir, 'rio-claro-dam.yaml'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('loads every story; a file that goes bad keeps its last valid version served', async () => {
      const catalog = new StoryCatalog(dir);
      expect(await catalog.loadAll()).toEqual([]);
      expect(catalog.list().map((v) => v.id)).toEqual(['kim-putin-summit', 'rio-claro-dam']);

      await writeFile(path.join(dir, 'rio-claro-dam.yaml'), synthetic.replace('status: disputed', 'status: contested'));
      const problems = await catalog.loadAll();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        file: path.join(dir, 'rio-claro-dam.yaml'),
        message: expect.stringContaining('status'),
      });
      expect(catalog.get('rio-claro-dam')?.claimById.get('kessra-disputes-share')?.status).toBe('disputed');
      expect(catalog.list()).toHaveLength(2);
    });
  });
});

describe('StoryCatalog.resolve: the story a command means', () => {
  it('no story loaded: a user error saying so', () => {
    expect(() => new StoryCatalog().resolve(undefined)).toThrow(UserError);
  });

  it('one story: it is the default; several: the caller must name one', () => {
    const catalog = new StoryCatalog();
    catalog.apply(FILE, parseStory(shipped, FILE));
    expect(catalog.resolve(undefined).id).toBe('kim-putin-summit');
    catalog.apply('/b/rio-claro-dam.yaml', parseStory(synthetic, '/b/rio-claro-dam.yaml'));
    expect(() => catalog.resolve(undefined)).toThrow(
      /Several stories are loaded; name one: kim-putin-summit, rio-claro-dam/,
    );
    expect(catalog.resolve('rio-claro-dam').id).toBe('rio-claro-dam');
    expect(catalog.resolve('Rio Claro dam dispute').id).toBe('rio-claro-dam'); // by title
    expect(() => catalog.resolve('weather')).toThrow(/No story called "weather"/);
    expect(catalog.isStory('rio-claro-dam')).toBe(true);
    expect(catalog.isStory('rio')).toBe(false);
  });

  it('remove takes a story out of service', () => {
    const catalog = new StoryCatalog();
    catalog.apply(FILE, parseStory(shipped, FILE));
    catalog.remove('kim-putin-summit');
    expect(catalog.list()).toEqual([]);
    expect(catalog.searchStories('kim')).toEqual([]);
  });
});

describe('StoryView indexes', () => {
  it('claims by actor, source names and actor names', () => {
    const catalog = new StoryCatalog();
    const view = catalog.apply('/b/rio-claro-dam.yaml', parseStory(synthetic, '/b/rio-claro-dam.yaml'));
    if (!view) throw new Error('synthetic story invalid');
    expect((view.claimsByActor.get('jose-alvarez') ?? []).map((c) => c.id)).toEqual([
      'dam-opens-in-april',
      'alvarez-resigned',
    ]);
    const spillway = view.claimById.get('spillway-concerns');
    expect(spillway && view.sourceNames(spillway)).toEqual([
      'El Diario de Valdora',
      'River Watch (an independent monitoring group)',
    ]);
    expect(view.actorName('kessra')).toBe('Kessra');
    expect(view.actorName('unknown-id')).toBe('unknown-id');
  });
});
