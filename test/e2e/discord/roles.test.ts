// Issue 11, item 5: Discord members with Manage Server or Administrator could `set` story content
// without being in ADMINS. Platform roles never grant content edits; `editors` in config do.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfShippedBriefings, type Harness, startHarness } from './harness.js';

const EDITOR = { id: '1100000000000000777', username: 'desk', global_name: 'Desk Editor' };
const MODERATOR = { id: '1100000000000000888', username: 'mod', global_name: 'Server Moderator' };
const ADMINISTRATOR = '8';
const MANAGE_SERVER = '32';
const NOTHING_SPECIAL = '2048';

let h: Harness;
let briefings: string;
const storyFile = () => join(briefings, 'kim-putin-summit.yaml');

beforeAll(async () => {
  briefings = await copyOfShippedBriefings();
  h = await startHarness({ briefingsDir: briefings, configYaml: `editors: [discord:${EDITOR.id}]\n` });
});

afterAll(async () => {
  await h?.close();
  await rm(briefings, { recursive: true, force: true });
});

async function set(user: typeof EDITOR, permissions: string, changes: string): Promise<string> {
  const sent = h.discord.sendInteraction({
    commandName: 'sitrep',
    subcommand: 'set',
    options: [
      { name: 'claim', value: 'kim-to-visit-russia' },
      { name: 'changes', value: changes },
    ],
    user,
    permissions,
  });
  const callback = await sent.callback();
  if (callback.type === 5) return String((await sent.originalEdit()).body?.content);
  return String((callback.data as { content?: string }).content);
}

describe('content edits from Discord', () => {
  it.each([
    ['Administrator', ADMINISTRATOR],
    ['Manage Server', MANAGE_SERVER],
  ])('a member with %s who is not an editor is refused, told who may, and nothing changes', async (_, bits) => {
    const before = await readFile(storyFile(), 'utf8');
    const reply = await set(MODERATOR, bits, 'status=confirmed');
    // Discord markdown escapes (\( and \`) do not show; compare what the member reads.
    expect(reply.replaceAll('\\', '')).toBe(
      "Only the editors and admins named in the bot's configuration (config/sitrep.yaml, or ADMINS) can use /sitrep set. Platform roles do not grant edits.",
    );
    expect(await readFile(storyFile(), 'utf8')).toBe(before);
    expect((await h.core.store.revisions.latest('kim-putin-summit'))?.author).not.toBe(`discord:${MODERATOR.id}`);
    const [entry] = await h.core.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: `discord:${MODERATOR.id}`, action: 'set', outcome: 'refused' });
  });

  it('an editor named in config may set, with no platform role at all', async () => {
    const reply = await set(EDITOR, NOTHING_SPECIAL, 'confidence=high');
    expect(reply).toContain('Updated kim-to-visit-russia');
    expect(await h.core.store.revisions.latest('kim-putin-summit')).toMatchObject({
      author: `discord:${EDITOR.id}`,
      via: 'chat',
    });
  });
});
