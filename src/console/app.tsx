import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { sameToken } from '../core/console/sign-in.js';
import { CONSOLE_CSS } from './assets.js';
import { sessionCookie } from './cookie.js';
import type { ConsoleDeps, ConsoleEnv } from './deps.js';
import { Page } from './layout.js';
import { AttemptLimiter } from './rate-limit.js';
import { channelRoutes } from './routes/channels.js';
import { claimEditRoutes } from './routes/claim-edit.js';
import { claimRoutes } from './routes/claims.js';
import { entityEditRoutes } from './routes/entity-edit.js';
import { overviewRoutes } from './routes/overview.js';
import { previewRoutes } from './routes/preview.js';
import { proposalRoutes } from './routes/proposals.js';
import { sessionRoutes } from './routes/sessions.js';
import { signInRoutes } from './routes/sign-in.js';
import { storyRoutes } from './routes/stories.js';

/** Forms are small; anything larger is refused before it is read. */
export const MAX_FORM_BYTES = 64 * 1024;

export interface ConsoleAppOptions {
  /** Sign-in attempts per client address per minute. Default 20. */
  signInAttemptsPerMinute?: number;
}

/**
 * The editors' console: server-rendered pages under /console, no script. Every page but sign-in
 * needs a session; every POST passes Hono's origin check and carries the session's form token
 * (docs/adr/0060-console-csrf.md). Each area is a routes module: a new area (proposals' review
 * page) is one more `app.route(...)` here.
 */
export function createConsoleApp(deps: ConsoleDeps, options: ConsoleAppOptions = {}): Hono<ConsoleEnv> {
  // Not strict: /console and /console/ are the same page.
  const app = new Hono<ConsoleEnv>({ strict: false }).basePath('/console');
  const publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : undefined;
  const cookie = sessionCookie(deps.publicUrl);
  const limiter = new AttemptLimiter(options.signInAttemptsPerMinute ?? 20, 60_000);

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        scriptSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      ...(publicOrigin?.startsWith('https:') ? {} : { strictTransportSecurity: false }),
    }),
  );
  app.use(async (c, next) => {
    await next();
    // Pages show story content and who edited it: not for shared caches or the back button of a
    // signed-out browser.
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });
  app.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) =>
        c.html(
          <Page title="Too large">
            <h1>Form too large</h1>
            <p>
              That form was larger than {MAX_FORM_BYTES / 1024} KB and was not saved. Shorten the text and try again.
            </p>
          </Page>,
          413,
        ),
    }),
  );
  app.use(
    csrf({
      origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin,
    }),
  );

  app.get('/assets/console.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.use('/sign-in/*', async (c, next) => {
    const address = clientAddress(c);
    if (!limiter.allow(address)) {
      deps.log.warn({ address }, 'console sign-in attempts rate-limited');
      c.header('Retry-After', '60');
      return c.html(
        <Page title="Too many attempts">
          <h1>Too many sign-in attempts</h1>
          <p>Wait a minute, then open your link again.</p>
        </Page>,
        429,
      );
    }
    await next();
  });
  app.route('/', signInRoutes(deps, cookie));

  // Everything below needs a live session; forms also need its token.
  app.use(async (c, next) => {
    const secret = getCookie(c, cookie.name, cookie.prefix);
    const identity = secret ? await deps.signIn.identify(secret) : undefined;
    if (!identity) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/console/sign-in', 302);
      return c.html(
        <Page title="Signed out">
          <h1>Not signed in</h1>
          <p>
            Your session has ended; nothing was saved. <a href="/console/sign-in">Sign in again</a>.
          </p>
        </Page>,
        401,
      );
    }
    c.set('identity', identity);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const token = typeof body._token === 'string' ? body._token : '';
      if (!sameToken(token, identity.formToken)) {
        return c.html(
          <Page title="Refused" identity={identity}>
            <h1>Form refused</h1>
            <p>
              This form did not come from your console session (it may be from before you signed in again). Nothing was
              saved; go back, reload the page and try again.
            </p>
          </Page>,
          403,
        );
      }
    }
    await next();
  });
  app.route('/', sessionRoutes(deps, cookie));
  app.route('/', storyRoutes(deps));
  app.route('/', claimRoutes(deps));
  app.route('/', claimEditRoutes(deps));
  app.route('/', entityEditRoutes(deps));
  app.route('/', overviewRoutes(deps));
  app.route('/', channelRoutes(deps));
  app.route('/', previewRoutes(deps));
  app.route('/', proposalRoutes(deps));

  app.notFound((c) =>
    c.html(
      <Page title="Not found" identity={c.get('identity')}>
        <h1>Not found</h1>
        <p>
          Nothing here. <a href="/console/">Back to the stories</a>.
        </p>
      </Page>,
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    const ref = crypto.randomUUID().slice(0, 8);
    deps.log.error({ err: error, ref, path: c.req.path }, 'console request failed');
    return c.html(
      <Page title="Error" identity={c.get('identity')}>
        <h1>Something went wrong</h1>
        <p>It has been logged (ref {ref}). Nothing you typed was saved unless a page said so.</p>
      </Page>,
      500,
    );
  });
  return app;
}

function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
