import { randomBytes } from 'node:crypto';
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

  it('metrics: a short token and a bad port are refused; neither set serves no metrics', () => {
    expect(problemsOf({ METRICS_TOKEN: 'short', METRICS_PORT: '70000' })).toEqual([
      'METRICS_TOKEN must be at least 16 characters (a random string)',
      'METRICS_PORT must be a port number (0-65535)',
    ]);
    const none = loadEnv({});
    expect([none.METRICS_TOKEN, none.METRICS_PORT]).toEqual([undefined, undefined]);
    expect(loadEnv({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })).toMatchObject({
      METRICS_PORT: 9464,
      METRICS_HOST: '10.0.0.5',
    });
  });
});

const OAUTH = {
  SLACK_CLIENT_ID: '1234.5678',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'a-long-random-state-secret',
  SLACK_SIGNING_SECRET: 'signing-secret',
  SITREP_PUBLIC_URL: 'https://sitrep.example.org',
};

describe('environment: Slack OAuth', () => {
  it('runs Slack for many workspaces with a strong key and no bot token', () => {
    const env = loadEnv({ ...OAUTH, SITREP_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    expect(env).toMatchObject({ slackEnabled: true, slackOAuth: true });
  });

  it('refuses to start without a key, with a key of the wrong size, or with a made-up one', () => {
    expect(problemsOf(OAUTH)).toEqual([expect.stringMatching(/^SITREP_ENCRYPTION_KEY is required with Slack OAuth/)]);
    expect(problemsOf({ ...OAUTH, SITREP_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toEqual([
      expect.stringMatching(/^SITREP_ENCRYPTION_KEY must be 32 bytes in base64/),
    ]);
    expect(problemsOf({ ...OAUTH, SITREP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual([
      expect.stringMatching(/^SITREP_ENCRYPTION_KEY is too weak/),
    ]);
    const pattern = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    expect(problemsOf({ ...OAUTH, SITREP_ENCRYPTION_KEY: pattern })).toEqual([
      expect.stringMatching(/^SITREP_ENCRYPTION_KEY is too weak/),
    ]);
  });

  it('names every missing OAuth variable, and refuses a bot token alongside OAuth', () => {
    const problems = problemsOf({
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_CLIENT_SECRET is required/),
        expect.stringMatching(/^SLACK_STATE_SECRET is required/),
        expect.stringMatching(/^SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID/),
        expect.stringMatching(/^SITREP_ENCRYPTION_KEY is required/),
        expect.stringMatching(/^SITREP_PUBLIC_URL is required/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('xoxb-1');
  });

  it('leaves single-token Slack as it was: no key needed', () => {
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toMatchObject({
      slackEnabled: true,
      slackOAuth: false,
    });
  });
});
