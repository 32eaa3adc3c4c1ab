// End to end through Bolt with one bot token: Slack says who manages the workspace (users.info
// is_admin / is_owner); only they may change a channel's schedules, and a refusal says who may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});
afterAll(async () => {
  await h?.close();
});

const scheduleAdd = (userId: string) =>
  h.slack.sendSlashCommand({
    url: h.eventsUrl,
    signingSecret: SIGNING_SECRET,
    channelId: 'C0000TEST',
    userId,
    text: 'schedule add daily 09:00',
  });

describe('who may manage a Slack channel', () => {
  it('asks Slack who manages the workspace only for commands that depend on it, not for lookups', async () => {
    const asked = () => h.slack.requests.filter((r) => r.method === 'users.info').length;
    const before = asked();
    for (const text of ['actor putin', 'claims kim speculative', 'schedule list', 'brief']) {
      await h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, userId: 'U0READER', text });
    }
    expect(asked()).toBe(before);
    await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      userId: 'U0READER',
      text: 'track story kim-putin-summit',
    });
    expect(asked()).toBe(before + 1);
  });

  it('a plain member is refused and told who may; a workspace admin or owner is not', async () => {
    const refused = await scheduleAdd('U0MEMBER');
    expect(refused.body).toMatch(/Only this workspace's managers \(Slack workspace admins and owners/);
    expect(await h.core.store.schedules.list()).toEqual([]);

    h.slack.setUser(h.slack.teamId, { id: 'U0OWNER', is_owner: true });
    expect((await scheduleAdd('U0OWNER')).body).toContain('Scheduled');
    h.slack.setUser(h.slack.teamId, { id: 'U0ADMIN', is_admin: true });
    expect((await scheduleAdd('U0ADMIN')).body).toContain('already');
    expect(
      h.slack.requests
        .filter((r) => r.method === 'users.info')
        .map((r) => r.body.user)
        .slice(-3),
    ).toEqual(['U0MEMBER', 'U0OWNER', 'U0ADMIN']);
  });
});
