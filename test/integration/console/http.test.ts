import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type ConsoleHarness, EDITOR, formTokenIn, startConsoleHarness } from '../../support/console.js';
import { manualClock } from '../../support/databases.js';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';

/**
 * The console's HTTP contract, without a browser: what any client gets, whatever it sends. A
 * browser sends Origin (and Sec-Fetch-Site) with every form POST; these requests set them by hand.
 */

let h: ConsoleHarness;
const clock = manualClock(new Date());

beforeAll(async () => {
  h = await startConsoleHarness({ stories: [SHIPPED_STORY], clock, app: { signInAttemptsPerMinute: 30 } });
});
afterAll(() => h?.close());

async function signIn(user = EDITOR): Promise<{ cookie: string; token: string }> {
  const link = await h.link(user);
  const response = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
  expect(response.status).toBe(303);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await fetch(`${h.origin}/console/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return { cookie, token: formTokenIn(await page.text()) };
}

function post(path: string, form: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${h.origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

const PAGES = [
  '/console',
  '/console/',
  '/console/stories/kim-putin-summit',
  '/console/stories/kim-putin-summit/claims',
  '/console/stories/kim-putin-summit/claims/kim-to-visit-russia',
  '/console/stories/no-such-story',
  '/console/sessions',
  '/console/audit',
  '/console/channels',
  '/console/new-story',
  '/console/proposals',
  '/console/stories/kim-putin-summit/edit',
  '/console/stories/kim-putin-summit/preview',
  '/console/stories/kim-putin-summit/new-claim',
  '/console/stories/kim-putin-summit/claims/kim-to-visit-russia/edit',
  '/console/stories/kim-putin-summit/actors/new',
  '/console/stories/kim-putin-summit/actors/vladimir-putin/edit',
  '/console/stories/kim-putin-summit/actors/vladimir-putin/remove',
  '/console/stories/kim-putin-summit/sources/new',
  '/console/stories/kim-putin-summit/timeline/0/edit',
];

describe('without a session', () => {
  it.each(PAGES)('GET %s redirects to the sign-in page', async (page) => {
    const response = await fetch(`${h.origin}${page}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/console/sign-in');
  });

  it.each([
    '/console/sign-out',
    '/console/sessions/abc/end',
    '/console/stories/kim-putin-summit/claims/kim-to-visit-russia',
    '/console/stories/kim-putin-summit/claims/kim-to-visit-russia/edit',
    '/console/stories/kim-putin-summit/actors/new',
    '/console/stories/kim-putin-summit/actors/vladimir-putin/remove',
    '/console/stories/kim-putin-summit/edit',
    '/console/new-story',
    '/console/channels/schedules',
    '/console/channels/test-briefing',
  ])('POST %s answers 401 and changes nothing', async (path) => {
    const response = await post(path, { status: 'denied' }, { origin: h.origin });
    expect(response.status).toBe(401);
  });

  it('the sign-in page says how to get a link', async () => {
    const response = await fetch(`${h.origin}/console/sign-in`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/sitrep console');
  });
});

describe('sign-in with a one-time link', () => {
  it('opening the link does not use it (link previews fetch it); pressing Sign in does, once', async () => {
    const link = await h.link();
    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<button type="submit">Sign in</button>');
    }
    const first = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sitrep_console=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);

    const again = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    const refusal = await again.text();
    expect(refusal).toContain(
      'This sign-in link has already been used. Ask for a new one with /sitrep console in chat.',
    );
    expect(refusal.match(/Ask for a new/g)).toHaveLength(1);
  });

  it('refuses an expired link', async () => {
    const link = await h.link();
    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    const response = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('expired');
  });

  it('refuses a made-up link', async () => {
    const response = await fetch(`${h.origin}/console/sign-in/${'A'.repeat(43)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: h.origin },
    });
    expect(response.status).toBe(404);
  });

  it('gives no link to someone who is neither an editor nor an admin', async () => {
    const issued = await h.core.signIn.issueLink('slack:U0STRANGER', 'cli');
    expect(issued).toEqual({ ok: false, message: expect.stringContaining('neither an editor nor an admin') });
  });

  it('audits sign-ins, accepted and refused', async () => {
    await signIn();
    const entries = await h.core.store.audit.list({ limit: 20 });
    expect(entries.some((e) => e.action === 'console.sign-in' && e.outcome === 'ok' && e.actor === EDITOR)).toBe(true);
    expect(entries.some((e) => e.action === 'console.sign-in' && e.outcome === 'refused')).toBe(true);
  });
});

describe('forms', () => {
  it('a signed-in page carries the headers that keep it inert: CSP with no script, no framing, no caching', async () => {
    const { cookie } = await signIn();
    const response = await fetch(`${h.origin}/console/`, { headers: { cookie } });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('refuses a POST from another origin, or with no origin at all, even with the session cookie and token', async () => {
    const { cookie, token } = await signIn();
    const cross = await post('/console/sign-out', { _token: token }, { cookie, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const crossSite = await post('/console/sign-out', { _token: token }, { cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const none = await post('/console/sign-out', { _token: token }, { cookie });
    expect(none.status).toBe(403);
    // Still signed in: none of them ended the session.
    expect((await fetch(`${h.origin}/console/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  });

  it('refuses a same-origin POST without the session’s form token', async () => {
    const { cookie } = await signIn();
    const missing = await post('/console/sign-out', {}, { cookie, origin: h.origin });
    expect(missing.status).toBe(403);
    const other = await signIn();
    const wrong = await post('/console/sign-out', { _token: other.token }, { cookie, origin: h.origin });
    expect(wrong.status).toBe(403);
    expect((await fetch(`${h.origin}/console/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  });

  it('refuses an oversized form with 413 before reading it', async () => {
    const { cookie, token } = await signIn();
    const response = await post(
      '/console/sign-out',
      { _token: token, text: 'x'.repeat(70 * 1024) },
      { cookie, origin: h.origin },
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('too large');
    expect((await fetch(`${h.origin}/console/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  });

  it('signing out ends the session on the server: the old cookie no longer works', async () => {
    const { cookie, token } = await signIn();
    const out = await post('/console/sign-out', { _token: token }, { cookie, origin: h.origin });
    expect(out.status).toBe(303);
    const after = await fetch(`${h.origin}/console/`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(302);
  });

  it('an admin ends another person’s session from the sessions page', async () => {
    const editor = await signIn(EDITOR);
    const admin = await signIn(ADMIN);
    const page = await (await fetch(`${h.origin}/console/sessions`, { headers: { cookie: admin.cookie } })).text();
    const target = (await h.core.signIn.identify(editor.cookie.split('=')[1] ?? ''))?.session.id ?? 'none';
    expect(page).toContain(target);
    const ended = await post(
      `/console/sessions/${target}/end`,
      { _token: admin.token },
      {
        cookie: admin.cookie,
        origin: h.origin,
      },
    );
    expect(ended.status).toBe(303);
    expect(
      (await fetch(`${h.origin}/console/`, { headers: { cookie: editor.cookie }, redirect: 'manual' })).status,
    ).toBe(302);
  });
});

describe('sign-in attempts are rate-limited', () => {
  it('answers 429 after too many attempts from one address in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      statuses.push((await fetch(`${h.origin}/console/sign-in/${'B'.repeat(43)}`)).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
  });
});
