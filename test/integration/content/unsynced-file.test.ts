import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storyOfRevision } from '../../../src/core/claims/revisions.js';
import { parseStory } from '../../../src/core/story/load.js';
import { type FreshDatabase, freshSqlite } from '../../support/databases.js';
import { FIXTURES, type Harness, messageText, openHarness } from '../claims/harness.js';

/**
 * A story file this copy of briefings/ never synced (no file_syncs row), for a story the database
 * already holds (ADR 0043): compared, never merged blindly on top of the stored story.
 */

const STORY = 'harbour-strike';
const SHIPPED = path.join(FIXTURES, `${STORY}.yaml`);
let database: FreshDatabase;
const dirs: string[] = [];
let h: Harness | undefined;

afterEach(async () => {
  await h?.store.close();
  h = undefined;
  await database?.dispose();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-unsynced-'));
  dirs.push(dir);
  return dir;
}

/** The database gets the story from elsewhere (an import, another replica), not from `dir`'s file. */
async function storedElsewhere(text: string): Promise<number> {
  const elsewhere = await openHarness({}, { database, dir: await tempDir() });
  try {
    const parsed = parseStory(text, `${STORY}.yaml`);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const outcome = await elsewhere.claims.content.apply({
      story: STORY,
      baseRevision: null,
      origin: { author: 'cli', via: 'import' },
      edits: [{ op: 'replace', story: parsed.story, text }],
    });
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    return outcome.revision.id;
  } finally {
    await elsewhere.store.close();
  }
}

describe('a story file this copy never synced', () => {
  it('that differs from every stored revision is reported with its differences, not applied, not overwritten', async () => {
    database = await freshSqlite();
    const shipped = await readFile(SHIPPED, 'utf8');
    const edited = shipped.replace(
      'status: disputed\n    hedging: firm\n    confidence: low',
      'status: denied\n    hedging: firm\n    confidence: low',
    );
    expect(edited).not.toBe(shipped);
    const imported = await storedElsewhere(edited);

    const dir = await tempDir();
    await copyFile(SHIPPED, path.join(dir, `${STORY}.yaml`));
    h = await openHarness({}, { database, dir });
    await h.claims.syncAtStart();

    const latest = await h.store.revisions.latest(STORY);
    expect(latest?.id).toBe(imported);
    expect(h.catalog.get(STORY)?.claimById.get('turnout-disputed')?.status).toBe('denied');
    expect(await readFile(path.join(dir, `${STORY}.yaml`), 'utf8')).toBe(shipped);
    const told = h.notifier.messages.map(messageText).join('\n');
    expect(told).toContain('claims.turnout-disputed.status: the file says disputed, the story served says denied');
    expect(told).toContain(`sitrep import ${path.join(dir, `${STORY}.yaml`)}`);

    // Saved again unchanged (the watcher, another start), or a change made elsewhere to another
    // field: still nothing applied from the file, and the same differences are not reported again.
    const reports = h.notifier.messages.length;
    await h.claims.files.importFile(path.join(dir, `${STORY}.yaml`));
    expect((await h.store.revisions.latest(STORY))?.id).toBe(imported);
    const other = await h.claims.content.apply({
      story: STORY,
      baseRevision: imported,
      origin: { author: 'slack:UA', via: 'chat' },
      edits: [{ op: 'set', entity: 'story', field: 'title', value: 'A new title' }],
    });
    expect(other.kind).toBe('applied');
    expect(await readFile(path.join(dir, `${STORY}.yaml`), 'utf8')).toBe(shipped);
    const again = h.notifier.messages.slice(reports).map(messageText).join('\n');
    expect(again).toContain('title: the file says');
    expect(again.match(/turnout-disputed/g)?.length ?? 0, again).toBeLessThanOrEqual(1);
  });

  it('that holds a stored revision is a stale copy: nothing changes and the file is brought up to date', async () => {
    database = await freshSqlite();
    const shipped = await readFile(SHIPPED, 'utf8');
    const first = await storedElsewhere(shipped);
    const elsewhere = await openHarness({}, { database, dir: await tempDir() });
    const changed = await elsewhere.claims.content.apply({
      story: STORY,
      baseRevision: first,
      origin: { author: 'slack:UA', via: 'chat' },
      edits: [{ op: 'set', entity: 'claim', id: 'ships-diverted', field: 'status', value: 'confirmed' }],
    });
    await elsewhere.store.close();
    expect(changed.kind).toBe('applied');

    const dir = await tempDir();
    await writeFile(path.join(dir, `${STORY}.yaml`), shipped);
    h = await openHarness({}, { database, dir });
    await h.claims.syncAtStart();

    const latest = await h.store.revisions.latest(STORY);
    expect(latest?.id).toBe(changed.kind === 'applied' ? changed.revision.id : 0);
    expect(latest && storyOfRevision(latest)?.claims.find((c) => c.id === 'ships-diverted')?.status).toBe('confirmed');
    const file = await readFile(path.join(dir, `${STORY}.yaml`), 'utf8');
    expect(file).toContain('# --- Consequences ---');
    expect(file).toMatch(/id: ships-diverted[\s\S]*?status: confirmed/);
  });
});

describe('a synced story file edited on an old base', () => {
  it('adding an entry another change added since is reported as added since, who added it, in which revision and when', async () => {
    database = await freshSqlite();
    const dir = await tempDir();
    await copyFile(SHIPPED, path.join(dir, `${STORY}.yaml`));
    h = await openHarness({}, { database, dir });
    await h.claims.syncAtStart();
    const base = (await h.store.revisions.latest(STORY))?.id;

    // Another replica, on its own copy of the files, adds a source.
    const elsewhere = await openHarness({}, { database, dir: await tempDir() });
    const wire = { id: 'wire', name: 'A wire service', kind: 'media' };
    const added = await elsewhere.claims.content
      .apply({
        story: STORY,
        baseRevision: base ?? null,
        origin: { author: 'slack:UA', via: 'chat' },
        edits: [{ op: 'add', entity: 'source', value: wire }],
      })
      .finally(() => elsewhere.store.close());
    if (added.kind !== 'applied') throw new Error(added.kind);

    const file = path.join(dir, `${STORY}.yaml`);
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        'sources:\n',
        'sources:\n  - id: wire\n    name: Another wire\n    kind: media\n',
      ),
    );
    const reports = h.notifier.messages.length;
    await h.claims.files.importFile(file);
    const told = h.notifier.messages.slice(reports).map(messageText).join('\n');
    expect(told).toContain(
      `sources.wire: the file has it; added since the file's base by slack:UA (chat) in revision ${added.revision.id} at 2031-04-02T08:00:00Z`,
    );
  });
});
