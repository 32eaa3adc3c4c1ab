import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceEvents } from '../../../src/core/workspaces.js';
import { ADMIN, type ConsoleHarness, EDITOR, formTokenIn, startConsoleHarness } from '../../support/console.js';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';

/** The audit log and the channels page, over HTTP. */

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsoleHarness({
    stories: [SHIPPED_STORY],
    config: 'tracking:\n  - channel: slack:C0TRACK\n    track: story kim-putin-summit\n',
  });
  await h.core.claims.syncAtStart();
  await h.core.router.handle({
    text: 'schedule add daily 09:00 Europe/London',
    caller: { platform: 'slack', userId: 'U0ADMIN', channel: 'slack:C0BRIEF' },
  });
  await h.core.router.handle({
    text: 'set kim-to-visit-russia status=confirmed note=<script>alert(1)</script>',
    caller: { platform: 'slack', userId: 'U0ADMIN', channel: 'slack:C0BRIEF' },
  });
});
afterAll(() => h?.close());

const signedIn = (user: string) => h.signIn(user);

describe('the audit log and the channels page', () => {
  it('the audit log shows who changed what, newest first, as text', async () => {
    const cookie = await signedIn(EDITOR);
    const html = await (await fetch(`${h.origin}/console/audit`, { headers: { cookie } })).text();
    expect(html).toContain('slack:U0ADMIN');
    expect(html).toMatch(/content\.apply|set/);
    expect(html).toContain('console.sign-in');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('the audit log filters by who, how, what, words and day, from the address', async () => {
    const cookie = await signedIn(EDITOR);
    const rows = async (query: string) => {
      const html = await (await fetch(`${h.origin}/console/audit?${query}`, { headers: { cookie } })).text();
      return [
        ...html.matchAll(/<tr><td><time[^>]*>[^<]*<\/time><\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g),
      ].map((m) => ({ actor: m[1], via: m[2], what: m[3] }));
    };
    const signIns = await rows('action=console.sign-in');
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns.every((r) => r.what?.startsWith('console.sign-in'))).toBe(true);
    const byAdmin = await rows('actor=slack%3AU0ADMIN&via=chat');
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((r) => r.actor === 'slack:U0ADMIN' && r.via === 'chat')).toBe(true);
    expect((await rows('text=EUROPE%2FLONDON')).map((r) => r.what)).toEqual([expect.stringMatching(/^schedule\.add/)]);
    expect(await rows('until=2000-01-01')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await rows(`since=${today}`)).length).toBeGreaterThan(0);
  });

  it('the channels page lists each channel with its schedules, alerts and last deliveries, for admins only', async () => {
    const editor = await signedIn(EDITOR);
    expect((await fetch(`${h.origin}/console/channels`, { headers: { cookie: editor } })).status).toBe(403);
    const admin = await signedIn(ADMIN);
    const response = await fetch(`${h.origin}/console/channels`, { headers: { cookie: admin } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('slack:C0BRIEF');
    expect(html).toMatch(/daily 09:00 Europe\/London/);
    expect(html).toContain('slack:C0TRACK');
    expect(html).toMatch(/<h3>Alerts<\/h3><ul><li>story &quot;/);
    expect(html).toMatch(/<td>alert<\/td>/);
  });
});

describe('a workspace that removed Sitrep', () => {
  it('admins see it first on the console’s front page, with the schedules it paused; editors do not; a re-install clears it', async () => {
    const events = workspaceEvents({
      store: h.core.store,
      notifier: { notify: async () => {} },
      directory: { platform: 'slack', workspaceOf: (c) => (c.startsWith('slack:T0GONE/') ? 'T0GONE' : undefined) },
      clock: { now: () => new Date() },
    });
    await h.core.store.schedules.add({
      channel: 'slack:T0GONE/C0GONE',
      story: null,
      spec: 'daily 08:00',
      timezone: 'UTC',
      tier: 'headline',
    });
    await events.removed('T0GONE', 'app_uninstalled');
    const front = async (user: string) =>
      (await fetch(`${h.origin}/console/`, { headers: { cookie: await signedIn(user) } })).text();
    const html = await front(ADMIN);
    expect(html).toContain('Removed from a workspace');
    expect(html).toContain('T0GONE');
    expect(html).toMatch(/app_uninstalled/);
    expect(html).toMatch(/1 schedule is paused until Sitrep is installed there again/);
    expect(await front(EDITOR)).not.toContain('Removed from a workspace');
    await events.installed('T0GONE');
    expect(await front(ADMIN)).not.toContain('Removed from a workspace');
  });
});

describe('channel actions on the channels page (admins)', () => {
  const post = (path: string, cookie: string, token: string, fields: Record<string, string>) =>
    fetch(`${h.origin}${path}`, {
      method: 'POST',
      headers: { cookie, origin: h.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _token: token, ...fields }),
    });
  const tokenFor = async (cookie: string) =>
    formTokenIn(await (await fetch(`${h.origin}/console/channels`, { headers: { cookie } })).text());

  it('adds a schedule (next fire times in its zone), pauses, resumes and removes it, each audited', async () => {
    const admin = await signedIn(ADMIN);
    const token = await tokenFor(admin);
    const added = await post('/console/channels/schedules', admin, token, {
      channel: 'slack:C0NEW',
      spec: 'weekdays 07:30',
      tz: 'Asia/Seoul',
      story: 'kim-putin-summit',
      tier: 'headline',
    });
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toMatch(/Scheduled (s[0-9a-z]+): weekdays 07:30 \(Asia\/Seoul\), headline briefing/);
    const id = /Scheduled (s[0-9a-z]+)/.exec(html)?.[1] ?? '';
    expect(html).toMatch(new RegExp(`${id}</code> weekdays 07:30[^<]*Asia/Seoul[^<]*next [^<]*`));

    const paused = await post(`/console/channels/schedules/${id}/pause`, admin, token, { paused: 'true' });
    expect(await paused.text()).toContain(`Paused ${id}`);
    expect((await h.core.store.schedules.get(id))?.paused).toBe(true);
    await post(`/console/channels/schedules/${id}/pause`, admin, token, { paused: 'false' });
    expect((await h.core.store.schedules.get(id))?.paused).toBe(false);

    const bad = await post('/console/channels/schedules', admin, token, {
      channel: 'slack:C0NEW',
      spec: 'daily 25:99',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/class="banner error"/);

    const removed = await post(`/console/channels/schedules/${id}/remove`, admin, token, {});
    expect(await removed.text()).toContain(`Removed ${id}`);
    expect(await h.core.store.schedules.get(id)).toBeUndefined();
    const actions = (await h.core.store.audit.list({ limit: 50 })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['schedule.add', 'schedule.pause', 'schedule.resume', 'schedule.remove']),
    );
  });

  it('a failing channel says so first, with why and since when', async () => {
    await h.core.store.channels.markFailing(
      'slack:C0BRIEF',
      'channel_archived',
      'the channel was archived',
      new Date(),
    );
    const admin = await signedIn(ADMIN);
    const html = await (await fetch(`${h.origin}/console/channels`, { headers: { cookie: admin } })).text();
    expect(html).toMatch(/<code>slack:C0BRIEF<\/code><\/h2><div class="banner error" role="alert">Failing since/);
    expect(html).toContain('the channel was archived');
    await h.core.store.channels.markHealthy('slack:C0BRIEF', new Date());
  });

  it('sends a test briefing now, through the delivery engine, marked as a test', async () => {
    const admin = await signedIn(ADMIN);
    const sent = await post('/console/channels/test-briefing', admin, await tokenFor(admin), {
      channel: 'slack:C0BRIEF',
      story: 'kim-putin-summit',
      tier: 'headline',
    });
    expect(await sent.text()).toContain('A test headline briefing of kim-putin-summit is on its way to slack:C0BRIEF');
    const [latest] = await h.core.store.deliveries.recent('slack:C0BRIEF', 1);
    expect(latest?.id).toMatch(/^test:/);
    expect(latest?.payload).toContain('Test briefing, sent from the console by slack:U0ADMIN');
  });

  it('an editor cannot act on channels, and no form works without its token', async () => {
    const editor = await signedIn(EDITOR);
    const token = formTokenIn(await (await fetch(`${h.origin}/console/`, { headers: { cookie: editor } })).text());
    const refused = await post('/console/channels/schedules', editor, token, {
      channel: 'slack:C0X',
      spec: 'daily 09:00',
    });
    expect(refused.status).toBe(403);
    const admin = await signedIn(ADMIN);
    const forged = await post('/console/channels/schedules', admin, 'not-the-token', {
      channel: 'slack:C0X',
      spec: 'daily 09:00',
    });
    expect(forged.status).toBe(403);
    expect((await h.core.store.schedules.list()).some((s) => s.channel === 'slack:C0X')).toBe(false);
  });
});
