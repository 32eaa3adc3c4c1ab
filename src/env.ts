import { z } from 'zod';

/**
 * The environment, validated once. A variable that is missing or malformed for an enabled adapter
 * stops start-up with one message naming every problem. Values are never logged: several are secrets.
 */

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = (fallback: string) =>
  optional.pipe(z.url({ message: 'must be a URL' }).optional()).transform((v) => v ?? fallback);

const port = optional
  .pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .refine((v) => Number(v) <= 65535, 'must be a port number (0-65535)')
      .optional(),
  )
  .transform((v) => (v === undefined ? undefined : Number(v)));

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: url('https://slack.com/api/'),
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional,
    SITREP_ENCRYPTION_KEY: optional,
    SITREP_PUBLIC_URL: optional.pipe(z.url({ message: 'must be a URL like https://sitrep.example.org' }).optional()),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional,
    DISCORD_PUBLIC_KEY: optional,
    DISCORD_API_URL: url('https://discord.com/api'),
    DISCORD_GUILD_ID: optional,
    DATABASE_URL: optional.transform((v) => v ?? 'file:./data/sitrep.db'),
    BRIEFINGS_DIR: optional.transform((v) => v ?? './briefings'),
    CONFIG_DIR: optional.transform((v) => v ?? './config'),
    PORT: port.transform((v) => v ?? 3000),
    METRICS_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters (a random string)').optional()),
    METRICS_PORT: port,
    METRICS_HOST: optional,
    ADMINS: optional.transform((v) =>
      v
        ? v
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    ),
    LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
    SITREP_INSTANCE: optional,
    BRIEFINGS_WRITEBACK: optional.pipe(z.enum(['true', 'false']).optional()).transform((v) => v !== 'false'),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const slackOAuth = Boolean(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET || env.SLACK_STATE_SECRET);
    const slackOn = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN || slackOAuth);
    if (slackOAuth) {
      for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const) {
        if (!env[name]) problem(name, 'is required for Slack OAuth (many workspaces)');
      }
      if (env.SLACK_BOT_TOKEN) {
        problem('SLACK_BOT_TOKEN', 'must not be set with SLACK_CLIENT_ID: choose one token (SLACK_BOT_TOKEN) or OAuth');
      }
      if (env.SLACK_STATE_SECRET && env.SLACK_STATE_SECRET.length < 16) {
        problem('SLACK_STATE_SECRET', 'must be at least 16 characters (a random string)');
      }
      const keyProblem = encryptionKeyProblem(env.SITREP_ENCRYPTION_KEY);
      if (keyProblem) problem('SITREP_ENCRYPTION_KEY', keyProblem);
      if (!env.SITREP_PUBLIC_URL)
        problem('SITREP_PUBLIC_URL', 'is required for Slack OAuth (the redirect URL is built on it)');
    }
    if (slackOn) {
      if (slackOAuth) {
        // Tokens come from installations.
      } else if (!env.SLACK_BOT_TOKEN) {
        problem('SLACK_BOT_TOKEN', 'is required when Slack is enabled (or SLACK_CLIENT_ID… for OAuth)');
      } else if (!env.SLACK_BOT_TOKEN.startsWith('xoxb-')) problem('SLACK_BOT_TOKEN', 'must be a bot token (xoxb-…)');
      if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) {
        problem('SLACK_APP_TOKEN', 'must be an app-level token (xapp-…)');
      }
      if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
        problem('SLACK_SIGNING_SECRET', 'is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
      }
    }
    const discordOn = Boolean(env.DISCORD_TOKEN || env.DISCORD_APPLICATION_ID || env.DISCORD_PUBLIC_KEY);
    if (discordOn) {
      if (!env.DISCORD_TOKEN) problem('DISCORD_TOKEN', 'is required when Discord is enabled');
      if (!env.DISCORD_APPLICATION_ID) problem('DISCORD_APPLICATION_ID', 'is required when Discord is enabled');
      else if (!/^\d{5,25}$/.test(env.DISCORD_APPLICATION_ID))
        problem('DISCORD_APPLICATION_ID', 'must be a numeric id');
      if (env.DISCORD_PUBLIC_KEY && !/^[0-9a-f]{64}$/i.test(env.DISCORD_PUBLIC_KEY)) {
        problem('DISCORD_PUBLIC_KEY', 'must be 64 hex characters');
      }
    }
    if (env.DISCORD_GUILD_ID && !/^\d{5,25}$/.test(env.DISCORD_GUILD_ID))
      problem('DISCORD_GUILD_ID', 'must be a numeric id');
    for (const admin of env.ADMINS) {
      if (!/^(slack|discord|shell):\S+$/.test(admin))
        problem('ADMINS', `"${admin}" must be like slack:U0123 or discord:1234`);
    }
    if (!/^(file:|postgres(ql)?:\/\/)/.test(env.DATABASE_URL)) {
      problem('DATABASE_URL', 'must start with file: (SQLite) or postgres:// (Postgres)');
    }
  });

/**
 * What is wrong with an encryption key, or undefined when it is fit: 32 bytes in base64, and not an
 * obviously made-up value (a repeated byte, a short pattern) that a random generator never yields.
 */
export function encryptionKeyProblem(value: string | undefined): string | undefined {
  const how = 'generate one with `openssl rand -base64 32`';
  if (!value) return `is required with Slack OAuth: 32 random bytes in base64 (${how})`;
  if (!/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(value)) return `must be 32 bytes in base64 (${how})`;
  const bytes = Buffer.from(value, 'base64');
  // 32 random bytes have about 30 distinct values (sd ~1.3); fewer than 20 essentially never happens by chance.
  if (new Set(bytes).size < 20) return `is too weak (not random): ${how}`;
  return undefined;
}

export type Env = z.output<typeof envSchema> & {
  slackEnabled: boolean;
  /** Slack through OAuth installations (many workspaces) rather than one SLACK_BOT_TOKEN. */
  slackOAuth: boolean;
  discordEnabled: boolean;
};

/** The console's base URL for links: `SITREP_PUBLIC_URL`, else this machine on `port`. */
export function consoleBaseUrl(env: Pick<Env, 'SITREP_PUBLIC_URL' | 'PORT'>, port = env.PORT): string {
  return (env.SITREP_PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
}

/** The message names the bot's start, what an invalid environment stops unless `forCommand` says otherwise. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(envProblemsText('Sitrep cannot start; fix the environment', problems));
    this.name = 'EnvError';
  }

  /** The same problems, headed by the one-off command (`sitrep discord register`) they stopped. */
  forCommand(command: string): string {
    return envProblemsText(`${command}: fix the environment`, this.problems);
  }
}

function envProblemsText(headline: string, problems: readonly string[]): string {
  return `${headline} (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const env = parsed.data;
  return {
    ...env,
    slackEnabled: Boolean(env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID),
    slackOAuth: Boolean(env.SLACK_CLIENT_ID),
    discordEnabled: Boolean(env.DISCORD_TOKEN),
  };
}
