import type { Actor, Story } from '../story/schema.js';
import type { MentionKind, NameMention } from './names.js';
import { nameKey } from './words.js';

/**
 * The people, states and organisations of a whole article: mentions joined into entities, and
 * each entity resolved to the story's actor it names, if any.
 *
 * - the same name is the same entity;
 * - a single word that is the first or last word of exactly one person's name is that person
 *   ("Kim" → Kim Jong Un, "Shoigu" → Sergei Shoigu), an alias the article uses;
 * - a role written before a name ("North Korean Leader Kim Jong Un") names that person when the
 *   article uses it alone later ("The North Korean leader might travel…");
 * - a name the article uses mostly after "in", "near", "at" is a place, not an actor;
 * - a single unknown word that acts in the story (speaks, is named as a party) is taken for an
 *   institution: in news copy that is nearly always a capital or a seat of government standing for
 *   its government ("Pyongyang", "the Kremlin").
 */

export interface ArticleEntity {
  key: string;
  name: string;
  kind: Actor['kind'];
  aliases: string[];
  role?: string;
  /** Sentence indices where it is mentioned (not counting mentions inside a longer name). */
  sentences: Set<number>;
  /** The story actor it names, when the story has one. */
  actorId?: string;
}

interface Collected {
  mention: NameMention;
  sentence: number;
}

function personTokens(name: string): string[] {
  return nameKey(name).split(' ');
}

export interface EntityTable {
  entities: ArticleEntity[];
  /** The entity each mention of a sentence refers to (by sentence index and mention start). */
  of(sentence: number, mention: NameMention): ArticleEntity | undefined;
  places: Set<string>;
}

export function buildEntities(mentionsBySentence: ReadonlyArray<NameMention[]>, story: Story | undefined): EntityTable {
  const all: Collected[] = mentionsBySentence.flatMap((mentions, sentence) =>
    mentions.map((mention) => ({ mention, sentence })),
  );
  const known = actorNames(story);
  const byKey = new Map<string, ArticleEntity>();
  const entityOf = new Map<NameMention, ArticleEntity>();
  const places = new Set<string>();

  // Places: most of the mentions of the name are locative.
  const votes = new Map<string, { place: number; other: number }>();
  for (const { mention } of all) {
    const key = nameKey(mention.text);
    const v = votes.get(key) ?? { place: 0, other: 0 };
    if (mention.kind === 'place') v.place += 1;
    else if (mention.kind === 'unknown' || mention.kind === 'person') v.other += 1;
    votes.set(key, v);
  }
  for (const [key, v] of votes) if (v.place > v.other && !known.has(key)) places.add(key);

  const add = (c: Collected, kind: Actor['kind']) => {
    // A state goes by its usual name; "US" and "UK" are what the article calls it.
    const name = kind === 'state' && c.mention.country ? c.mention.country : c.mention.text;
    const key = nameKey(name);
    let entity = byKey.get(key);
    if (!entity) {
      entity = { key, name, kind, aliases: [], sentences: new Set() };
      byKey.set(key, entity);
    }
    if (name !== c.mention.text && !entity.aliases.includes(c.mention.text)) entity.aliases.push(c.mention.text);
    if (!c.mention.inside) entity.sentences.add(c.sentence);
    if (c.mention.title && !entity.role) entity.role = c.mention.title;
    entityOf.set(c.mention, entity);
    return entity;
  };

  const firm = (k: MentionKind): k is Actor['kind'] => k !== 'place' && k !== 'role' && k !== 'unknown';
  // Pass 1: names whose kind is clear.
  for (const c of all) {
    const key = nameKey(c.mention.text);
    if (places.has(key)) continue;
    if (c.mention.modifier && !known.has(key) && !byKey.has(key)) continue;
    if (firm(c.mention.kind)) add(c, c.mention.kind);
  }
  // Pass 2: single words and unknowns: a known name, part of a person's name, or an institution.
  const people = [...byKey.values()].filter((e) => e.kind === 'person');
  for (const c of all) {
    if (entityOf.has(c.mention) || c.mention.kind === 'role') continue;
    const key = nameKey(c.mention.text);
    // A place the story knows as an actor ("at the Port of Rotterdam") is that actor.
    if (places.has(key) || (c.mention.kind === 'place' && !known.has(key))) continue;
    const existing = byKey.get(key);
    if (existing) {
      add(c, existing.kind);
      continue;
    }
    const words = key.split(' ');
    const owners =
      words.length === 1
        ? people.filter((p) => [personTokens(p.name)[0], personTokens(p.name).at(-1)].includes(key))
        : [];
    if (owners.length === 1 && owners[0]) {
      const owner = owners[0];
      if (!owner.aliases.includes(c.mention.text)) owner.aliases.push(c.mention.text);
      byKey.set(key, owner);
      entityOf.set(c.mention, owner);
      owner.sentences.add(c.sentence);
      continue;
    }
    if (c.mention.modifier && !known.has(key)) continue;
    if (/^\p{Lu}{2,}$/u.test(c.mention.text) && !known.has(key)) continue; // an acronym nobody is named by
    add(c, c.mention.speaks ? 'person' : words.length === 1 ? 'government' : 'organization');
  }
  // Pass 3: roles that titled a person earlier name that person.
  for (const c of all) {
    if (c.mention.kind !== 'role') continue;
    const key = nameKey(c.mention.text);
    const titled = people.filter((p) => p.role && nameKey(p.role) === key);
    if (titled.length === 1 && titled[0]) {
      const person = titled[0];
      const alias = `the ${c.mention.text}`;
      if (!person.aliases.some((a) => nameKey(a) === key)) person.aliases.push(alias);
      entityOf.set(c.mention, person);
      person.sentences.add(c.sentence);
    }
  }
  const entities = [...new Set(byKey.values())];
  for (const entity of entities) {
    const id = resolveActor(entity, known, story);
    if (id) entity.actorId = id;
  }
  return { entities, of: (_sentence, mention) => entityOf.get(mention), places };
}

