import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from '../support/console.js';
import { launchBrowser, signInWith, type TestBrowser } from './browser.js';

/**
 * A story whose every text tries to run script, open a link or ping someone, opened in a real
 * browser on every page that shows story text: no script runs, no dialog opens, no link leads
 * anywhere but http(s), and the text is there to read.
 */

const ATTACK =
  '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><a href="javascript:window.__pwned=3">click</a> @everyone <!channel> [x](javascript:alert(1))';
const story = {
  id: 'hostile',
  title: `Title ${ATTACK}`,
  summary: { headline: `Headline ${ATTACK}`, short: `Short ${ATTACK}`, full: `Full ${ATTACK}` },
  sources: [{ id: 'src', name: `Source ${ATTACK}`, kind: 'media', url: 'https://example.org/a' }],
  actors: [{ id: 'mallory', name: `Mallory ${ATTACK}`, kind: 'person', aliases: [`Alias ${ATTACK}`] }],
  claims: [{ id: 'c1', text: `Claim ${ATTACK}`, about: ['mallory'], source: 'src', status: 'reported', note: ATTACK }],
  timeline: [{ date: '2026-01-01', text: `Event ${ATTACK}`, actors: ['mallory'] }],
};

let h: ConsoleHarness;
let b: TestBrowser;
let page: Page;
const dialogs: string[] = [];
beforeAll(async () => {
  [h, b] = await Promise.all([
    startConsoleHarness({ storyTexts: [{ id: story.id, text: JSON.stringify(story) }] }),
    launchBrowser(),
  ]);
  page = await (await b.person()).newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signInWith(page, await h.link());
});
afterAll(async () => {
  await b?.close();
  await h?.close();
});

describe('a hostile story in the browser', () => {
  it.each([
    '/console/',
    '/console/stories/hostile',
    '/console/stories/hostile/claims',
    '/console/stories/hostile/claims/c1',
    '/console/stories/hostile/claims/c1/edit',
    '/console/stories/hostile/actors/mallory/edit',
    '/console/stories/hostile/preview?tier=full&actor=mallory',
  ])('%s shows the text, runs nothing and links nowhere unsafe', async (path) => {
    await page.goto(`${h.origin}${path}`);
    await expect(page.locator('main').textContent()).resolves.toContain('<script>window.__pwned=1</script>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('main script, main img').count()).toBe(0);
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => !/^(\/|https?:|\?|#)/.test(href))).toEqual([]);
  });
});
