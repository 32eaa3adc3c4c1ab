import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import { normalizeName } from '../../src/core/story/normalize.js';
import {
  ACTOR_KINDS,
  type Actor,
  CLAIM_STATUSES,
  type Claim,
  CONFIDENCES,
  HEDGINGS,
  SOURCE_KINDS,
  type Source,
  type Story,
  type TimelineEvent,
} from '../../src/core/story/schema.js';

/**
 * Synthetic stories of any size, for benchmarks and for tests that need a big or awkward story
 * (the longest briefing, pick lists, escaping). Deterministic: the same options give the same
 * story, byte for byte. Every story it returns is valid (`parseStory` accepts it when written to
 * `<id>.yaml`).
 *
 *   generateStory({ actors: 1000, claims: 10000, seed: 7 })       → YAML text
 *   generateStoryObject({ actors: 1000, claims: 10000, seed: 7 }) → the same story as an object
 *
 * Names are made from pools of first and last names with accents (José Álvarez, Zoë Øster…), so
 * many people share a last name; about half of the people have their last name as an alias, so
 * a last name is often an exact alias of several actors (an ambiguous lookup), and some last names
 * belong to one person only (an exact alias lookup).
 */

export interface GenerateOptions {
  /** Number of actors (default 20). */
  actors?: number;
  /** Number of claims (default 50). */
  claims?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Story id, which is also the file name to write it under (default `generated-story`). */
  id?: string;
  /** Number of sources (default: about one per 20 claims, between 3 and 60). */
  sources?: number;
  /** Number of timeline events (default: about one per 20 claims, between 3 and 200). */
  timeline?: number;
  /**
   * Put text that chat platforms would treat as markup or mentions in claim texts, notes and
   * summaries (`@everyone`, `<!channel>`, `<@U123>`, `*bold*`, `[link](…)`…), for escaping tests.
   */
  tricky?: boolean;
  /** Longest claim text in characters (default 300); lengths vary from about 60 up to it. */
  maxClaimLength?: number;
}

/** A small, fast, seedable PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'José',
  'Ana',
  'Björn',
  'Chloé',
  'Dmitri',
  'Élodie',
  'Fatima',
  'Giovanni',
  'Hana',
  'Ivan',
  'Jürgen',
  'Kofi',
  'Lucía',
  'Mei',
  'Nikolai',
  'Oluwaseun',
  'Pál',
  'Renée',
  'Søren',
  'Tomás',
  'Uma',
  'Wojciech',
  'Xiomara',
  'Yusuf',
  'Zoë',
  'Ahmed',
  'Beatriz',
  'Carlos',
  'Daniela',
  'Emre',
  'François',
  'Grete',
  'Hiroshi',
  'Inés',
  'Jan',
  'Katarzyna',
  'Lars',
  'Małgorzata',
  'Nadia',
  'Otto',
];

const LAST_NAMES = [
  'Álvarez',
  'Nguyen',
  'Schröder',
  'Okafor',
  'Kowalski',
  'Dubois',
  'Haddad',
  'Rossi',
  'Tanaka',
  'Petrov',
  'Øster',
  'García',
  'Müller',
  'Mensah',
  'Novák',
  'Lefèvre',
  'Karimi',
  'Bianchi',
  'Sato',
  'Ivanova',
  'Çelik',
  'Fernández',
  'Weiß',
  'Adeyemi',
  'Dvořák',
  'Moreau',
  'Nasser',
  'Ricci',
  'Suzuki',
  'Smirnov',
  'Łukasik',
  'Pérez',
  'Becker',
  'Owusu',
  'Horváth',
  'Girard',
  'Rahimi',
  'Greco',
  'Watanabe',
  'Volkov',
  'Brennan',
  'Quispe',
  'Lindqvist',
  'Zapata',
  'Hakimi',
  'Ortega',
  'Varga',
  'Costa',
  'Yamada',
  'Sokolov',
];

const PLACES = [
  'Northport',
  'Valdora',
  'Kessra',
  'Eastmere',
  'Port Elling',
  'Sárvár',
  'Lindholm',
  'Ostrava',
  'Rio Claro',
  'Belmonte',
  'Kirkwall',
  'Saint-Aubin',
  'Drammen',
  'Tarnów',
  'Esbjerg',
  'Mérida',
  'Oulu',
  'Zadar',
];

const BODIES = [
  'Harbour Authority',
  'Ministry of Water',
  'Dock Workers’ Union',
  'City Council',
  'Chamber of Commerce',
  'Police',
  'Energy Regulator',
  'Farmers’ Cooperative',
  'Court of Appeal',
  'Fire Service',
  'Port Police',
  'Teachers’ Union',
  'Rail Company',
  'Health Board',
  'Water Company',
];

const ROLES = [
  'Minister of Water',
  'Union general secretary',
  'Mayor',
  'Chief engineer',
  'Spokesperson',
  'Reporter',
  'Harbour master',
  'Prosecutor',
  'Judge',
  'Economist',
  'Opposition leader',
  'Police chief',
];

const VERBS = [
  'met',
  'criticised',
  'praised',
  'is negotiating with',
  'wrote to',
  'accused',
  'is expected to meet',
  'signed an agreement with',
  'declined to comment on',
  'called for talks with',
];

const DETAILS = [
  'over the new shift rules',
  'about the water-sharing plan',
  'after the harbour closed for two days',
  'ahead of next week’s vote',
  'in a closed meeting that lasted several hours',
  'about compensation for the flooded farmland',
  'on the terms of the proposed agreement, which have not been published',
  'according to two people familiar with the talks',
];

/** How a claim's text is put, by hedging: the wording never states more than the hedging says. */
const PHRASINGS: Record<Claim['hedging'] & string, Array<(clause: string) => string>> = {
  firm: [(c) => c],
  hedged: [(c) => `According to officials, ${c}`, (c) => `People familiar with the talks say ${c}`],
  speculative: [(c) => `It is possible that ${c}`, (c) => `Some reports suggest, without evidence, that ${c}`],
};

