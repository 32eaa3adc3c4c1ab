import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from '../../support/console.js';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';

/** Behind https (SITREP_PUBLIC_URL), the cookie is Secure and `__Host-`; the public origin may post. */

let h: ConsoleHarness;
const PUBLIC = 'https://sitrep.example.org';

beforeAll(async () => {
  h = await startConsoleHarness({ stories: [SHIPPED_STORY], publicUrl: PUBLIC });
});
afterAll(() => h?.close());

it('links use the public URL, and signing in sets a Secure __Host- cookie', async () => {
  const issued = await h.core.signIn.issueLink('slack:U0EDITOR', 'cli');
  expect(issued.ok && issued.url.startsWith(`${PUBLIC}/console/sign-in/`)).toBe(true);
  const response = await fetch(await h.link(), { method: 'POST', redirect: 'manual', headers: { origin: PUBLIC } });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^__Host-sitrep_console=/);
  expect(cookie).toMatch(/Secure/);
  expect(cookie).toMatch(/Path=\//);
  expect(cookie).toMatch(/HttpOnly/);
  expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
});
