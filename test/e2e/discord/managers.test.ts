// End to end through discord.js: only members whose permissions include Manage Server may change a
// channel's schedules. Discord enforces it first (the managing commands are under /sitrep-admin,
// registered with default_member_permissions), and Sitrep checks the member's permissions again.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const MEMBER = (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).toString();
const MANAGER = (BigInt(MEMBER) | PermissionFlagsBits.ManageGuild).toString();
const SCHEDULE_ADD = {
  commandName: 'sitrep-admin',
  group: 'schedule',
  subcommand: 'add',
  options: [{ name: 'schedule', value: 'daily 09:00' }],
};

async function answerText(sent: { callback(): Promise<{ data?: unknown }> }) {
  const data = (await sent.callback()).data as { content?: string; embeds?: unknown[] };
  return `${data.content ?? ''} ${JSON.stringify(data.embeds ?? [])}`;
}

describe('who may manage a Discord channel', () => {
  it('registers the managing commands under /sitrep-admin, for members with Manage Server, in servers only', () => {
    const registered =
      h.discord.commands.global.length > 0 ? h.discord.commands.global : [...h.discord.commands.guilds.values()].flat();
    const admin = registered.find((c) => c.name === 'sitrep-admin');
    expect(admin).toMatchObject({
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      contexts: [0],
    });
    const names = (command: unknown) =>
      ((command as { options: Array<{ name: string }> }).options ?? []).map((o) => o.name);
    expect(names(admin)).toEqual(expect.arrayContaining(['schedule', 'track', 'untrack']));
    const sitrep = registered.find((c) => c.name === 'sitrep');
    expect(names(sitrep)).not.toContain('track');
    // Reading a channel's schedules stays with everyone.
    expect(names(sitrep)).toEqual(expect.arrayContaining(['schedule', 'tracking', 'actor']));
  });

  it('a member without Manage Server is not offered /sitrep-admin; a manager schedules through it', async () => {
    expect(() => h.discord.sendInteraction({ ...SCHEDULE_ADD, permissions: MEMBER })).toThrow(
      /does not offer \/sitrep-admin/,
    );
    const accepted = await answerText(h.discord.sendInteraction({ ...SCHEDULE_ADD, permissions: MANAGER }));
    expect(accepted).toContain('Scheduled');
    expect(await h.core.store.schedules.list()).toHaveLength(1);
  });

  it('checks again itself: an interaction Discord would not have sent is refused, saying who may', async () => {
    const before = (await h.core.store.schedules.list()).length;
    const forged = h.discord.buildInteraction({ ...SCHEDULE_ADD, permissions: MANAGER });
    (forged.member as { permissions: string }).permissions = MEMBER;
    const refused = await answerText(h.discord.sendInteraction({ raw: forged }));
    expect(refused).toMatch(/Only this workspace's managers/);
    expect(refused).toContain('Discord members with Manage Server');
    expect(await h.core.store.schedules.list()).toHaveLength(before);
  });
});