const TRICKY = [
  '@everyone',
  '@here',
  '<!channel>',
  '<!here>',
  '<@U0123ABCD>',
  '<@&123456789012345678>',
  '<#C0123ABCD>',
  '*bold* _italic_ ~strike~ `code`',
  '[a link](https://example.com/phish)',
  '<https://example.com|click here>',
  '|| spoiler ||',
  '> quoted line',
  '# heading',
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A valid id slug for a name: folded like lookups fold it, then reduced to a-z, 0-9 and hyphens. */
function slugOf(name: string): string {
  const slug = normalizeName(name)
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .replace(/ +/g, '-');
  return slug || 'x';
}

function uniqueSlug(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function sample<T>(random: () => number, list: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  const want = Math.min(count, list.length);
  while (chosen.size < want) chosen.add(pick(random, list));
  return [...chosen];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The story as an object of the story schema's output type (every optional list present). */
export function generateStoryObject(options: GenerateOptions = {}): Story {
  const actorCount = options.actors ?? 20;
  const claimCount = options.claims ?? 50;
  const random = createRandom(options.seed ?? 1);
  const id = options.id ?? 'generated-story';
  const sourceCount = options.sources ?? Math.min(60, Math.max(3, Math.round(claimCount / 20)));
  const timelineCount = options.timeline ?? Math.min(200, Math.max(3, Math.round(claimCount / 20)));
  const maxLength = Math.max(60, options.maxClaimLength ?? 300);
  if (actorCount < 1 && claimCount > 0) throw new RangeError('generateStory: claims need at least one actor');
  if (sourceCount < 1 && claimCount > 0) throw new RangeError('generateStory: claims need at least one source');
  const tricky = (text: string) => (options.tricky && random() < 0.5 ? `${text} ${pick(random, TRICKY)}` : text);

  const sources: Source[] = [];
  const sourceIds = new Set<string>();
  for (let i = 0; i < sourceCount; i += 1) {
    const place = pick(random, PLACES);
    const kind = SOURCE_KINDS[i % SOURCE_KINDS.length] as Source['kind'];
    const name = kind === 'media' ? `The ${place} Courier` : `${place} ${pick(random, BODIES)} (${kind})`;
    const source: Source = { id: uniqueSlug(slugOf(name), sourceIds), name, kind };
    if (kind === 'media') source.url = `https://news.example/${source.id}`;
    sources.push(source);
  }

  // People: distinct first+last combinations, in a seeded order.
  const combos = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => [first, last] as const));
  for (let i = combos.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [combos[i], combos[j]] = [combos[j] as (typeof combos)[number], combos[i] as (typeof combos)[number]];
  }
  const actors: Actor[] = [];
  const actorIds = new Set<string>();
  const organisations: string[] = [];
  for (let i = 0; i < actorCount; i += 1) {
    const person = i % 10 < 7;
    let actor: Actor;
    if (person) {
      const combo = combos[i % combos.length] ?? ['Ana', 'Rossi'];
      const round = Math.floor(i / combos.length);
      const [first, last] = combo;
      const name = round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
      const aliases = random() < 0.5 ? [last] : [];
      if (random() < 0.1) aliases.push(`${first.charAt(0)}. ${last}`);
      actor = { id: uniqueSlug(slugOf(name), actorIds), name, kind: 'person', aliases, role: pick(random, ROLES) };
    } else {
      const kind = pick(
        random,
        ACTOR_KINDS.filter((k) => k !== 'person'),
      );
      const name =
        kind === 'state' ? `Republic of ${pick(random, PLACES)}` : `${pick(random, PLACES)} ${pick(random, BODIES)}`;
      const slug = uniqueSlug(slugOf(name), actorIds);
      const display = slug === slugOf(name) ? name : `${name} (${slug.split('-').pop()})`;
      actor = { id: slug, name: display, kind, aliases: [] };
      organisations.push(slug);
    }
    if (random() < 0.6) actor.summary = tricky(`${actor.name} is named in reports ${pick(random, DETAILS)}.`);
    actors.push(actor);
  }
  // Affiliations point at organisations defined earlier or later: any defined id will do.
  if (organisations.length > 0) {
    for (const actor of actors) {
      if (actor.kind === 'person' && random() < 0.4) actor.affiliation = pick(random, organisations);
    }
  }

  const actorIdList = actors.map((a) => a.id);
  const sourceIdList = sources.map((s) => s.id);
  const claims: Claim[] = [];
  const claimIds = new Set<string>();
  const nameOf = new Map(actors.map((a) => [a.id, a.name]));
  for (let i = 0; i < claimCount; i += 1) {
    const about = actorIdList.length > 0 ? sample(random, actorIdList, 1 + Math.floor(random() * 3)) : [];
    const hedging = pick(random, HEDGINGS);
    const [a, b] = about;
    const subject = a ? nameOf.get(a) : 'An unnamed official';
    const object = b ? nameOf.get(b) : 'the authorities';
    const clause = `${subject} ${pick(random, VERBS)} ${object} ${pick(random, DETAILS)}`;
    let text = `${pick(random, PHRASINGS[hedging])(clause)}.`;
    const target = 60 + Math.floor(random() * (maxLength - 60));
    while (text.length < target) text += ` ${pick(random, DETAILS).replace(/^./, (c) => c.toUpperCase())}.`;
    if (text.length > maxLength) text = `${text.slice(0, maxLength - 1).trimEnd()}…`;
    const claim: Claim = {
      id: uniqueSlug(`claim-${i + 1}`, claimIds),
      text: tricky(text),
      about: about.length > 0 ? about : [],
      source: sample(random, sourceIdList, random() < 0.8 ? 1 : 2),
      status: pick(random, CLAIM_STATUSES),
      hedging,
    };
    if (random() < 0.7) claim.confidence = pick(random, CONFIDENCES);
    if (random() < 0.2) claim.note = tricky(`Editors' note ${i + 1}: ${pick(random, DETAILS)}.`);
    claims.push(claim);
  }

  const timeline: TimelineEvent[] = [];
  for (let i = 0; i < timelineCount; i += 1) {
    const year = 2019 + Math.floor(random() * 12);
    const precision = random();
    const date =
      precision < 0.2
        ? String(year)
        : precision < 0.4
          ? `${year}-${pad(1 + Math.floor(random() * 12))}`
          : `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
    const actorsOf = actorIdList.length > 0 ? sample(random, actorIdList, 1 + Math.floor(random() * 2)) : [];
    const who = actorsOf.map((x) => nameOf.get(x)).join(' and ') || 'Officials';
    timeline.push({ date, text: tricky(`${who} ${pick(random, VERBS)} ${pick(random, DETAILS)}.`), actors: actorsOf });
  }

  const place = pick(random, PLACES);
  return {
    id,
    title: `Generated story: ${actorCount} actors and ${claimCount} claims in ${place}`,
    asOf: '2031-04-02',
    summary: {
      headline: tricky(`A synthetic story about ${place}, with ${actorCount} actors and ${claimCount} claims.`).slice(
        0,
        200,
      ),
      short: tricky(
        `Officials in ${place} are reportedly in talks ${pick(random, DETAILS)}. Several claims are disputed. ` +
          'Nothing in this story is real.',
      ),
      full: [
        `**The talks.** Officials in ${place} are *reportedly* in talks ${pick(random, DETAILS)}.`,
        tricky(`**The dispute.** Some of the ${claimCount} claims are disputed or denied.`),
        'Nothing in this story is real: it was generated for tests and benchmarks.',
      ].join('\n\n'),
    },
    sources,
    actors,
    claims,
    timeline,
  };
}

/** The story as the YAML text of a story file; write it to `<id>.yaml`. */
export function generateStory(options: GenerateOptions = {}): string {
  const story = generateStoryObject(options);
  const doc = new Document(story);
  // Written the way people write story files: id lists in flow style, one source as a plain id.
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isSeq(pair.value)) return;
      const key = String(pair.key.value);
      if (key === 'aliases' && pair.value.items.length === 0) return visit.REMOVE;
      if (key === 'source' && pair.value.items.length === 1) pair.value = pair.value.items[0] as typeof pair.value;
      else if (['about', 'source', 'aliases', 'actors'].includes(key) && pair.value.items.every(isScalar))
        pair.value.flow = true;
    },
  });
  doc.commentBefore = ` Generated story (seed ${options.seed ?? 1}): synthetic, for tests and benchmarks.`;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
