import type { Selectable } from 'kysely';
import type { NewRevision, Revision, RevisionRepo, RevisionVia } from '../core/store.js';
import { changed, iso, type RevisionsTable, type StoreContext, toBool, toDate } from './tables.js';

type Row = Selectable<RevisionsTable>;

function fromRow(row: Row): Revision {
  return {
    id: Number(row.id),
    story: row.story,
    hash: row.hash,
    content: row.content,
    author: row.author,
    via: row.via as RevisionVia,
    createdAt: toDate(row.created_at),
    alertsPlanned: toBool(row.alerts_planned),
  };
}

export class RevisionRepository implements RevisionRepo {
  constructor(private readonly ctx: StoreContext) {}

  async add(revision: NewRevision): Promise<Revision> {
    const row = await this.ctx.db
      .insertInto('revisions')
      .values({
        story: revision.story,
        hash: revision.hash,
        content: revision.content,
        author: revision.author,
        via: revision.via,
        created_at: iso(revision.createdAt ?? this.ctx.clock.now()),
        alerts_planned: this.ctx.bool(revision.alertsPlanned ?? false),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async latest(story: string): Promise<Revision | undefined> {
    const row = await this.ctx.db
      .selectFrom('revisions')
      .selectAll()
      .where('story', '=', story)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async get(id: number): Promise<Revision | undefined> {
    const row = await this.ctx.db.selectFrom('revisions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(story: string, options: { limit?: number } = {}): Promise<Revision[]> {
    let query = this.ctx.db.selectFrom('revisions').selectAll().where('story', '=', story).orderBy('id', 'desc');
    if (options.limit !== undefined) query = query.limit(Math.max(0, options.limit));
    return (await query.execute()).map(fromRow);
  }

  async previous(story: string, beforeId: number): Promise<Revision | undefined> {
    const row = await this.ctx.db
      .selectFrom('revisions')
      .selectAll()
      .where('story', '=', story)
      .where('id', '<', beforeId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async unplanned(): Promise<Revision[]> {
    const rows = await this.ctx.db
      .selectFrom('revisions')
      .selectAll()
      .where('alerts_planned', '=', this.ctx.bool(false))
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async markPlanned(id: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('revisions')
      .set({ alerts_planned: this.ctx.bool(true) })
      .where('id', '=', id)
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
