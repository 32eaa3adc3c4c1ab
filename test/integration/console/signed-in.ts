import { afterAll, beforeAll, expect } from 'vitest';
import { type ConsoleHarness, type ConsoleHarnessOptions, startConsoleHarness } from '../../support/console.js';

export interface SignedInConsole {
  harness: ConsoleHarness;
  /** The session cookie of the person signed in. */
  cookie: string;
  /** GETs a console page with that cookie, which must answer 200: its HTML. */
  get(path: string): Promise<string>;
}

/**
 * Before the file's tests: a console harness on `options` and an editor (or `user`) signed in to
 * it; closed after the tests. The fields are set once the tests run.
 */
export function useSignedInConsole(options: ConsoleHarnessOptions, user?: string): SignedInConsole {
  const signedIn: SignedInConsole = {
    cookie: '',
    async get(path) {
      const { status, html } = await signedIn.harness.page(path, signedIn.cookie);
      expect(status).toBe(200);
      return html;
    },
  } as SignedInConsole;
  beforeAll(async () => {
    signedIn.harness = await startConsoleHarness(options);
    signedIn.cookie = await signedIn.harness.signIn(user);
  });
  afterAll(() => signedIn.harness?.close());
  return signedIn;
}
