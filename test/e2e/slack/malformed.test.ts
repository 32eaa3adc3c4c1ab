// Signed but malformed bodies through the real Bolt receiver: a clear answer or a quiet refusal,
// never a crash, an error status or a guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../stand-ins/slack/delivery.js';
import { type Harness, parseAck, SIGNING_SECRET, slashCommandForm, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});
afterAll(async () => {
  await h?.close();
});

const send = (raw: string) => postSigned(h.eventsUrl, raw, { signingSecret: SIGNING_SECRET }, 3000);

describe('malformed Slack requests', () => {
  it('a slash command with `text` twice is answered, asking to type it again', async () => {
    const body = slashCommandForm(h);
    body.append('text', 'actor putin');
    body.append('text', 'set kim-to-visit-russia status=confirmed');
    const res = await send(body.toString());
    expect(res.status).toBe(200);
    expect(JSON.stringify(parseAck(res.body))).toContain('arrived garbled');
    expect(h.core.catalog.get('kim-putin-summit')?.claimById.get('kim-to-visit-russia')?.status).toBe('reported');
  });

  it('a block_actions payload without a user gets 400, not a server error', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: h.slack.teamId },
      channel: { id: 'C0000TEST' },
      actions: [{ type: 'button', action_id: 'sitrep:actor', value: 'actor putin', block_id: 'b' }],
      response_url: 'http://127.0.0.1:9/none',
    };
    const res = await send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(res.status).toBe(400);
    expect(h.slack.posted).toHaveLength(0);
  });
});
