import { z } from 'zod';
import { parseChannelAddress } from '../ports.js';
import { parseScheduleSpec } from '../schedule/spec.js';
import { TIERS, webUrl } from '../story/schema.js';

/** `config/sitrep.yaml`: what admins declare instead of typing in chat. */

const channel = z.string().refine((v) => parseChannelAddress(v) !== undefined, {
  message: 'must be a channel address like slack:C0123ABCD, discord:123456789012345678 or shell:local',
});
const userAddress = z.string().regex(/^(slack|discord|shell):\S+$/, 'must be like slack:U0123ABCD or discord:123…');
const zone = z.string().refine(isTimeZone, { message: 'is not an IANA time zone (like Europe/London)' });
const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 90m or 2h')
  .transform(durationMs);
/**
 * A schedule's `at`, read by the parser the scheduler and `/sitrep schedule add` use: a line it
 * cannot read would otherwise pass validation and only be skipped, with a log line, at start-up.
 */
const scheduleAt = z.string().superRefine((value, ctx) => {
  const parsed = parseScheduleSpec(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message, input: value });
});

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

export const configSchema = z.strictObject({
  timezone: zone.default('UTC'),
  admins: z.array(userAddress).default([]),
  /** May change story content (not schedules or tracking beyond what their platform role allows). */
  editors: z.array(userAddress).default([]),
  adminChannel: channel.optional(),
  catchUpWindow: duration.default(durationMs('2h')),
  /** Messages a Slack workspace may receive per minute across all its channels. */
  slackWorkspaceBudgetPerMinute: z.number().int().positive().default(600),
  /** schema.org ClaimReview out (`export --format claimreview`, `GET /stories/<story>/claims.jsonld`). */
  claimReview: z
    .strictObject({
      /** Serve `GET /stories/<story>/claims.jsonld` to anyone: off unless set. */
      public: z.boolean().default(false),
      /** Who publishes the reviews: the newsroom's name, and its site. */
      publisher: z.string().trim().min(1).max(200).default('Sitrep'),
      publisherUrl: webUrl.optional(),
    })
    .prefault({}),
  schedules: z
    .array(
      z.strictObject({
        channel,
        story: z.string().optional(),
        at: scheduleAt,
        tz: zone.optional(),
        tier: z.enum(TIERS).default('short'),
      }),
    )
    .default([]),
  tracking: z
    .array(
      z.strictObject({
        channel,
        track: z.string().regex(/^(story|actor|claim) \S+$/, 'must be "story <id>", "actor <id>" or "claim <id>"'),
        /** Alerts about each claim in a thread of their own, as `/sitrep track … thread`. */
        thread: z.boolean().default(false),
      }),
    )
    .default([]),
});

export type SitrepConfig = z.output<typeof configSchema>;

export const defaultConfig: SitrepConfig = configSchema.parse({});
