import { capitalise } from '../helpers.js';
import type { Source, Story } from '../story/schema.js';
import { type Attribution, sourceKind } from './attribution.js';
import type { ArticleEntity } from './entities.js';
import { isStopword, nameKey } from './words.js';

/**
 * The story's source for an attribution: the same name, a name whose words the attribution's are
 * all part of ("media reports" → "Unnamed media reports (cited by the article)"), or the source
 * that names the same person ("Everard" → "John Everard, former UK ambassador…"). Otherwise a new
 * source is proposed, named as the article names it, with its role when it gave one.
 */

export interface SourceRef {
  /** A source already in the story, or the one this proposal set adds. */
  id: string;
  isNew: boolean;
  source: Source;
}

function keyWords(text: string): string[] {
  return nameKey(text)
    .split(' ')
    .filter((w) => w && !isStopword(w) && !['unnamed', 'unspecified', 'cited', 'article'].includes(w));
}

function contains(outer: string, inner: string): boolean {
  const words = new Set(keyWords(outer));
  const needed = keyWords(inner);
  return needed.length > 0 && needed.every((w) => words.has(w));
}

export function findSource(sources: readonly Source[], name: string, person?: ArticleEntity): Source | undefined {
  const key = nameKey(name);
  const exact = sources.find((s) => nameKey(s.name) === key || s.id === key.replace(/ /g, '-'));
  if (exact) return exact;
  if (person) {
    const full = sources.find((s) => contains(s.name, person.name));
    if (full) return full;
  }
  const within = sources.filter((s) => contains(s.name, name));
  // The tightest fit: "reports" belongs to the shortest source name made of reports.
  return within.sort((a, b) => keyWords(a.name).length - keyWords(b.name).length)[0];
}

/** The article itself, speaking in its own voice. */
export function articleSource(story: Story | undefined, address: string, title?: string, siteName?: string): Source {
  const web = /^https?:\/\//.test(address);
  const existing = story?.sources.find((s) => (web && s.url === address) || s.id === 'article');
  if (existing) return existing;
  const host = web ? new URL(address).host.replace(/^www\./, '') : undefined;
  const name = siteName ?? host ?? 'The source article';
  return {
    id: host ? nameKey(host).replace(/ /g, '-') : 'article',
    name: title && web ? `${name}: ${title}` : name,
    kind: 'media',
    ...(web ? { url: address } : {}),
  };
}

/** A new source for an attribution the story does not know. */
export function newSource(
  attribution: Attribution,
  person: { name: string; role?: string } | undefined,
): Omit<Source, 'id'> {
  const said = attribution.name ?? 'Unnamed reports';
  if (attribution.unnamed) {
    const name = said === 'reports' ? 'Unnamed reports' : `Unnamed ${said.toLowerCase()}`;
    return { name, kind: 'media' };
  }
  const role = attribution.role ?? person?.role;
  let name = capitalise(said);
  // A person by their full name and role: "John Everard, former UK ambassador to North Korea".
  if (person && !(role && said.includes(role))) name = role ? `${person.name}, ${role}` : person.name;
  return { name, kind: sourceKind(said, role ?? '') };
}
