import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ConsoleHarness, type ConsoleHarnessOptions, startConsoleHarness } from '../support/console.js';

/**
 * Debian's Chromium driven by playwright-core: one browser per test file, fresh contexts (each a
 * separate person with their own cookies) and pages reused within it.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots are kept here (gitignored) as test artifacts. */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

export interface TestBrowser {
  browser: Browser;
  /** A new context: a person with their own cookies. Pages it opens log console errors. */
  person(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // Playwright gives every launch a fresh --user-data-dir of its own (and refuses one in args).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
  return {
    browser,
    person: () => browser.newContext({ viewport: { width: 1280, height: 900 } }),
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens a sign-in link and presses the button, as a person would. */
export async function signInWith(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/?$/);
}

export interface SignedInBrowser {
  harness: ConsoleHarness;
  browser: TestBrowser;
  /** A page of one person signed in to the console. */
  page: Page;
}

/**
 * Before the file's tests: the console on `options` and a browser in which one person (an editor,
 * or `user`) has signed in, after `prepare` ran on the harness; both closed after the tests. The
 * fields are set once the tests run.
 */
export function useSignedInBrowser(
  options: ConsoleHarnessOptions,
  { user, prepare }: { user?: string; prepare?: (harness: ConsoleHarness) => Promise<void> } = {},
): SignedInBrowser {
  const signedIn = {} as SignedInBrowser;
  beforeAll(async () => {
    [signedIn.harness, signedIn.browser] = await Promise.all([startConsoleHarness(options), launchBrowser()]);
    await prepare?.(signedIn.harness);
    signedIn.page = await (await signedIn.browser.person()).newPage();
    await signInWith(signedIn.page, await signedIn.harness.link(user));
  });
  afterAll(async () => {
    await signedIn.browser?.close();
    await signedIn.harness?.close();
  });
  return signedIn;
}
