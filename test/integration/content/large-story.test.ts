import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storyHash } from '../../../src/core/claims/canonical.js';
import { storyToYaml } from '../../../src/core/content/text.js';
import type { ContentEdit } from '../../../src/core/content/types.js';
import type { Store } from '../../../src/core/store.js';
import { StoryCatalog } from '../../../src/core/story/catalog.js';
import { parseStory } from '../../../src/core/story/load.js';
import type { Story } from '../../../src/core/story/schema.js';
import { openStore } from '../../../src/store/db.js';
import { standaloneContentService } from '../../support/content-service.js';
import { generateStoryObject } from '../../support/story-generator.js';

/**
 * A large story's revisions are stored in chunks and its claims patched inside them (ADR 0044):
 * what is stored and served must be exactly what the whole-text path would give, across restarts.
 */

const ID = 'large-story';
let dir: string;
let url: string;
const stores: Store[] = [];

async function open(): Promise<Store> {
  const store = await openStore(url);
  stores.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-large-story-'));
  url = `file:${path.join(dir, 'sitrep.db')}`;
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

function set(id: string, field: string, value: string | null): ContentEdit {
  return { op: 'set', entity: 'claim', id, field, value };
}

describe('a large story changed one claim at a time', () => {
  it('stores and serves exactly the text and story of each change, after a restart too', async () => {
    const story = generateStoryObject({ actors: 40, claims: 2_000, seed: 21, id: ID, tricky: true }) as Story;
    const text = `# Kept by the desk; edit with care.\n${storyToYaml(story)}`;
    let catalog = new StoryCatalog();
    let content = standaloneContentService(await open(), catalog);
    const created = await content.apply({
      story: ID,
      baseRevision: null,
      origin: { author: 'test', via: 'import' },
      edits: [{ op: 'replace', story, text }],
    });
    if (created.kind !== 'applied') throw new Error(created.kind);
    let base = created.revision.id;
    let before = text;
    const claims = story.claims;
    const changes = [
      [set(claims[0]?.id ?? '', 'status', 'confirmed')],
      [set(claims[1999]?.id ?? '', 'note', 'Said again on Tuesday: "not before spring".')],
      [
        set(claims[700]?.id ?? '', 'text', `${claims[700]?.text} It was denied later.`),
        set(claims[700]?.id ?? '', 'status', 'denied'),
      ],
      'restart',
      [set(claims[700]?.id ?? '', 'note', 'Denied by the ministry.')],
      [set(claims[1234]?.id ?? '', 'hedging', null)],
    ] as const;
    for (const edits of changes) {
      if (edits === 'restart') {
        catalog = new StoryCatalog();
        content = standaloneContentService(await open(), catalog);
        continue;
      }
      const outcome = await content.apply({
        story: ID,
        baseRevision: base,
        origin: { author: 'test', via: 'console' },
        edits: [...edits],
      });
      if (outcome.kind === 'unchanged') continue;
      if (outcome.kind !== 'applied') throw new Error(outcome.kind);
      base = outcome.revision.id;
      // As another process reads it: the whole text, which reads as the story served.
      const stored = await (await open()).revisions.get(base);
      const read = parseStory(stored?.content ?? '', `${ID}.yaml`);
      if (!read.ok) throw new Error(JSON.stringify(read.problems.slice(0, 3)));
      expect(catalog.get(ID)?.revision).toBe(base);
      expect(storyHash(read.story)).toBe(storyHash(catalog.get(ID)?.story as Story));
      expect(JSON.parse(stored?.storyJson ?? 'null')).toEqual(JSON.parse(JSON.stringify(read.story)));
      // Only the edited claim's lines differ; the editors' comment stays.
      const after = stored?.content ?? '';
      expect(after.startsWith('# Kept by the desk; edit with care.\n')).toBe(true);
      const beforeLines = before.split('\n');
      const afterLines = after.split('\n');
      let head = 0;
      while (beforeLines[head] === afterLines[head]) head++;
      let tail = 0;
      while (tail < beforeLines.length - head && beforeLines.at(-1 - tail) === afterLines.at(-1 - tail)) tail++;
      expect(afterLines.length - head - tail).toBeLessThan(12);
      before = after;
    }
    expect(base).toBeGreaterThan(created.revision.id + 3);
  });
});
