import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/console.js';
import { SHIPPED_STORY } from '../unit/core/commands/helpers.js';
import { screenshot, useSignedInBrowser } from './browser.js';

/** An admin adds a briefing schedule on the channels t.page, sees when it fires next, and removes it. */

const t = useSignedInBrowser({ stories: [SHIPPED_STORY] }, { user: ADMIN });

describe('the channels page', () => {
  it('adds a schedule with its next fire time in its zone, then removes it', async () => {
    await t.page.goto(`${t.harness.origin}/console/channels`);
    await t.page.getByLabel('Channel').fill('slack:C0DESK');
    await t.page.getByLabel('When').fill('daily 08:15');
    await t.page.getByLabel(/^Time zone/).fill('Europe/Berlin');
    await t.page.getByRole('button', { name: 'Add the schedule' }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(/Scheduled s[0-9a-z]+: daily 08:15/);
    const [schedule] = await t.harness.core.store.schedules.list();
    expect(schedule).toMatchObject({ channel: 'slack:C0DESK', spec: 'daily 08:15', timezone: 'Europe/Berlin' });
    await expect(t.page.locator('main').textContent()).resolves.toMatch(/daily 08:15 \(Europe\/Berlin\)[\s\S]*next /);
    await screenshot(t.page, 'channels-with-schedule-desktop');

    await t.page.getByRole('button', { name: `Remove ${schedule?.id}` }).click();
    await expect(t.page.getByRole('status').textContent()).resolves.toMatch(new RegExp(`Removed ${schedule?.id}`));
    expect(await t.harness.core.store.schedules.list()).toEqual([]);
  });
});
