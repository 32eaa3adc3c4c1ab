// End to end through Bolt: `/sitrep edit` opens a modal (views.open with the command's trigger_id),
// and its view_submission goes through the one write path; problems and conflicts come back in the
// modal, nothing is overwritten, and a save raises one alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

const STORY = 'kim-putin-summit';
const CLAIM = 'kim-to-visit-russia';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    mode: 'http',
    config:
      'editors: [slack:U0EDITOR]\nadmins: [slack:U0ADMIN]\ntracking:\n  - channel: slack:C0TRACK\n    track: story kim-putin-summit\n',
  });
  await h.core.claims.syncAtStart();
});
afterAll(async () => {
  await h?.close();
});

const command = (text: string, userId = 'U0EDITOR') =>
  h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, channelId: 'C0000TEST', userId, text });

type Block = { type: string; block_id?: string; hint?: { text: string }; element?: Record<string, unknown> };

/** Opens the edit form and returns the modal Slack shows. */
async function openEdit(): Promise<{ id: string; blocks: Block[] }> {
  const before = h.slack.api.views.opened.length;
  const ack = await command(`edit ${CLAIM}`);
  expect(ack.status).toBe(200);
  expect(ack.body).toBe('');
  const opened = h.slack.api.views.opened[before];
  if (!opened) throw new Error('no modal was opened');
  return { id: opened.id, blocks: opened.view.blocks as Block[] };
}

const select = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
const typed = (value: string) => ({ value: { type: 'plain_text_input', value } });
const submit = (viewId: string, values: Record<string, Record<string, unknown>>) =>
  h.slack.sendViewSubmission({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, viewId, values });

const status = () => h.core.catalog.get(STORY)?.claimById.get(CLAIM)?.status;

describe('claim forms on Slack', () => {
  it('edit opens a modal holding the claim; saving changes the claim and raises one alert', async () => {
    const modal = await openEdit();
    const initial = (id: string) => modal.blocks.find((b) => b.block_id === id)?.element;
    expect(initial('text')).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(String(initial('text')?.initial_value)).toContain('Kim Jong Un is reportedly set to travel to Russia');
    expect(initial('status')).toMatchObject({ initial_option: { value: 'reported' } });

    const alerts = async () => (await h.core.store.deliveries.recent('slack:C0TRACK', 100)).length;
    const before = await alerts();
    const saved = await submit(modal.id, { status: select('confirmed'), note: typed('Confirmed by the Kremlin') });
    expect(saved.ack).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(JSON.stringify(saved.ack)).toMatch(/Saved kim-to-visit-russia as revision \d+/);
    expect(h.core.catalog.get(STORY)?.claimById.get(CLAIM)).toMatchObject({
      status: 'confirmed',
      note: 'Confirmed by the Kremlin',
    });
    expect(await alerts()).toBe(before + 1);
  });

  it('a bad value is shown beside its field and nothing is saved', async () => {
    const modal = await openEdit();
    const refused = await submit(modal.id, { source: typed('no-such-source') });
    expect(refused.ack).toMatchObject({
      response_action: 'errors',
      errors: { source: expect.stringMatching(/no-such-source/) },
    });
  });

  it('a field changed since the modal opened comes back marked, with what was typed kept', async () => {
    const modal = await openEdit();
    // `set` is slow: it answers through response_url once stored.
    await command(`set ${CLAIM} status=disputed`, 'U0ADMIN');
    await h.slack.waitFor(() => status() === 'disputed', 5000, 'the admin’s set');
    const conflict = await submit(modal.id, { status: select('retracted') });
    expect(conflict.ack).toMatchObject({ response_action: 'update' });
    const view = (conflict.ack as { view: { blocks: Block[] } }).view;
    const field = view.blocks.find((b) => b.block_id === 'status');
    expect(field?.element).toMatchObject({ initial_option: { value: 'retracted' } });
    expect(field?.hint?.text).toMatch(/Now "disputed", set by slack:U0ADMIN/);
    expect(status()).toBe('disputed');
  });

  it('opens nothing for someone who is not an editor, and says who may', async () => {
    const before = h.slack.api.views.opened.length;
    const refused = await command(`edit ${CLAIM}`, 'U0READER');
    expect(refused.body).toMatch(/editors and admins/);
    expect(h.slack.api.views.opened.length).toBe(before);
  });
});
