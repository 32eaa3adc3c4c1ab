import { z } from 'zod';

/** The story file format of PRODUCT.md. Unknown fields are errors, so a typo is never ignored. */

const slug = z
  .string()
  .min(1)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "kim-jong-un"');
/**
 * Bidirectional embeddings, overrides and isolates: text that holds them can show in chat in an
 * order other than the one stored and reviewed (a claim read backwards), and no story needs them:
 * right-to-left scripts display correctly without.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((value) => !BIDI_CONTROLS.test(value), {
    error: 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)',
  });

/**
 * The most a story may hold (README, "Limits"): what one answer or briefing can show stays bounded,
 * and a runaway file (a 50 MB note, 100,000 claims) is refused with the field named.
 */
export const STORY_LIMITS = {
  /** Characters of a name, title, headline, role or alias. */
  name: 200,
  /** Characters of a claim's text, a timeline event, the short summary. */
  sentence: 1000,
  /** Characters of a note or an actor's summary. */
  note: 2000,
  /** Characters of the full summary. */
  full: 50_000,
  claims: 20_000,
  actors: 5000,
  sources: 5000,
  timeline: 20_000,
} as const;

/** A text field of at most `max` characters; the refusal says how long it is. */
function bounded(max: number) {
  return text.max(max, {
    error: (issue) => `must be at most ${max} characters (it has ${String(issue.input).length})`,
  });
}

function listOf<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max, { error: (issue) => `at most ${max} entries (it has ${(issue.input as unknown[]).length})` });
}
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
// YAML reads an unquoted 2023-09-05 as a string with yaml's default core schema, but a bare
// year (2019) as a number: accept both and keep the string form.
const dateField = z.union([z.number().int().transform(String), z.string()]).pipe(isoDate);

export const SOURCE_KINDS = ['official', 'government', 'media', 'intelligence', 'analyst', 'other'] as const;
export const ACTOR_KINDS = ['person', 'state', 'government', 'organization', 'agency', 'group'] as const;
export const CLAIM_STATUSES = ['reported', 'confirmed', 'disputed', 'denied', 'retracted', 'outdated'] as const;
export const HEDGINGS = ['firm', 'hedged', 'speculative'] as const;
export type Hedging = (typeof HEDGINGS)[number];
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const TIERS = ['headline', 'short', 'full'] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type Confidence = (typeof CONFIDENCES)[number];
export type Tier = (typeof TIERS)[number];

/**
 * A web address: http or https only. A source's URL is published (ClaimReview export, the public
 * claims feed) and may be linked, so `javascript:` or `data:` would be a script waiting for a click.
 */
export const webUrl = z
  .url({ protocol: /^https?$/, error: 'must be a web address starting with http:// or https://' })
  .max(2000);

export const sourceSchema = z.strictObject({
  id: slug,
  name: bounded(STORY_LIMITS.name),
  kind: z.enum(SOURCE_KINDS),
  url: webUrl.optional(),
  /** Other names people use for the source ("Kirby", "NIS"); looked up like actors' aliases. */
  aliases: listOf(bounded(STORY_LIMITS.name), 50).optional(),
  /** The actor the source is or speaks for: its claims show on that actor's card, marked. */
  affiliation: slug.optional(),
});

export const actorSchema = z.strictObject({
  id: slug,
  name: bounded(STORY_LIMITS.name),
  kind: z.enum(ACTOR_KINDS),
  aliases: listOf(bounded(STORY_LIMITS.name), 50).default([]),
  role: bounded(STORY_LIMITS.name).optional(),
  affiliation: slug.optional(),
  summary: bounded(STORY_LIMITS.note).optional(),
});

export const claimSchema = z.strictObject({
  id: slug,
  text: bounded(STORY_LIMITS.sentence),
  about: z.array(slug).min(1, 'must name at least one actor'),
  source: z.union([slug, z.array(slug).min(1)]).transform((s) => (Array.isArray(s) ? s : [s])),
  status: z.enum(CLAIM_STATUSES),
  hedging: z.enum(HEDGINGS).optional(),
  confidence: z.enum(CONFIDENCES).optional(),
  note: bounded(STORY_LIMITS.note).optional(),
});

export const timelineEventSchema = z.strictObject({
  date: dateField,
  text: bounded(STORY_LIMITS.sentence),
  actors: z.array(slug).default([]),
});

export const storySchema = z.strictObject({
  id: slug,
  title: bounded(STORY_LIMITS.name),
  asOf: dateField.optional(),
  summary: z.strictObject({
    headline: bounded(STORY_LIMITS.name),
    short: bounded(STORY_LIMITS.sentence),
    full: bounded(STORY_LIMITS.full).optional(),
  }),
  sources: listOf(sourceSchema, STORY_LIMITS.sources).default([]),
  actors: listOf(actorSchema, STORY_LIMITS.actors).default([]),
  // Required, even when empty (`claims: []`): a file cut off part-way is refused, not served with
  // every claim "removed".
  claims: listOf(claimSchema, STORY_LIMITS.claims),
  timeline: listOf(timelineEventSchema, STORY_LIMITS.timeline),
});

export type Source = z.infer<typeof sourceSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type Story = z.infer<typeof storySchema>;

/** The fields whose change makes a claim "changed" (PRODUCT.md). */
export const CLAIM_TRACKED_FIELDS = ['text', 'about', 'source', 'status', 'hedging', 'confidence', 'note'] as const;
export type ClaimField = (typeof CLAIM_TRACKED_FIELDS)[number];
