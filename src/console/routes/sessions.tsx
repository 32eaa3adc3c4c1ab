import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { SessionCookie } from '../cookie.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Banner, FormToken, Page } from '../layout.js';
import { DataTable } from '../table.js';

/** Sign-out, and the sessions page: one's own sessions (admins: everyone's), each can be ended. */
export function sessionRoutes(deps: ConsoleDeps, cookie: SessionCookie): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.post('/sign-out', async (c) => {
    const identity = c.get('identity');
    await deps.signIn.end(identity, identity.session.id);
    deleteCookie(c, cookie.name, cookie.options);
    return c.redirect('/console/sign-in', 303);
  });

  app.get('/sessions', async (c) => {
    const identity = c.get('identity');
    const sessions = await deps.signIn.sessions(identity);
    const ended = c.req.query('ended');
    return c.html(
      <Page title="Sessions" identity={identity} section="sessions">
        <h1>Sessions</h1>
        {ended && <Banner tone="ok">Session {ended} ended.</Banner>}
        <p>
          {identity.role === 'admin' ? 'Everyone’s' : 'Your'} signed-in sessions. Ending one signs that browser out at
          once, on every replica.
        </p>
        <DataTable
          headings={[
            'Session',
            'Who',
            'Signed in',
            'Expires',
            { heading: <span class="visually-hidden">Action</span> },
          ]}
          rows={sessions.map((s) => [
            <>
              {s.id}
              {s.id === identity.session.id ? ' (this one)' : ''}
            </>,
            s.user,
            <When at={s.createdAt} />,
            <When at={s.expiresAt} />,
            <form method="post" action={`/console/sessions/${s.id}/end`} class="inline">
              <FormToken identity={identity} />
              <button type="submit" class="secondary" aria-label={`End session ${s.id}`}>
                End
              </button>
            </form>,
          ])}
        />
      </Page>,
    );
  });

  app.post('/sessions/:id/end', async (c) => {
    const identity = c.get('identity');
    const id = c.req.param('id');
    const ended = await deps.signIn.end(identity, id);
    if (id === identity.session.id) {
      deleteCookie(c, cookie.name, cookie.options);
      return c.redirect('/console/sign-in', 303);
    }
    return ended
      ? c.redirect(`/console/sessions?ended=${encodeURIComponent(id)}`, 303)
      : c.redirect('/console/sessions', 303);
  });

  return app;
}
