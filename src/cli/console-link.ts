import { consoleBaseUrl, loadEnv } from '../env.js';
import { openCliCore } from './context.js';

const USER = /^(slack|discord|shell):\S+$/;

/** `sitrep console link --as slack:U…`: a sign-in link for the first admin, or from the server's shell. */
export async function runConsoleLink(user: string): Promise<{ exitCode: number; output: string }> {
  if (!USER.test(user)) {
    return {
      exitCode: 2,
      output: `--as must be a user like slack:U0123ABCD or discord:123456789012345678, not "${user}".`,
    };
  }
  const env = loadEnv();
  const core = await openCliCore({ consoleBaseUrl: () => consoleBaseUrl(env) });
  try {
    const link = await core.signIn.issueLink(user, 'cli');
    if (!link.ok) return { exitCode: 1, output: link.message };
    return {
      exitCode: 0,
      output: `${link.url}\nSign-in link for ${user}: works once, until ${link.expiresAt.toISOString()}.`,
    };
  } finally {
    await core.close();
  }
}
