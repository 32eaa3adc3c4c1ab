import { OAuth2Scopes, PermissionFlagsBits } from 'discord-api-types/v10';

/**
 * The bot's invite: the OAuth2 "add a bot to a server" URL (discord.com/oauth2/authorize) with
 * exactly the scopes and permission bits Sitrep uses, each with the reason a server owner sees in
 * `sitrep discord invite`. Nothing more: Discord shows every bit on the consent screen, and an app
 * asking for Administrator or Manage Messages it never uses is one people rightly refuse.
 */

export interface InviteGrant<T> {
  value: T;
  name: string;
  why: string;
}

export const INVITE_SCOPES: readonly InviteGrant<OAuth2Scopes>[] = [
  { value: OAuth2Scopes.Bot, name: 'bot', why: 'adds the Sitrep bot user to the server, so it can post' },
  {
    value: OAuth2Scopes.ApplicationsCommands,
    name: 'applications.commands',
    why: 'lets the server use the /sitrep slash command',
  },
];

export const INVITE_PERMISSIONS: readonly InviteGrant<bigint>[] = [
  {
    value: PermissionFlagsBits.ViewChannel,
    name: 'View Channels',
    why: 'see the channels it is asked to post briefings and alerts in',
  },
  { value: PermissionFlagsBits.SendMessages, name: 'Send Messages', why: 'post scheduled briefings and alerts' },
  {
    value: PermissionFlagsBits.EmbedLinks,
    name: 'Embed Links',
    why: 'briefings, actor cards and alerts are embeds; without it Discord strips them',
  },
  {
    value: PermissionFlagsBits.ReadMessageHistory,
    name: 'Read Message History',
    why: 'start an alert thread on its own earlier alert message (channels tracking with `thread`)',
  },
  {
    value: PermissionFlagsBits.CreatePublicThreads,
    name: 'Create Public Threads',
    why: 'open one thread per claim for channels that track with `thread`',
  },
  {
    value: PermissionFlagsBits.SendMessagesInThreads,
    name: 'Send Messages in Threads',
    why: 'post later alerts about that claim as replies in its thread',
  },
];

/** The permission integer Discord expects in `permissions=`, as a decimal string. */
export function invitePermissions(): string {
  return INVITE_PERMISSIONS.reduce((bits, p) => bits | p.value, 0n).toString();
}

/** Discord's authorize page; the path every Discord guide gives for bot invites. */
export const AUTHORIZE_URL = 'https://discord.com/oauth2/authorize';

export function inviteUrl(applicationId: string, options: { guildId?: string } = {}): string {
  const url = new URL(AUTHORIZE_URL);
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', INVITE_SCOPES.map((s) => s.value).join(' '));
  url.searchParams.set('permissions', invitePermissions());
  // 0 = guild install (the bot joins a server), not a user install.
  url.searchParams.set('integration_type', '0');
  if (options.guildId) url.searchParams.set('guild_id', options.guildId);
  return url.href;
}

/** What `sitrep discord invite` prints: the URL first (so `| head -1` gets it), then why each grant. */
export function inviteText(applicationId: string, options: { guildId?: string } = {}): string {
  const lines = [inviteUrl(applicationId, options), '', 'Scopes:'];
  for (const s of INVITE_SCOPES) lines.push(`  ${s.name}: ${s.why}`);
  lines.push(`Permissions (${invitePermissions()}):`);
  for (const p of INVITE_PERMISSIONS) lines.push(`  ${p.name} (${p.value}): ${p.why}`);
  lines.push(
    '',
    'Open the URL as someone with Manage Server on the server, pick the server, and authorise.',
    'Then run `npx sitrep discord register` once so /sitrep appears.',
  );
  return lines.join('\n');
}
