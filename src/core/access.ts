import type { Caller, Permission } from './ports.js';

/**
 * Who may do what, decided in one place (PRODUCT.md, Roles). Everyone may read. A workspace's or
 * server's managers, as their platform reports them, manage their own channels' schedules and
 * tracking. Editors (`editors` in config) change story content. Admins (`admins` in config and
 * `ADMINS`, and the person running the process at its terminal) do both, everywhere. A platform
 * role alone never grants a content edit: a Discord server's moderators are not the newsroom.
 */

export type Role = 'reader' | 'manager' | 'editor' | 'admin';

/** The people the configuration names, as `slack:U…` / `discord:…` user addresses. */
export interface People {
  admins: readonly string[];
  editors: readonly string[];
}

/** What the decision needs to know about a caller; the console builds one from its session. */
export type Identity = Pick<Caller, 'platform' | 'userId' | 'platformManager' | 'operator'>;

export function userAddress(who: Pick<Caller, 'platform' | 'userId'>): string {
  return `${who.platform}:${who.userId}`;
}

/** Every role the caller holds (a manager may also be an editor); `reader` always. */
export function rolesOf(who: Identity, people: People): Role[] {
  const address = userAddress(who);
  if (who.operator || people.admins.includes(address)) return ['reader', 'manager', 'editor', 'admin'];
  const roles: Role[] = ['reader'];
  if (who.platformManager) roles.push('manager');
  if (people.editors.includes(address)) roles.push('editor');
  return roles;
}

const NEEDS: Record<Permission, Role> = { read: 'reader', manage: 'manager', edit: 'editor' };

export function may(who: Identity, permission: Permission, people: People): boolean {
  const roles = rolesOf(who, people);
  return roles.includes('admin') || roles.includes(NEEDS[permission]);
}

export function isAdmin(who: Identity, people: People): boolean {
  return rolesOf(who, people).includes('admin');
}

/** Who may, in words a refused caller can act on. */
export function whoMay(permission: Permission): string {
  switch (permission) {
    case 'read':
      return 'everyone';
    case 'manage':
      return "this workspace's managers (Slack workspace admins and owners, Discord members with Manage Server) and Sitrep admins";
    case 'edit':
      return "the editors and admins named in the bot's configuration (config/sitrep.yaml, or ADMINS)";
  }
}

/** Said after an edit refusal because a server moderator otherwise expects their platform role to count. */
const EDIT_ROLE_NOTE = 'Platform roles do not grant edits.';

/** The short refusal for a command the caller may not run, in whole sentences. */
export function refusal(permission: Permission, command: string): string {
  const sentence = `Only ${whoMay(permission)} can use /sitrep ${command}.`;
  return permission === 'edit' ? `${sentence} ${EDIT_ROLE_NOTE}` : sentence;
}
