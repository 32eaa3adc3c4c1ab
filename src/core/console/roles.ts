import { type People, rolesOf } from '../access.js';
import { parseChannelAddress } from '../ports.js';

/** What a console user may do: editors change content; admins also channels, schedules and tracking. */
export type ConsoleRole = 'editor' | 'admin';

/**
 * The console role of a user address (`slack:U0123`), decided by `access.ts` like every other
 * permission. A `shell:` user is the person at the server's terminal (the operator): an admin, as
 * in the shell REPL. Platform roles are not known here and never grant content edits anyway.
 */
export function consoleRole(user: string, people: People): ConsoleRole | undefined {
  const address = parseChannelAddress(user);
  if (!address) return undefined;
  const roles = rolesOf(
    { platform: address.platform, userId: address.id, operator: address.platform === 'shell' },
    people,
  );
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('editor')) return 'editor';
  return undefined;
}
