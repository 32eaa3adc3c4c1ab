import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordPayload } from '../../../src/adapters/discord/render.js';
import type { SlackPayload } from '../../../src/adapters/slack/blocks.js';
import { formatMessage } from '../../../src/cli/formats.js';
import { buildBriefing } from '../../../src/core/briefing/build.js';
import { StoryView } from '../../../src/core/story/catalog.js';
import { TIERS } from '../../../src/core/story/schema.js';
import { validateBlocks } from '../../stand-ins/slack/blocks.js';
import { generateStoryObject } from '../../support/story-generator.js';
import { expectValidPayload } from '../../unit/adapters/discord/validate.js';
import { openTestCore, SHIPPED_STORY, type TestCore } from '../../unit/core/commands/helpers.js';
import { cleanEnv, runSitrep } from './spawn.js';

/**
 * What `sitrep ask` and `sitrep preview` print with `--format slack|discord` is the exact payload a
 * platform would be sent: one object, or an array when the reply is split. Parsed back, every one
 * must pass the platform's validation (discord.js's builders; Block Kit's limits).
 */
function payloadsOf<T>(printed: string): T[] {
  const parsed = JSON.parse(printed) as T | T[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

const COMMANDS = [
  'help',
  'actor putin',
  'actor kim',
  'actor john',
  'actors',
  'claims',
  'claims kim',
  'claim kim-to-visit-russia',
  'timeline',
  'brief full',
  'actor nobody-at-all',
];

describe('sitrep ask/preview --format discord|slack print valid payloads', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore([SHIPPED_STORY]);
  });
  afterAll(async () => t.dispose());

  it.each(COMMANDS)('ask "%s"', async (text) => {
    const answer = await t.handle(text);
    const discord = payloadsOf<DiscordPayload>(await formatMessage(answer, 'discord'));
    expect(discord.length).toBeGreaterThan(0);
    for (const payload of discord) {
      expectValidPayload(payload);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
    }
    const slack = payloadsOf<SlackPayload>(await formatMessage(answer, 'slack'));
    for (const payload of slack) {
      expect(payload.text.length).toBeGreaterThan(0);
      expect(validateBlocks(payload.blocks)).toEqual([]);
    }
  });

  it.each(TIERS)('preview --tier %s', async (tier) => {
    const view = t.core.catalog.resolve(undefined);
    const message = buildBriefing(view, { tier });
    for (const payload of payloadsOf<DiscordPayload>(await formatMessage(message, 'discord'))) {
      expectValidPayload(payload);
    }
    for (const payload of payloadsOf<SlackPayload>(await formatMessage(message, 'slack'))) {
      expect(validateBlocks(payload.blocks)).toEqual([]);
    }
  });

  it('preview --tier full of a 10,000-claim story: split into several valid payloads', async () => {
    const story = generateStoryObject({ actors: 1000, claims: 10_000, seed: 3 });
    const message = buildBriefing(new StoryView(story, ''), { tier: 'full' });
    const discord = payloadsOf<DiscordPayload>(await formatMessage(message, 'discord'));
    expect(discord.length).toBeGreaterThan(1);
    for (const payload of discord) expectValidPayload(payload);
    const slack = payloadsOf<SlackPayload>(await formatMessage(message, 'slack'));
    expect(slack.length).toBeGreaterThan(1);
    for (const payload of slack) expect(validateBlocks(payload.blocks)).toEqual([]);
  });
});

describe('the real CLI prints them', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-formats-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('ask --format discord "actor putin" prints one valid Discord payload', async () => {
    const env = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`, CONFIG_DIR: dir });
    const result = await runSitrep(['ask', '--format', 'discord', 'actor putin'], { env, timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    const [payload] = payloadsOf<DiscordPayload>(result.stdout);
    expect(payload).toBeDefined();
    if (!payload) return;
    expectValidPayload(payload);
    expect(payload.embeds[0]?.title).toBe('Vladimir Putin');
  });
});
