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

async function signedIn(user: string): Promise<string> {
  const response = await fetch(await h.link(user), {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: h.origin },
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  formTokenIn(await (await fetch(`${h.origin}/console/`, { headers: { cookie } })).text());
  return cookie;
}

describe('the audit log and the channels page', () => {
  it('the audit log shows who changed what, newest first, as text', async () => {
    const cookie = await signedIn(EDITOR);
    const html = await (await fetch(`${h.origin}/console/audit`, { headers: { cookie } })).text();
    expect(html).toContain('slack:U0ADMIN');
    expect(html).toMatch(/content\.apply|set/);
    expect(html).toContain('console.sign-in');
    expect(html).not.toContain('<script>alert(1)</script>');
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
    expect(html).toMatch(/alerts: story/);
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
