import { z } from 'zod';

/** The story file format of PRODUCT.md. Unknown fields are errors, so a typo is never ignored. */

const slug = z
  .string()
  .min(1)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "kim-jong-un"');
const text = z.string().trim().min(1, 'must not be empty');
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
// YAML reads an unquoted 2023-09-05 as a string with yaml's default core schema, but a bare
// year (2019) as a number: accept both and keep the string form.
const dateField = z.union([z.number().int().transform(String), z.string()]).pipe(isoDate);

export const SOURCE_KINDS = ['official', 'government', 'media', 'intelligence', 'analyst', 'other'] as const;
export const ACTOR_KINDS = ['person', 'state', 'government', 'organization', 'agency', 'group'] as const;
export const CLAIM_STATUSES = ['reported', 'confirmed', 'disputed', 'denied', 'retracted', 'outdated'] as const;
export const HEDGINGS = ['firm', 'hedged', 'speculative'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const TIERS = ['headline', 'short', 'full'] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type Hedging = (typeof HEDGINGS)[number];
export type Confidence = (typeof CONFIDENCES)[number];
export type Tier = (typeof TIERS)[number];

export const sourceSchema = z.strictObject({
  id: slug,
  name: text,
  kind: z.enum(SOURCE_KINDS),
  url: z.url().optional(),
  /** Other names people use for the source ("Kirby", "NIS"); looked up like actors' aliases. */
  aliases: z.array(text).optional(),
  /** The actor the source is or speaks for: its claims show on that actor's card, marked. */
  affiliation: slug.optional(),
});

export const actorSchema = z.strictObject({
  id: slug,
  name: text,
  kind: z.enum(ACTOR_KINDS),
  aliases: z.array(text).default([]),
  role: text.optional(),
  affiliation: slug.optional(),
  summary: text.optional(),
});

export const claimSchema = z.strictObject({
  id: slug,
  text,
  about: z.array(slug).min(1, 'must name at least one actor'),
  source: z.union([slug, z.array(slug).min(1)]).transform((s) => (Array.isArray(s) ? s : [s])),
  status: z.enum(CLAIM_STATUSES),
  hedging: z.enum(HEDGINGS).optional(),
  confidence: z.enum(CONFIDENCES).optional(),
  note: text.optional(),
});

export const timelineEventSchema = z.strictObject({
  date: dateField,
  text,
  actors: z.array(slug).default([]),
});

export const storySchema = z.strictObject({
  id: slug,
  title: text,
  asOf: dateField.optional(),
  summary: z.strictObject({
    headline: text.max(200, 'must be at most 200 characters'),
    short: text,
    full: text.optional(),
  }),
  sources: z.array(sourceSchema).default([]),
  actors: z.array(actorSchema).default([]),
  // Required, even when empty (`claims: []`): a file cut off part-way is refused, not served with
  // every claim "removed".
  claims: z.array(claimSchema),
  timeline: z.array(timelineEventSchema),
});

export type Source = z.infer<typeof sourceSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type Story = z.infer<typeof storySchema>;

/** The fields whose change makes a claim "changed" (PRODUCT.md). */
export const CLAIM_TRACKED_FIELDS = ['text', 'about', 'source', 'status', 'hedging', 'confidence', 'note'] as const;
export type ClaimField = (typeof CLAIM_TRACKED_FIELDS)[number];