const actorNameIndex = new WeakMap<Story, Map<string, string[]>>();

/** Every normalised name and alias of the story's actors → the actor ids that carry it. */
export function actorNames(story: Story | undefined): Map<string, string[]> {
  const cached = story ? actorNameIndex.get(story) : undefined;
  if (cached) return cached;
  const names = new Map<string, string[]>();
  for (const actor of story?.actors ?? []) {
    for (const name of [actor.name, ...actor.aliases, actor.id.replace(/-/g, ' ')]) {
      const key = nameKey(name);
      if (!key) continue;
      const ids = names.get(key) ?? [];
      if (!ids.includes(actor.id)) ids.push(actor.id);
      names.set(key, ids);
    }
  }
  if (story) actorNameIndex.set(story, names);
  return names;
}

function resolveActor(
  entity: ArticleEntity,
  known: Map<string, string[]>,
  story: Story | undefined,
): string | undefined {
  for (const name of [entity.name, ...entity.aliases]) {
    const ids = known.get(nameKey(name));
    if (ids?.length === 1) return ids[0];
  }
  // "Kirby" for a story that knows John Kirby only by his full name.
  if (entity.key.includes(' ') || !story) return undefined;
  const owners = peopleByNameWord(story).get(entity.key);
  return owners?.length === 1 ? owners[0] : undefined;
}

const nameWordIndex = new WeakMap<Story, Map<string, string[]>>();

/** The story's people by the first and the last word of their names, built once per story version. */
function peopleByNameWord(story: Story): Map<string, string[]> {
  let index = nameWordIndex.get(story);
  if (!index) {
    index = new Map();
    for (const actor of story.actors) {
      if (actor.kind !== 'person') continue;
      const words = personTokens(actor.name);
      for (const word of new Set([words[0], words.at(-1)])) {
        if (!word) continue;
        const ids = index.get(word) ?? [];
        ids.push(actor.id);
        index.set(word, ids);
      }
    }
    nameWordIndex.set(story, index);
  }
  return index;
}
