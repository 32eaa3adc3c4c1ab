import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from '../support/console.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { launchBrowser, screenshot, signInWith, type TestBrowser } from './browser.js';

let h: ConsoleHarness;
let b: TestBrowser;
let person: BrowserContext;
let page: Page;

beforeAll(async () => {
  [h, b] = await Promise.all([startConsoleHarness({ stories: [SHIPPED_STORY] }), launchBrowser()]);
  person = await b.person();
  page = await person.newPage();
});
afterAll(async () => {
  await b?.close();
  await h?.close();
});

describe('signing in to the console in a real browser', () => {
  it('a page without a session leads to the sign-in page', async () => {
    await page.goto(`${h.origin}/console/stories/kim-putin-summit`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to the Sitrep console');
  });

  it('signs in with a link and shows the stories', async () => {
    const link = await h.link();
    await signInWith(page, link);
    const title = h.core.catalog.get('kim-putin-summit')?.story.title ?? '';
    await expect(page.getByRole('link', { name: title }).count()).resolves.toBe(1);
    await expect(page.getByText('slack:U0EDITOR (editor)').count()).resolves.toBe(1);
    await screenshot(page, 'stories-desktop');
  });

  it('refuses the same link a second time, in another browser', async () => {
    const link = await h.link();
    const first = await b.person();
    await signInWith(await first.newPage(), link);
    const second = await b.person();
    const other = await second.newPage();
    await other.goto(link);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('main').textContent()).resolves.toBe(
      'Sign-in refusedThis sign-in link has already been used. Ask for a new one with /sitrep console in chat.',
    );
    await other.goto(`${h.origin}/console/`);
    expect(new URL(other.url()).pathname).toBe('/console/sign-in');
    await first.close();
    await second.close();
  });

  it('signing out ends the session: the back button shows the sign-in page, not the console', async () => {
    await page.goto(`${h.origin}/console/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.goto(`${h.origin}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });
});
