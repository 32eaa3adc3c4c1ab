// Issue 11, item 4: a captured signed request re-sent within the 5-minute window ran again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../stand-ins/slack/delivery.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http', config: 'admins: [slack:U0ADMIN]\n' });
  await h.core.claims.syncAtStart();
});
afterAll(async () => {
  await h?.close();
});

describe('a replayed signed Slack request', () => {
  it('runs once: the same body, timestamp and signature sent again is refused and not answered', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signing = { signingSecret: SIGNING_SECRET, timestampOverride: timestamp };
    const first = await h.slack.sendSlashCommand({ url: h.eventsUrl, ...signing, text: 'actor putin' });
    expect(first.status).toBe(200);
    expect(first.body).toContain('Putin');
    const again = await postSigned(h.eventsUrl, first.sentBody, signing, 5000);
    expect(again.status).toBe(409);
    expect(again.body).not.toContain('Putin');
    // A new request (new timestamp, so a new signature) is answered as usual.
    const fresh = await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      text: 'actor putin',
      timestampOverride: timestamp + 1,
    });
    expect(fresh.status).toBe(200);
  });

  it('the issue’s case: a captured set re-sent after an admin reverted it does not apply again', async () => {
    const status = () => h.core.catalog.get('kim-putin-summit')?.claimById.get('kim-to-visit-russia')?.status;
    const timestamp = Math.floor(Date.now() / 1000);
    const signing = { signingSecret: SIGNING_SECRET, timestampOverride: timestamp };
    const set = await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      ...signing,
      userId: 'U0ADMIN',
      text: 'set kim-to-visit-russia status=confirmed',
    });
    expect(set.status).toBe(200);
    await h.slack.waitFor(() => status() === 'confirmed', 5000, 'the set');
    await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      userId: 'U0ADMIN',
      text: 'set kim-to-visit-russia status=reported',
      timestampOverride: timestamp + 1,
    });
    await h.slack.waitFor(() => status() === 'reported', 5000, 'the revert');
    const replayed = await postSigned(h.eventsUrl, set.sentBody, signing, 5000);
    expect(replayed.status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(status()).toBe('reported');
  });
});
