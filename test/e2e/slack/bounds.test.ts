// Issue 11, item 6, through Bolt: a question about a 10,000-claim story is answered in a few
// messages, the rest counted and pointed to, on Slack as on every platform (the core bounds it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStory } from '../../support/story-generator.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    mode: 'http',
    story: { id: 'big-story', text: generateStory({ id: 'big-story', claims: 10_000, actors: 500, seed: 7 }) },
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('bounded answers', () => {
  it('brief full of a 10,000-claim story asked in a channel is at most three messages, saying how many more', async () => {
    const sent = await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      text: 'brief full',
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor(
      () =>
        h.slack.responses.some(
          (r) => r.responseId === sent.responseId && /more not shown|more:/.test(JSON.stringify(r.body)),
        ),
      10_000,
      'the answer',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replies = h.slack.responses.filter((r) => r.responseId === sent.responseId);
    expect(replies.length).toBeLessThanOrEqual(3);
    const text = JSON.stringify(replies.map((r) => r.body));
    expect(text).toMatch(
      /9950 more: \/sitrep claims with a filter, \/sitrep search, or the editors’ console|\d+ more not shown here/,
    );
  }, 30_000);

  it('a claims list of thousands is cut to about three messages, counting the rest', async () => {
    const sent = await h.slack.sendSlashCommand({
      url: h.eventsUrl,
      signingSecret: SIGNING_SECRET,
      text: 'claims reported',
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor(
      () =>
        h.slack.responses.some(
          (r) => r.responseId === sent.responseId && /more not shown here/.test(JSON.stringify(r.body)),
        ),
      10_000,
      'the answer',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.slack.responses.filter((r) => r.responseId === sent.responseId).length).toBeLessThanOrEqual(3);
  }, 30_000);
});
