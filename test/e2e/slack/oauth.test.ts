import { afterEach, describe, expect, it } from 'vitest';
import { type OAuthHarness, SIGNING_SECRET, shiftedClock, startOAuthHarness } from './oauth-harness.js';

describe('Slack OAuth: Sitrep installed in two workspaces at once', () => {
  let h: OAuthHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('installs through /slack/install, each workspace posts with its own token only, and an uninstall pauses only its schedules', async () => {
    const clock = shiftedClock('2026-03-09T08:00:00Z');
    h = await startOAuthHarness({ workspaces: 2, clock });
    const [one, two] = h.slack.workspaces;
    if (!one || !two) throw new Error('two workspaces expected');

    for (const ws of [one, two]) {
      const page = await h.install(ws.teamId);
      expect(page.status).toBe(200);
    }
    const stored = await h.core.store.installations.list('slack');
    expect(stored.map((i) => [i.workspace, i.installerUserId])).toEqual([
      [one.teamId, one.installerUserId],
      [two.teamId, two.installerUserId],
    ]);

    // A plain member may not schedule; the installer of one workspace and an admin of the other may.
    const byMember = await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      teamId: one.teamId,
      channelId: 'C0000ONE',
      userId: 'U0MEMBER',
      text: 'schedule add daily 09:00 UTC headline',
    });
    expect(byMember.body).toMatch(/Only this workspace's managers/);
    h.slack.setUser(two.teamId, { id: 'U0ADMIN2', is_admin: true });
    for (const [ws, channelId, userId] of [
      [one, 'C0000ONE', one.installerUserId],
      [two, 'C0000TWO', 'U0ADMIN2'],
    ] as const) {
      const res = await h.slack.sendSlashCommand({
        url: h.eventsUrl,
        signingSecret: SIGNING_SECRET,
        teamId: ws.teamId,
        channelId,
        userId,
        text: 'schedule add daily 09:00 UTC headline',
      });
      expect(res.body).toContain('Scheduled');
    }
    const schedules = await h.core.store.schedules.list();
    expect(schedules.map((s) => s.channel).sort()).toEqual([
      `slack:${one.teamId}/C0000ONE`,
      `slack:${two.teamId}/C0000TWO`,
    ]);

    // Just before 09:00: at 09:00 each channel gets its briefing, posted with its own workspace's token.
    clock.jumpTo('2026-03-09T08:59:59.500Z');
    await h.slack.waitFor(() => h?.slack.posted.length === 2, 8000, 'two briefings');
    const posts = h.slack.posted.map((p) => `${p.team} ${p.channel}`).sort();
    expect(posts).toEqual([`${one.teamId} C0000ONE`, `${two.teamId} C0000TWO`]);
    const postCalls = h.slack.requests.filter((r) => r.method === 'chat.postMessage');
    expect(postCalls).toHaveLength(2);
    expect(postCalls.every((r) => (r.channel === 'C0000ONE' ? one.teamId : two.teamId) === r.team)).toBe(true);

    // The first workspace removes Sitrep: its installation goes, its schedule pauses, admins are told.
    const answers = await h.slack.uninstallApp(one.teamId, { url: h.eventsUrl, signingSecret: SIGNING_SECRET });
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitUntil(async () => (await h?.core.store.installations.get('slack', one.teamId)) === undefined);
    const after = await h.core.store.schedules.list({ includePaused: true });
    expect(after.find((s) => s.channel.includes(one.teamId))?.paused).toBe(true);
    expect(after.find((s) => s.channel.includes(two.teamId))?.paused).toBe(false);
    expect(h.notices.map((n) => n.text).join('\n')).toMatch(
      new RegExp(`removed from slack workspace ${one.teamId}.*1 schedule is paused`),
    );
    expect((await h.core.store.installations.list('slack')).map((i) => i.workspace)).toEqual([two.teamId]);
  }, 30_000);

  it('channels stored by a single-token deployment learn their workspace when it is installed', async () => {
    h = await startOAuthHarness({
      workspaces: 2,
      clock: shiftedClock('2026-03-09T08:00:00Z'),
      channels: [['C0000ONE'], ['C0000TWO']],
    });
    const [one, two] = h.slack.workspaces;
    if (!one || !two) throw new Error('two workspaces expected');
    const { store } = h.core;
    const old = await store.schedules.add({
      channel: 'slack:C0000ONE',
      story: null,
      spec: 'daily 09:00',
      timezone: 'UTC',
      tier: 'short',
    });
    await store.tracking.add({
      channel: 'slack:C0000ONE',
      kind: 'story',
      target: 'kim-putin-summit',
      story: 'kim-putin-summit',
    });

    await h.install(two.teamId);
    expect((await store.schedules.get(old.id))?.channel).toBe('slack:C0000ONE');
    await h.install(one.teamId);
    expect((await store.schedules.get(old.id))?.channel).toBe(`slack:${one.teamId}/C0000ONE`);
    expect((await store.tracking.list()).map((t) => t.channel)).toEqual([`slack:${one.teamId}/C0000ONE`]);
  });

  it('refuses a callback whose state is not from this browser', async () => {
    h = await startOAuthHarness({ workspaces: 1, clock: shiftedClock('2026-03-09T08:00:00Z') });
    const start = await fetch(`${h.baseUrl}/slack/install`, { redirect: 'manual' });
    const consent = new URL(start.headers.get('location') ?? '');
    const approved = await fetch(consent, { redirect: 'manual' });
    // No state cookie: a link sent to someone else, or a forged callback.
    const done = await fetch(approved.headers.get('location') ?? '', { redirect: 'manual' });
    expect(done.status).toBeGreaterThanOrEqual(400);
    expect(await h.core.store.installations.list('slack')).toEqual([]);
    expect(h.slack.requests.some((r) => r.method === 'oauth.v2.access')).toBe(false);
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
