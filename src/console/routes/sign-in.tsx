import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { INVALID_LINK, SESSION_TTL_MS } from '../../core/console/sign-in.js';
import type { SessionCookie } from '../cookie.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { Banner, Page } from '../layout.js';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Sign-in by one-time link. Opening the link shows a button rather than signing in at once: link
 * previews and mail scanners fetch links with GET, and must not use up a one-time link.
 */
export function signInRoutes(deps: ConsoleDeps, cookie: SessionCookie): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/sign-in', (c) =>
    c.html(
      <Page title="Sign in">
        <h1>Sign in to the Sitrep console</h1>
        <p>The console signs you in with a one-time link, valid for 10 minutes:</p>
        <ul>
          <li>
            in Slack or Discord, type <code>/sitrep console</code> (only you see the answer);
          </li>
          <li>
            on the server, run <code>npx sitrep console link --as slack:U0123ABCD</code>.
          </li>
        </ul>
        <p>Editors and admins are listed in config/sitrep.yaml.</p>
      </Page>,
    ),
  );

  app.get('/sign-in/:token', (c) => {
    const token = c.req.param('token');
    if (!TOKEN.test(token)) return refused(c, INVALID_LINK, 404);
    return c.html(
      <Page title="Sign in">
        <h1>Sign in to the Sitrep console</h1>
        <p>This link works once. Press the button to sign in on this browser.</p>
        <form method="post" action={`/console/sign-in/${token}`}>
          <button type="submit">Sign in</button>
        </form>
      </Page>,
    );
  });

  app.post('/sign-in/:token', async (c) => {
    const token = c.req.param('token');
    if (!TOKEN.test(token)) return refused(c, INVALID_LINK, 404);
    const from = (() => {
      try {
        return getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        return 'unknown';
      }
    })();
    const outcome = await deps.signIn.redeem(token, from);
    if (!outcome.ok) return refused(c, outcome.message, outcome.reason === 'unknown' ? 404 : 410);
    setCookie(c, cookie.name, outcome.secret, { ...cookie.options, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
    return c.redirect('/console/', 303);
  });

  return app;
}

/** The message says what to do next, when anything helps; the page adds nothing to it. */
function refused(c: Context, message: string, status: 404 | 410) {
  return c.html(
    <Page title="Sign-in refused">
      <h1>Sign-in refused</h1>
      <Banner tone="error">{message}</Banner>
    </Page>,
    status,
  );
}
