import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../../src/env.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(env);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe('environment', () => {
  it('no platform variables: the shell, with the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      slackEnabled: false,
      discordEnabled: false,
      PORT: 3000,
      DATABASE_URL: 'file:./data/sitrep.db',
      BRIEFINGS_DIR: './briefings',
      CONFIG_DIR: './config',
    });
  });

  it('names every problem at once, never a value', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-secret-value',
      DISCORD_APPLICATION_ID: 'not-a-number',
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      ['DATABASE_URL', 'DISCORD_APPLICATION_ID', 'DISCORD_TOKEN', 'PORT', 'SLACK_SIGNING_SECRET'].sort(),
    );
    expect(problems.join('\n')).not.toContain('xoxb-secret-value');
  });

  it('a port above 65535 is refused with the variable named', () => {
    expect(problemsOf({ PORT: '99999' })).toEqual(['PORT must be a port number (0-65535)']);
    expect(loadEnv({ PORT: '0' }).PORT).toBe(0);
  });
});
