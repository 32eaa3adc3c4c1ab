import { type Selectable, sql } from 'kysely';
import type { NewRevision, Revision, RevisionHead, RevisionRepo, RevisionVia } from '../core/store.js';
import { decodeChunks, encodeChunks, joinChunks, readChunks, writeChunks } from './revision-chunks.js';
import { changed, iso, type RevisionsTable, type StoreContext, toBool, toDate } from './tables.js';

type Row = Selectable<RevisionsTable>;

function fromRow(row: Row): Revision {
  return {
    id: Number(row.id),
    story: row.story,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    hash: row.hash,
    content: row.content,
    storyJson: row.story_json,
    author: row.author,
    via: row.via as RevisionVia,
    reference: row.reference,
    createdAt: toDate(row.created_at),
    alertsPlanned: toBool(row.alerts_planned),
    chunks: row.chunks === null ? null : decodeChunks(row.chunks),
  };
}

/** Unique violation: another process appended a child of the same parent first. */
function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class RevisionRepository implements RevisionRepo {
  private readonly listeners = new Set<(head: RevisionHead) => void>();

  constructor(private readonly ctx: StoreContext) {}

  /** The NOTIFY channel of this database schema. */
  private get channel(): string {
    return `sitrep_revisions_${this.ctx.namespace}`.slice(0, 63);
  }

  async add(revision: NewRevision): Promise<Revision> {
    for (let attempt = 1; ; attempt++) {
      const latest = await this.latest(revision.story);
      const added = await this.append(revision, latest?.id ?? null);
      if (added) return added;
      if (attempt >= 20) throw new Error(`could not append a revision of "${revision.story}": too much contention`);
    }
  }

  async append(revision: NewRevision, parentId: number | null): Promise<Revision | undefined> {
    const { chunked } = revision;
    if (chunked) await writeChunks(this.ctx, chunked.bodies);
    const values = {
      story: revision.story,
      parent: parentId,
      hash: revision.hash,
      content: chunked ? '' : revision.content,
      json: chunked ? null : (revision.storyJson ?? null),
      chunks: chunked ? encodeChunks(chunked) : null,
      author: revision.author,
      via: revision.via,
      reference: revision.reference ?? null,
      at: iso(revision.createdAt ?? this.ctx.clock.now()),
      planned: this.ctx.bool(revision.alertsPlanned ?? false),
    };
    // One statement: it inserts only while `parentId` is still the story's latest revision, and
    // the unique index on (story, parent) stops two processes that both saw it so.
    let rows: Row[];
    try {
      ({ rows } = await sql<Row>`
        insert into revisions
          (story, parent_id, hash, content, story_json, chunks, author, via, reference, created_at, alerts_planned)
        select ${values.story}, ${values.parent}, ${values.hash}, ${values.content}, ${values.json}, ${values.chunks},
          ${values.author}, ${values.via}, ${values.reference}, ${this.instant(values.at)}, ${values.planned}
        where coalesce((select max(id) from revisions where story = ${values.story}), 0) = ${parentId ?? 0}
        returning id, story, parent_id, hash, chunks, author, via, reference, created_at, alerts_planned`.execute(
        this.ctx.db,
      ));
    } catch (error) {
      if (isDuplicate(error)) return undefined;
      throw error;
    }
    const row = rows[0];
    if (!row) return undefined;
    // The text and JSON are not read back: megabytes for a large story, and known here.
    const added = fromRow({ ...row, content: revision.content, story_json: values.json });
    this.announce({ story: added.story, id: added.id });
    return added;
  }

  /** Revisions from their rows, the text and JSON of those stored in chunks joined again. */
  private async load(rows: Row[]): Promise<Revision[]> {
    const revisions = rows.map(fromRow);
    const refs = revisions.flatMap((r) => (r.chunks ? [...r.chunks.content, ...r.chunks.json] : []));
    if (refs.length === 0) return revisions;
    const bodies = await readChunks(
      this.ctx,
      refs.map((ref) => ref.hash),
    );
    return revisions.map((r) =>
      r.chunks
        ? { ...r, content: joinChunks(r.chunks.content, bodies), storyJson: joinChunks(r.chunks.json, bodies) }
        : r,
    );
  }

  private async one(row: Row): Promise<Revision> {
    return (await this.load([row]))[0] as Revision;
  }

  /** A parameter typed as an instant where a select list gives Postgres no column to infer it from. */
  private instant(at: string) {
    return this.ctx.dialect === 'postgres' ? sql`${at}::timestamptz` : sql`${at}`;
  }

  private announce(head: RevisionHead): void {
    for (const listener of this.listeners) listener(head);
    if (this.ctx.dialect === 'postgres') {
      // Heard by every other process LISTENing; if this is lost (the process dies now), their
      // periodic check finds the revision.
      void sql`select pg_notify(${this.channel}, ${JSON.stringify(head)})`.execute(this.ctx.db).catch(() => {});
    }
  }

  async watch(listener: (head: RevisionHead) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    const stopListening = await this.ctx.listen?.(this.channel, (payload) => {
      try {
        const head = JSON.parse(payload) as RevisionHead;
        if (typeof head.story === 'string' && Number.isInteger(head.id)) listener(head);
      } catch {
        // Not ours.
      }
    });
    return async () => {
      this.listeners.delete(listener);
      await stopListening?.();
    };
  }

  async latest(story: string): Promise<Revision | undefined> {
    return this.newest(story);
  }

  /** The story's newest revision, or with `beforeId` its newest older than that one. */
  private async newest(story: string, beforeId?: number): Promise<Revision | undefined> {
    let query = this.ctx.db.selectFrom('revisions').selectAll().where('story', '=', story);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && this.one(row);
  }

  async get(id: number): Promise<Revision | undefined> {
    const row = await this.ctx.db.selectFrom('revisions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.one(row);
  }

  async list(story: string, options: { limit?: number } = {}): Promise<Revision[]> {
    let query = this.ctx.db.selectFrom('revisions').selectAll().where('story', '=', story).orderBy('id', 'desc');
    if (options.limit !== undefined) query = query.limit(Math.max(0, options.limit));
    return this.load(await query.execute());
  }

  async after(story: string, afterId: number): Promise<Revision[]> {
    const rows = await this.ctx.db
      .selectFrom('revisions')
      .selectAll()
      .where('story', '=', story)
      .where('id', '>', afterId)
      .orderBy('id')
      .execute();
    return this.load(rows);
  }

  async previous(story: string, beforeId: number): Promise<Revision | undefined> {
    return this.newest(story, beforeId);
  }

  async latestId(story: string): Promise<number | undefined> {
    const row = await this.ctx.db
      .selectFrom('revisions')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('story', '=', story)
      .executeTakeFirst();
    return row?.id === null || row?.id === undefined ? undefined : Number(row.id);
  }

  async heads(): Promise<RevisionHead[]> {
    const rows = await this.ctx.db
      .selectFrom('revisions')
      .select(['story', (eb) => eb.fn.max('id').as('id')])
      .groupBy('story')
      .orderBy('story')
      .execute();
    return rows.map((r) => ({ story: r.story, id: Number(r.id) }));
  }

  async unplanned(): Promise<Revision[]> {
    const rows = await this.ctx.db
      .selectFrom('revisions')
      .selectAll()
      .where('alerts_planned', '=', this.ctx.bool(false))
      .orderBy('id')
      .execute();
    return this.load(rows);
  }

  async markPlanned(id: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('revisions')
      .set({ alerts_planned: this.ctx.bool(true) })
      .where('id', '=', id)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async isPlanned(id: number): Promise<boolean | undefined> {
    const row = await this.ctx.db
      .selectFrom('revisions')
      .select('alerts_planned')
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : Boolean(row.alerts_planned);
  }
}
