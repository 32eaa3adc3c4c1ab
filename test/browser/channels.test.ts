import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type ConsoleHarness, startConsoleHarness } from '../support/console.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { launchBrowser, screenshot, signInWith, type TestBrowser } from './browser.js';

/** An admin adds a briefing schedule on the channels page, sees when it fires next, and removes it. */

let h: ConsoleHarness;
let b: TestBrowser;
let page: Page;

beforeAll(async () => {
  [h, b] = await Promise.all([startConsoleHarness({ stories: [SHIPPED_STORY] }), launchBrowser()]);
  page = await (await b.person()).newPage();
  await signInWith(page, await h.link(ADMIN));
});
afterAll(async () => {
  await b?.close();
  await h?.close();
});

describe('the channels page', () => {
  it('adds a schedule with its next fire time in its zone, then removes it', async () => {
    await page.goto(`${h.origin}/console/channels`);
    await page.getByLabel('Channel').fill('slack:C0DESK');
    await page.getByLabel('When').fill('daily 08:15');
    await page.getByLabel(/^Time zone/).fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Add the schedule' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Scheduled s[0-9a-z]+: daily 08:15/);
    const [schedule] = await h.core.store.schedules.list();
    expect(schedule).toMatchObject({ channel: 'slack:C0DESK', spec: 'daily 08:15', timezone: 'Europe/Berlin' });
    await expect(page.locator('main').textContent()).resolves.toMatch(/daily 08:15 \(Europe\/Berlin\)[\s\S]*next /);
    await screenshot(page, 'channels-with-schedule-desktop');

    await page.getByRole('button', { name: `Remove ${schedule?.id}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(new RegExp(`Removed ${schedule?.id}`));
    expect(await h.core.store.schedules.list()).toEqual([]);
  });
});
