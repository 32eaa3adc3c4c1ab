// End to end through Bolt: opening Sitrep's App Home tab publishes (views.publish) the workspace's
// channels with their schedules and subscriptions, and the story's latest changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    mode: 'http',
    config: 'admins: [slack:U0ADMIN]\ntracking:\n  - channel: slack:C0TRACK\n    track: story kim-putin-summit\n',
  });
  await h.core.claims.syncAtStart();
});
afterAll(async () => {
  await h?.close();
});

const command = (text: string, channelId = 'C0000TEST') =>
  h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, channelId, userId: 'U0ADMIN', text });

describe('the App Home tab', () => {
  it('shows each channel with what it receives, and the latest changes', async () => {
    await command('schedule add daily 09:00 Europe/London', 'C0BRIEF');
    await command('set kim-to-visit-russia status=confirmed');
    await h.slack.waitFor(
      () => h.core.catalog.get('kim-putin-summit')?.claimById.get('kim-to-visit-russia')?.status === 'confirmed',
      5000,
      'the set',
    );
    const opened = await h.slack.sendEvent(
      { type: 'app_home_opened', user: 'U0READER', channel: 'D0HOME', tab: 'home' },
      { url: h.eventsUrl, signingSecret: SIGNING_SECRET },
    );
    expect(opened.status).toBe(200);
    const home = await h.slack.waitFor(
      () => h.slack.api.views.homes.get(`${h.slack.teamId}|U0READER`),
      5000,
      'views.publish',
    );
    const text = blocksText(home.view.blocks as unknown[]);
    expect(text).toContain('slack:C0BRIEF');
    expect(text).toMatch(/daily 09:00 Europe\/London/);
    expect(text).toContain('slack:C0TRACK');
    expect(text).toMatch(/alerts: story "Kim Jong Un's expected visit to Russia"/);
    expect(text).toContain('kim-to-visit-russia');
    expect(text).toMatch(/reported → 🟢 confirmed/);
  });

  it('ignores the Messages tab', async () => {
    await h.slack.sendEvent(
      { type: 'app_home_opened', user: 'U0OTHER', channel: 'D0HOME', tab: 'messages' },
      { url: h.eventsUrl, signingSecret: SIGNING_SECRET },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.api.views.homes.has(`${h.slack.teamId}|U0OTHER`)).toBe(false);
  });
});
