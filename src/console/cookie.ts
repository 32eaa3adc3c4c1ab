import type { CookieOptions } from 'hono/utils/cookie';

export interface SessionCookie {
  name: string;
  prefix: 'host' | undefined;
  options: CookieOptions;
}

/**
 * The session cookie: HttpOnly, SameSite=Lax (a link from chat opens the console signed in; a
 * cross-site POST carries no cookie). Behind https (`SITREP_PUBLIC_URL`), Secure with the
 * `__Host-` prefix, so no other host or path can set or shadow it.
 */
export function sessionCookie(publicUrl: string | undefined): SessionCookie {
  const secure = publicUrl?.startsWith('https:') === true;
  return secure
    ? {
        name: 'sitrep_console',
        prefix: 'host',
        options: { httpOnly: true, sameSite: 'Lax', secure: true, path: '/', prefix: 'host' },
      }
    : { name: 'sitrep_console', prefix: undefined, options: { httpOnly: true, sameSite: 'Lax', path: '/console' } };
}
