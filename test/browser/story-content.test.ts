import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/console.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { screenshot, useSignedInBrowser } from './browser.js';

/**
 * A story's actors and claims from the console, in a real browser: an editor adds an actor on the
 * story t.page, then a claim about that actor. Then the main pages at desktop and phone widths, kept
 * as screenshots, none wider than a phone.
 */

const STORY = 'kim-putin-summit';
const t = useSignedInBrowser(
  { stories: [SHIPPED_STORY] },
  { user: ADMIN, prepare: (harness) => harness.core.claims.syncAtStart() },
);

const story = () => t.harness.core.catalog.get(STORY)?.story;

describe('adding an actor, then a claim about them', () => {
  it('the actor is added from the story page and a claim naming them is accepted', async () => {
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}`);
    await t.page.getByRole('link', { name: 'Add an actor' }).click();
    await t.page.getByLabel('Name', { exact: true }).fill('Maria Zakharova');
    await t.page.getByLabel('Kind', { exact: true }).selectOption('person');
    await t.page.getByLabel(/^Role/).fill('Spokeswoman of the Russian Foreign Ministry');
    await t.page.getByLabel(/^Affiliation/).fill('russia');
    await t.page.getByRole('button', { name: 'Add' }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(/Saved actor maria-zakharova/);
    expect(story()?.actors.find((a) => a.id === 'maria-zakharova')).toMatchObject({
      name: 'Maria Zakharova',
      affiliation: 'russia',
    });

    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/new-claim`);
    await t.page
      .getByLabel(/^Claim, as the source put it/)
      .fill('The Kremlin would not say where the leaders would meet.');
    await t.page.getByLabel(/^Sources/).fill('article');
    await t.page.getByLabel(/^About/).fill('maria-zakharova, vladimir-putin');
    await t.page.getByRole('button', { name: 'Add' }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(/Saved/);
    const added = story()?.claims.find((c) => c.about.includes('maria-zakharova'));
    expect(added).toMatchObject({ about: ['maria-zakharova', 'vladimir-putin'], source: ['article'] });

    // The actor is now named by a claim: removing it is refused, saying where.
    await t.page.goto(`${t.harness.origin}/console/stories/${STORY}/actors/maria-zakharova/remove`);
    await t.page.getByRole('button', { name: 'Remove' }).click();
    await expect(t.page.getByRole('alert').first().textContent()).resolves.toMatch(
      new RegExp(`still named in claims\\.${added?.id}\\.about`),
    );
  });
});

describe('the main pages, at desktop and phone widths', () => {
  const pages: Array<[string, string]> = [
    ['stories', '/console/'],
    ['story', `/console/stories/${STORY}`],
    ['claims', `/console/stories/${STORY}/claims?status=reported`],
    ['claim', `/console/stories/${STORY}/claims/kim-to-visit-russia`],
    ['claim-edit', `/console/stories/${STORY}/claims/kim-to-visit-russia/edit`],
    ['actor-edit', `/console/stories/${STORY}/actors/vladimir-putin/edit`],
    ['channels', '/console/channels'],
    ['audit', '/console/audit'],
  ];
  it.each(pages)('%s fits a phone and is kept as a screenshot at both widths', async (name, path) => {
    for (const [width, height, suffix] of [
      [1280, 900, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await t.page.setViewportSize({ width, height });
      const response = await t.page.goto(`${t.harness.origin}${path}`);
      expect(response?.status()).toBe(200);
      const overflow = await t.page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
      await screenshot(t.page, `${name}-${suffix}`);
    }
  });
});
