// End to end through discord.js: only members whose permissions include Manage Server (as Discord
// reports them in the interaction) may change a channel's schedules; everyone may read them.
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

async function scheduleAdd(permissions: string) {
  const sent = h.discord.sendInteraction({
    commandName: 'sitrep',
    group: 'schedule',
    subcommand: 'add',
    options: [{ name: 'schedule', value: 'daily 09:00' }],
    permissions,
  });
  const callback = await sent.callback();
  const data = callback.data as { content?: string; embeds?: unknown[] };
  return `${data.content ?? ''} ${JSON.stringify(data.embeds ?? [])}`;
}

describe('who may manage a Discord channel', () => {
  it('refuses a member without Manage Server, saying who may; accepts one with it', async () => {
    const refused = await scheduleAdd(MEMBER);
    expect(refused).toMatch(/Only this workspace's managers/);
    expect(refused).toContain('Discord members with Manage Server');
    expect(await h.core.store.schedules.list()).toEqual([]);

    const accepted = await scheduleAdd(MANAGER);
    expect(accepted).toContain('Scheduled');
    expect(await h.core.store.schedules.list()).toHaveLength(1);
  });
});
