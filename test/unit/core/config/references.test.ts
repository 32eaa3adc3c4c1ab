import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReferenceProblems } from '../../../../src/core/config/references.js';
import { defaultConfig, type SitrepConfig } from '../../../../src/core/config/schema.js';
import { parseStory } from '../../../../src/core/story/load.js';

/** What a running bot logs at start-up for a config entry naming nothing loaded: the entry and the reason. */
describe('configReferenceProblems', () => {
  it('names each entry and why, and passes the names a story has', async () => {
    const file = path.join(import.meta.dirname, '../../../../briefings/kim-putin-summit.yaml');
    const loaded = parseStory(await readFile(file, 'utf8'), file);
    if (!loaded.ok) throw new Error('the shipped story is valid');
    const config: SitrepConfig = {
      ...defaultConfig,
      schedules: [
        { channel: 'slack:C1', story: 'kim-putin-summit', at: 'daily 09:00', tier: 'short' },
        { channel: 'slack:C1', story: 'nope', at: 'daily 09:00', tier: 'short' },
      ],
      tracking: [
        { channel: 'slack:C1', track: 'claim kim-to-visit-russia', thread: false },
        { channel: 'slack:C1', track: 'actor vladimir-putin', thread: false },
        { channel: 'slack:C1', track: 'claim nope', thread: false },
      ],
    };
    expect(configReferenceProblems(config, [loaded.story])).toEqual([
      {
        at: ['schedules', 1, 'story'],
        entry: 'schedules[1] (slack:C1: daily 09:00, story nope)',
        message: 'schedules[1].story: unknown story "nope" (no valid story file has that id)',
      },
      {
        at: ['tracking', 2, 'track'],
        entry: 'tracking[2] (slack:C1: claim nope)',
        message: 'tracking[2].track: unknown claim "nope" (no claim with that id in any valid story)',
      },
    ]);
  });
});
