// Issue 11, item 4: a captured signed request re-sent within the 5-minute window ran again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../stand-ins/slack/delivery.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
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
});
