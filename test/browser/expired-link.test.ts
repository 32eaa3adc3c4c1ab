import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from '../support/console.js';
import { manualClock } from '../support/databases.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { launchBrowser, screenshot, type TestBrowser } from './browser.js';

/** A sign-in link opened after its ten minutes, in a real browser: a clear page, no session. */

const clock = manualClock(new Date());
let h: ConsoleHarness;
let b: TestBrowser;

beforeAll(async () => {
  [h, b] = await Promise.all([startConsoleHarness({ stories: [SHIPPED_STORY], clock }), launchBrowser()]);
});
afterAll(async () => {
  await b?.close();
  await h?.close();
});

describe('an expired sign-in link', () => {
  it('says it has expired and how to get a new one, at phone width too, and signs nobody in', async () => {
    const link = await h.link();
    clock.advance(11 * 60_000);
    const page = await (await b.person()).newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /expired \(links last 10 minutes\).*\/sitrep console/,
    );
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'sign-in-expired-phone');
    await page.goto(`${h.origin}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });
});
