import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/console.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { signInWith, useSignedInBrowser } from './browser.js';

/** Editors change claims in the console, in a real browser, through the one write path. */

const STORY = 'kim-putin-summit';
const CLAIM = 'kim-to-visit-russia';
const t = useSignedInBrowser(
  { stories: [SHIPPED_STORY], config: `tracking:\n  - channel: slack:C0TRACK\n    track: story ${STORY}\n` },
  { prepare: (harness) => harness.core.claims.syncAtStart() },
);

const claim = () => t.harness.core.catalog.get(STORY)?.claimById.get(CLAIM);
const alerts = async () => (await t.harness.core.store.deliveries.recent('slack:C0TRACK', 100)).length;

describe('editing in the console', () => {
  it('previews the alert an edit would raise, and the channels it goes to, without saving', async () => {
    const before = await alerts();
    const revision = (await t.harness.core.store.revisions.latest(STORY))?.id;
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/claims/${CLAIM}/edit`);
    await t.page.getByLabel('Status').selectOption('disputed');
    await t.page.getByRole('button', { name: 'Preview the alert' }).click();
    const preview = t.page.getByRole('region', { name: /Preview: nothing is saved yet/ });
    await expect(preview.textContent()).resolves.toMatch(/Saving this alerts 1 channel: slack:C0TRACK/);
    await expect(preview.getByRole('region', { name: 'The alert on Slack' }).textContent()).resolves.toMatch(
      /Claim updated: kim-to-visit-russia[\s\S]*reported[\s\S]*disputed/,
    );
    await expect(t.page.getByLabel('Status').inputValue()).resolves.toBe('disputed');
    expect(claim()?.status).toBe('reported');
    expect((await t.harness.core.store.revisions.latest(STORY))?.id).toBe(revision);
    expect(await alerts()).toBe(before);
  });

  it('changes a claim’s status from its page, by keyboard only; the revision is the console’s and the tracking channel is alerted', async () => {
    const before = await alerts();
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/claims/${CLAIM}`);
    await t.page.getByRole('link', { name: 'Edit this claim' }).focus();
    await t.page.keyboard.press('Enter');
    await t.page.waitForURL(/\/edit$/);
    await t.page.getByLabel('Status').focus();
    await t.page.getByLabel('Status').selectOption('confirmed');
    await t.page.getByLabel(/Editors’ note/).fill('Confirmed by the Kremlin.');
    await t.page.getByRole('button', { name: 'Save' }).focus();
    await t.page.keyboard.press('Enter');
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(
      /Saved kim-to-visit-russia as revision \d+/,
    );
    expect(claim()).toMatchObject({ status: 'confirmed', note: 'Confirmed by the Kremlin.' });
    expect(await t.harness.core.store.revisions.latest(STORY)).toMatchObject({
      via: 'console',
      author: 'console:slack:U0EDITOR',
    });
    expect(await alerts()).toBe(before + 1);
  });

  it('a bad value is shown beside its field, with what was typed kept', async () => {
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/claims/${CLAIM}/edit`);
    await t.page.getByLabel(/^Sources/).fill('no-such-source');
    await t.page.getByLabel(/Editors’ note/).fill('Kept as typed');
    await t.page.getByRole('button', { name: 'Save' }).click();
    await expect(t.page.locator('#field-source-problem').textContent()).resolves.toMatch(/no-such-source/);
    await expect(t.page.getByLabel(/Editors’ note/).inputValue()).resolves.toBe('Kept as typed');
    expect(claim()?.note).toBe('Confirmed by the Kremlin.');
  });

  it('a conflicting edit from a second browser is refused with what changed, and can then be saved knowingly', async () => {
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/claims/${CLAIM}/edit`);
    const other = await (await t.browser.person()).newPage();
    await signInWith(other, await t.harness.link(ADMIN));
    await other.goto(`${t.harness.origin}/console/stories/${STORY}/claims/${CLAIM}/edit`);
    await other.getByLabel('Status').selectOption('disputed');
    await other.getByRole('button', { name: 'Save' }).click();
    await expect(other.getByRole('status').textContent()).resolves.toMatch(/Saved/);

    await t.page.getByLabel('Status').selectOption('retracted');
    await t.page.getByRole('button', { name: 'Save' }).click();
    await expect(t.page.locator('#field-status-problem').textContent()).resolves.toMatch(
      /Now "disputed", set by console:slack:U0ADMIN/,
    );
    expect(claim()?.status).toBe('disputed');
    await expect(t.page.getByLabel('Status').inputValue()).resolves.toBe('retracted');
    await t.page.getByRole('button', { name: 'Save' }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(/Saved/);
    expect(claim()?.status).toBe('retracted');
  });

  it('adds a claim with its source and actors', async () => {
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/claims`);
    await t.page.getByRole('link', { name: 'Add a claim' }).click();
    await t.page.getByLabel(/^Claim, as the source put it/).fill('Kim Jong Un arrived by armoured train.');
    await t.page.getByLabel(/^Sources/).fill('article');
    await t.page.getByLabel(/^About/).fill('kim-jong-un');
    await t.page.getByLabel(/^Claim id/).fill('kim-arrived-by-train');
    await t.page.getByRole('button', { name: 'Add' }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(/Saved kim-arrived-by-train/);
    expect(t.harness.core.catalog.get(STORY)?.claimById.get('kim-arrived-by-train')).toMatchObject({
      source: ['article'],
      about: ['kim-jong-un'],
      status: 'reported',
    });
  });
});
