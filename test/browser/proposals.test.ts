import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../integration/cli/spawn.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { screenshot, useSignedInBrowser } from './browser.js';

/** An editor reviews an article's proposals in the console, in a real browser. */

const STORY = 'kim-putin-summit';
const t = useSignedInBrowser({ stories: [SHIPPED_STORY] });

describe('reviewing proposals in the console', () => {
  it('reads pasted article text, then accepts one proposal and rejects another', async () => {
    const article = await readFile(path.join(ROOT, 'test/fixtures/articles/summit-held.txt'), 'utf8');
    await t.page.getByRole('link', { name: 'Proposals' }).click();
    await t.page.getByLabel('Story').fill(STORY);
    await t.page.getByLabel('or the article’s text').fill(article);
    await t.page.getByRole('button', { name: 'Read and propose' }).click();
    await expect(t.page.getByRole('status').first().textContent()).resolves.toMatch(
      /\d+ proposals for kim-putin-summit/,
    );

    const train = t.page.getByLabel(/claim kim-may-travel-by-armoured-train: reported → confirmed/);
    const peskov = t.page.getByLabel(/new claim peskov-said-agreements/);
    await train.check();
    await screenshot(t.page, 'proposals-desktop');
    await t.page.getByRole('button', { name: 'Accept ticked' }).click();
    await expect(t.page.getByRole('status').first().textContent()).resolves.toMatch(/Accepted #\d+.*revision \d+/);
    expect(t.harness.core.catalog.get(STORY)?.claimById.get('kim-may-travel-by-armoured-train')?.status).toBe(
      'confirmed',
    );
    const latest = await t.harness.core.store.revisions.latest(STORY);
    expect(latest).toMatchObject({ via: 'proposal', author: 'slack:U0EDITOR', reference: 'pasted text' });
    await expect(train.count()).resolves.toBe(0);

    await peskov.check();
    await t.page.getByRole('button', { name: 'Reject ticked' }).click();
    await expect(t.page.getByRole('status').first().textContent()).resolves.toMatch(/Rejected #\d+/);
    await expect(peskov.count()).resolves.toBe(0);
    expect(t.harness.core.catalog.get(STORY)?.story.claims.some((c) => c.id.startsWith('peskov-said'))).toBe(false);
  });

  it('accepts a new claim as edited', async () => {
    const satellites = t.page.getByLabel(/new claim putin-said-russia-could-help/);
    await satellites.check();
    await t.page.getByLabel('Hedging').selectOption('hedged');
    await t.page.getByLabel('Note').fill('Putin gave no details.');
    await t.page.getByRole('button', { name: 'Accept ticked' }).click();
    await expect(t.page.getByRole('status').first().textContent()).resolves.toMatch(/Accepted/);
    const claim = t.harness.core.catalog
      .get(STORY)
      ?.story.claims.find((c) => c.id.startsWith('putin-said-russia-could-help'));
    expect(claim).toMatchObject({ hedging: 'hedged', note: 'Putin gave no details.' });
  });

  it('says what to do when nothing is ticked, and at phone width nothing runs off the side', async () => {
    await t.page.getByRole('button', { name: 'Accept ticked' }).click();
    await expect(t.page.getByRole('alert').textContent()).resolves.toContain('Tick at least one proposal first.');
    await t.page.setViewportSize({ width: 390, height: 844 });
    const overflow = await t.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(t.page, 'proposals-phone');
  });
});
