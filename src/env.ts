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

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: url('https://slack.com/api/'),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional,
    DISCORD_PUBLIC_KEY: optional,
    DISCORD_API_URL: url('https://discord.com/api'),
    DISCORD_GUILD_ID: optional,
    DATABASE_URL: optional.transform((v) => v ?? 'file:./data/sitrep.db'),
    BRIEFINGS_DIR: optional.transform((v) => v ?? './briefings'),
    CONFIG_DIR: optional.transform((v) => v ?? './config'),
    PORT: optional
      .pipe(
        z
          .string()
          .regex(/^\d{1,5}$/, 'must be a port number')
          .refine((v) => Number(v) <= 65535, 'must be a port number (0-65535)')
          .optional(),
      )
      .transform((v) => (v === undefined ? 3000 : Number(v))),
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
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const slackOn = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN);
    if (slackOn) {
      if (!env.SLACK_BOT_TOKEN) problem('SLACK_BOT_TOKEN', 'is required when Slack is enabled');
      else if (!env.SLACK_BOT_TOKEN.startsWith('xoxb-')) problem('SLACK_BOT_TOKEN', 'must be a bot token (xoxb-…)');
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

export type Env = z.output<typeof envSchema> & { slackEnabled: boolean; discordEnabled: boolean };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Sitrep cannot start; fix the environment (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'EnvError';
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const env = parsed.data;
  return {
    ...env,
    slackEnabled: Boolean(env.SLACK_BOT_TOKEN),
    discordEnabled: Boolean(env.DISCORD_TOKEN),
  };
}
