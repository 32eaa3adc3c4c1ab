import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormOutcome, FormSpec } from '../../../src/core/message.js';
import type { Caller } from '../../../src/core/ports.js';
import { ADMIN, ask, type Harness, openHarness } from './harness.js';

/**
 * The claim forms through the router, the real store and the one write path: what `/sitrep edit`
 * and `/sitrep add claim` open on Slack and Discord, and what their submission does.
 */

const STORY = 'harbour-strike';
const EDITOR: Caller = { platform: 'discord', userId: '4242', channel: 'discord:77' };
let h: Harness;

beforeEach(async () => {
  h = await openHarness();
  h.config.editors = ['discord:4242'];
  await h.claims.syncAtStart();
  await ask(h, `track story ${STORY}`, { channel: 'slack:CTRACK' });
});
afterEach(() => h.close());

async function formFor(text: string, caller: Caller = EDITOR): Promise<FormSpec> {
  const answer = await h.router.handle({ text, caller });
  if (!answer.form) throw new Error(`no form: ${answer.text}`);
  return answer.form;
}

const submit = (form: FormSpec, values: Record<string, string>, caller: Caller = EDITOR): Promise<FormOutcome> =>
  h.router.submitForm({ kind: form.kind, state: form.state, values }, caller);

const shownValue = (form: FormSpec, name: string) => form.fields.find((f) => f.name === name)?.value;

describe('claim forms', () => {
  it('edit opens with the claim as it is; a submission saves only what changed, and alerts once', async () => {
    const form = await formFor('edit ships-diverted');
    expect(form.title.length).toBeLessThanOrEqual(24);
    expect(shownValue(form, 'text')).toBe('Some shipping lines may divert vessels to other ports.');
    expect(shownValue(form, 'status')).toBe('reported');
    expect(shownValue(form, 'hedging')).toBe('speculative');
    const before = h.deliverer.requests.length;
    const outcome = await submit(form, {
      text: shownValue(form, 'text') ?? '',
      status: 'confirmed',
      hedging: 'speculative',
    });
    expect(outcome).toMatchObject({
      kind: 'done',
      message: {
        text: expect.stringMatching(/^Saved ships-diverted as revision \d+: claims\.ships-diverted\.status\.$/),
      },
    });
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.status).toBe('confirmed');
    expect(await h.store.revisions.latest(STORY)).toMatchObject({ author: 'discord:4242', via: 'chat' });
    expect(h.deliverer.requests.length).toBe(before + 1);
  });

  it('shows a bad value beside its field and saves nothing', async () => {
    const form = await formFor('edit ships-diverted');
    const head = (await h.store.revisions.latest(STORY))?.id;
    const outcome = await submit(form, { status: 'rumoured', about: 'no-such-actor' });
    expect(outcome.kind).toBe('invalid');
    const errors = outcome.kind === 'invalid' ? outcome.errors : {};
    expect(errors.status).toMatch(/reported/);
    expect(errors.about).toMatch(/no-such-actor/);
    expect((await h.store.revisions.latest(STORY))?.id).toBe(head);
  });

  it('a field changed since the form opened is a conflict: the form comes back on the latest revision with what was typed', async () => {
    const form = await formFor('edit ships-diverted');
    await ask(h, 'set ships-diverted status=disputed', { ...ADMIN });
    const outcome = await submit(form, { status: 'confirmed', note: 'Seen by our reporter' });
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind !== 'conflict') return;
    expect(outcome.errors.status).toMatch(
      /^Now "disputed", set by slack:UADMIN \(chat\) in revision \d+ at \d{4}-\d\d-\d\dT[\d:]+Z\.$/,
    );
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.status).toBe('disputed');
    // Nothing typed is lost; the note (no conflict) was not saved on its own either.
    expect(shownValue(outcome.retry, 'status')).toBe('confirmed');
    expect(shownValue(outcome.retry, 'note')).toBe('Seen by our reporter');
    expect(outcome.retry.fields.find((f) => f.name === 'status')?.problem).toMatch(/disputed/);
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.note).toBeUndefined();
    // Submitting the returned form replaces the other edit knowingly.
    const again = await submit(outcome.retry, { status: 'confirmed', note: 'Seen by our reporter' });
    expect(again.kind).toBe('done');
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')).toMatchObject({
      status: 'confirmed',
      note: 'Seen by our reporter',
    });
  });

  it('add claim creates a claim with its sources and actors; its id comes from the text when left blank', async () => {
    const form = await formFor('add claim');
    expect(form.fields.slice(0, 5).map((f) => f.name)).toEqual(['text', 'source', 'about', 'status', 'hedging']);
    const outcome = await submit(form, {
      text: 'The harbour authority says it will hire temporary crane crews.',
      source: 'authority-spokesperson',
      about: 'harbour-authority',
      status: 'reported',
      hedging: '',
    });
    expect(outcome.kind).toBe('done');
    const claim = h.catalog.get(STORY)?.claimById.get('the-harbour-authority-says-it-will');
    expect(claim).toMatchObject({
      source: ['authority-spokesperson'],
      about: ['harbour-authority'],
      status: 'reported',
    });
    const taken = await submit(await formFor('add claim'), {
      id: 'ships-diverted',
      text: 'Again.',
      source: 'local-paper',
      about: 'shipping-lines',
      status: 'reported',
    });
    expect(taken).toMatchObject({ kind: 'invalid', errors: { id: expect.stringMatching(/ships-diverted/) } });
  });

  it('is for editors: a reader gets no form, and a forged submission is refused', async () => {
    const reader: Caller = { platform: 'discord', userId: '999', channel: 'discord:77' };
    const answer = await h.router.handle({ text: 'edit ships-diverted', caller: reader });
    expect(answer.form).toBeUndefined();
    expect(answer.text).toMatch(/editors and admins/);
    const form = await formFor('edit ships-diverted');
    const outcome = await submit(form, { status: 'confirmed' }, reader);
    expect(outcome).toMatchObject({ kind: 'done', message: { text: expect.stringMatching(/editors and admins/) } });
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.status).toBe('reported');
  });
});
