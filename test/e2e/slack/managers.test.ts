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
  it('a plain member is refused and told who may; a workspace admin or owner is not', async () => {
    const refused = await scheduleAdd('U0MEMBER');
    expect(refused.body).toMatch(/Only this workspace's managers \(Slack workspace admins and owners/);
    expect(await h.core.store.schedules.list()).toEqual([]);

    h.slack.setUser(h.slack.teamId, { id: 'U0OWNER', is_owner: true });
    expect((await scheduleAdd('U0OWNER')).body).toContain('Scheduled');
    h.slack.setUser(h.slack.teamId, { id: 'U0ADMIN', is_admin: true });
    expect((await scheduleAdd('U0ADMIN')).body).toContain('already');
    expect(h.slack.requests.filter((r) => r.method === 'users.info').map((r) => r.body.user)).toEqual([
      'U0MEMBER',
      'U0OWNER',
      'U0ADMIN',
    ]);
  });
});
