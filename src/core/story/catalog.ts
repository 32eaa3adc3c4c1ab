import { UserError } from '../../errors.js';
import { type LoadResult, listStoryFiles, loadStoryFile, type Problem } from './load.js';
import { type LookupResult, NameIndex } from './lookup.js';
import type { Actor, Claim, Source, Story } from './schema.js';

/**
 * One loaded story with the indexes that commands need. Immutable: a new version is a new view.
 * Each index is built when first asked for: an edit to a 10,000-claim story serves the new version
 * at once, and the first question about it builds only what it needs (ADR 0044).
 */
export class StoryView {
  #actorById?: ReadonlyMap<string, Actor>;
  #sourceById?: ReadonlyMap<string, Source>;
  #claimById?: ReadonlyMap<string, Claim>;
  #claimOrder?: ReadonlyMap<Claim, number>;
  #claimsByActor?: ReadonlyMap<string, Claim[]>;
  #claimsBySource?: ReadonlyMap<string, Claim[]>;
  #affiliates?: ReadonlyMap<string, Actor[]>;
  #actors?: NameIndex<{ id: string; names: string[]; actor: Actor }>;
  #claims?: NameIndex<{ id: string; names: string[]; claim: Claim }>;
  #sources?: NameIndex<{ id: string; names: string[]; source: Source }>;

  constructor(
    readonly story: Story,
    readonly sourceText: string,
    /** The stored revision this view serves (what an edit made from it names as its base). */
    readonly revision?: number,
  ) {}

  get actorById(): ReadonlyMap<string, Actor> {
    this.#actorById ??= new Map(this.story.actors.map((a) => [a.id, a]));
    return this.#actorById;
  }

  get sourceById(): ReadonlyMap<string, Source> {
    this.#sourceById ??= new Map(this.story.sources.map((s) => [s.id, s]));
    return this.#sourceById;
  }

  get claimById(): ReadonlyMap<string, Claim> {
    this.#claimById ??= new Map(this.story.claims.map((c) => [c.id, c]));
    return this.#claimById;
  }

  /** Each claim's place in the story: the editors' order of importance, for lists gathered from several indexes. */
  get claimOrder(): ReadonlyMap<Claim, number> {
    this.#claimOrder ??= new Map(this.story.claims.map((c, i) => [c, i]));
    return this.#claimOrder;
  }

  get claimsByActor(): ReadonlyMap<string, Claim[]> {
    this.#claimsByActor ??= groupBy(this.story.claims, (c) => c.about);
    return this.#claimsByActor;
  }

  get claimsBySource(): ReadonlyMap<string, Claim[]> {
    this.#claimsBySource ??= groupBy(this.story.claims, (c) => c.source);
    return this.#claimsBySource;
  }

  /** Actors whose `affiliation` names the key: the White House and the NSC under the United States. */
  get affiliates(): ReadonlyMap<string, Actor[]> {
    this.#affiliates ??= groupBy(this.story.actors, (a) => (a.affiliation ? [a.affiliation] : []));
    return this.#affiliates;
  }

  get actors(): NameIndex<{ id: string; names: string[]; actor: Actor }> {
    this.#actors ??= new NameIndex(
      this.story.actors.map((actor) => ({ id: actor.id, names: [actor.name, ...actor.aliases], actor })),
    );
    return this.#actors;
  }

  get claims(): NameIndex<{ id: string; names: string[]; claim: Claim }> {
    this.#claims ??= new NameIndex(this.story.claims.map((claim) => ({ id: claim.id, names: [], claim })));
    return this.#claims;
  }

  get sources(): NameIndex<{ id: string; names: string[]; source: Source }> {
    this.#sources ??= new NameIndex(
      this.story.sources.map((source) => ({ id: source.id, names: [source.name, ...(source.aliases ?? [])], source })),
    );
    return this.#sources;
  }

  get id(): string {
    return this.story.id;
  }

  findActor(query: string): LookupResult<Actor> {
    return mapResult(this.actors.find(query), (c) => c.actor);
  }

  findSource(query: string): LookupResult<Source> {
    return mapResult(this.sources.find(query), (c) => c.source);
  }

  sourceNames(claim: Claim): string[] {
    return claim.source.map((id) => this.sourceById.get(id)?.name ?? id);
  }

  actorName(id: string): string {
    return this.actorById.get(id)?.name ?? id;
  }
}

function mapResult<A, B>(result: LookupResult<A>, pick: (a: A) => B): LookupResult<B> {
  switch (result.kind) {
    case 'found':
      return { kind: 'found', item: pick(result.item) };
    case 'ambiguous':
      return { kind: 'ambiguous', candidates: result.candidates.map(pick) };
    case 'none':
      return { kind: 'none', suggestions: result.suggestions.map(pick) };
  }
}

function groupBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key) ?? [];
      list.push(item);
      map.set(key, list);
    }
  }
  return map;
}

export interface CatalogProblem {
  file: string;
  problems: Problem[];
}

/**
 * The stories being served. A file that fails validation never replaces the last valid version of
 * its story: the old view keeps being served and the problems are kept for admins.
 */
export class StoryCatalog {
  private readonly views = new Map<string, StoryView>();
  private readonly problemsByFile = new Map<string, Problem[]>();
  private generation = 0;
  private storyIndex = new NameIndex<{ id: string; names: string[] }>([]);

  constructor(readonly dir?: string) {}

  /** Loads every file of the directory; returns what was wrong, all at once. */
  async loadAll(): Promise<Problem[]> {
    if (!this.dir) return [];
    const problems: Problem[] = [];
    for (const file of await listStoryFiles(this.dir)) {
      // One file that cannot be read never keeps the others from being served.
      const result = await loadStoryFile(file).catch(
        (error: unknown): LoadResult => ({
          ok: false,
          problems: [{ file, line: 1, col: 1, message: `cannot be read: ${String(error)}` }],
        }),
      );
      this.apply(file, result);
      if (!result.ok) problems.push(...result.problems);
    }
    return problems;
  }

  /** Applies a load result: a valid story becomes live; an invalid one only records its problems. */
  apply(file: string, result: LoadResult, revision?: number): StoryView | undefined {
    if (!result.ok) {
      this.problemsByFile.set(file, result.problems);
      return undefined;
    }
    this.problemsByFile.delete(file);
    return this.put(result.story, result.source, revision);
  }

  /** The file's problems are past (it was read valid, or removed). */
  clearProblems(file: string): void {
    this.problemsByFile.delete(file);
  }

  /** Changes whenever the set of served story versions changes: answers cached before it are stale. */
  get version(): number {
    return this.generation;
  }

  put(story: Story, sourceText: string, revision?: number): StoryView {
    this.generation += 1;
    const view = new StoryView(story, sourceText, revision);
    this.views.set(story.id, view);
    this.storyIndex = new NameIndex([...this.views.values()].map((v) => ({ id: v.id, names: [v.story.title] })));
    return view;
  }

  remove(id: string): void {
    this.generation += 1;
    this.views.delete(id);
    this.storyIndex = new NameIndex([...this.views.values()].map((v) => ({ id: v.id, names: [v.story.title] })));
  }

  get(id: string): StoryView | undefined {
    return this.views.get(id);
  }

  list(): StoryView[] {
    return [...this.views.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  problems(): CatalogProblem[] {
    return [...this.problemsByFile].map(([file, problems]) => ({ file, problems }));
  }

  /**
   * Every loaded story, for a command that looks in them. With none, a lookup would answer "no
   * actor matches" as if it had looked; it is told why nothing is served instead.
   */
  served(): StoryView[] {
    const views = this.list();
    if (views.length === 0) throw new UserError(this.noStoryMessage());
    return views;
  }

  private noStoryMessage(): string {
    return this.problemsByFile.size > 0
      ? 'No story is loaded: the story files have problems (an admin can list them with `sitrep validate`).'
      : 'No story is loaded yet. An admin can add one under briefings/.';
  }

  searchStories(query: string, limit = 25): StoryView[] {
    return this.storyIndex
      .search(query, limit)
      .map((s) => this.views.get(s.id))
      .filter((v): v is StoryView => v !== undefined);
  }

  /** The story a command means: the one named, or the only one loaded. */
  resolve(query: string | undefined): StoryView {
    const views = this.served();
    if (query === undefined || query === '') {
      if (views.length === 1 && views[0]) return views[0];
      throw new UserError(`Several stories are loaded; name one: ${views.map((v) => v.id).join(', ')}.`);
    }
    const exact = this.views.get(query);
    if (exact) return exact;
    const found = this.storyIndex.find(query);
    if (found.kind === 'found') return this.views.get(found.item.id) as StoryView;
    throw new UserError(`No story called "${query}". Loaded: ${views.map((v) => v.id).join(', ')}.`, 'not_found');
  }

  /**
   * The loaded stories (see `served`), those where the name is exactly an actor's or a source's (id, name or
   * alias) first: a name exact in one story is never taken for a near name in another (a pick from
   * a pick list names an id).
   */
  listFor(name: string): StoryView[] {
    const exact = (v: StoryView) => v.actors.hasExactly(name) || v.sources.hasExactly(name);
    const views = this.served();
    return [...views.filter(exact), ...views.filter((v) => !exact(v))];
  }

  /** True when the word names a loaded story (used to tell optional story arguments apart). */
  isStory(word: string): boolean {
    return this.views.has(word);
  }
}
