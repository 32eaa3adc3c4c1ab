import { OAuth2Scopes, PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS, inviteText, inviteUrl } from '../../../../src/adapters/discord/invite.js';

describe('sitrep discord invite', () => {
  it('asks for the bot and its commands, and exactly the permission bits Sitrep uses', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(
      [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].sort(),
    );
    const bits = BigInt(url.searchParams.get('permissions') ?? '0');
    const expected =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.CreatePublicThreads |
      PermissionFlagsBits.SendMessagesInThreads;
    expect(bits).toBe(expected);
    // Nothing that lets the bot moderate, manage or ping everyone.
    for (const dangerous of [
      PermissionFlagsBits.Administrator,
      PermissionFlagsBits.ManageGuild,
      PermissionFlagsBits.ManageMessages,
      PermissionFlagsBits.MentionEveryone,
    ]) {
      expect(bits & dangerous).toBe(0n);
    }
    expect(url.searchParams.get('integration_type')).toBe('0');
  });

  it('explains every scope and permission it asks for', () => {
    const text = inviteText('123456789012345678', { guildId: '998877665544332211' });
    const [first] = text.split('\n');
    expect(new URL(first ?? '').searchParams.get('guild_id')).toBe('998877665544332211');
    expect(text).toContain('bot: ');
    expect(text).toContain('applications.commands: ');
    for (const p of INVITE_PERMISSIONS) expect(text).toMatch(new RegExp(`${p.name} \\(${p.value}\\): \\S`));
  });
});
