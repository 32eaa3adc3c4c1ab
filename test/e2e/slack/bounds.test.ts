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

/**
 * Sends the slash command (which must be acknowledged with 200), waits for a reply matching `last`
 * and 300 ms more for any after it: every reply to the command.
 */
async function repliesTo(text: string, last: RegExp) {
  const sent = await h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, text });
  expect(sent.status).toBe(200);
  await h.slack.waitFor(
    () => h.slack.responses.some((r) => r.responseId === sent.responseId && last.test(JSON.stringify(r.body))),
    10_000,
    'the answer',
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return h.slack.responses.filter((r) => r.responseId === sent.responseId);
}

describe('bounded answers', () => {
  it('brief full of a 10,000-claim story asked in a channel is at most three messages, saying how many more', async () => {
    const replies = await repliesTo('brief full', /more not shown|more:/);
    expect(replies.length).toBeLessThanOrEqual(3);
    const text = JSON.stringify(replies.map((r) => r.body));
    expect(text).toMatch(
      /9950 more: \/sitrep claims with a filter, \/sitrep search, or the editors’ console|\d+ more not shown here/,
    );
  }, 30_000);

  it('a claims list of thousands is cut to about three messages, counting the rest', async () => {
    const replies = await repliesTo('claims reported', /more not shown here/);
    expect(replies.length).toBeLessThanOrEqual(3);
  }, 30_000);
});
