import type { Selectable } from 'kysely';
import type {
  FileSync,
  FileSyncRepo,
  NewPendingChange,
  PendingChangeRepo,
  PendingStatus,
  StoredPendingChange,
} from '../core/store.js';
import { type Decision, decisionOfRow, decisionValues } from './decisions.js';
import { changed, type FileSyncsTable, iso, type PendingChangesTable, type StoreContext, toDate } from './tables.js';

function pendingFromRow(row: Selectable<PendingChangesTable>): StoredPendingChange {
  return {
    id: Number(row.id),
    story: row.story,
    baseRevision: row.base_revision === null ? null : Number(row.base_revision),
    author: row.author,
    via: row.via,
    reference: row.reference,
    change: row.change,
    reason: row.reason,
    status: row.status as PendingStatus,
    createdAt: toDate(row.created_at),
    ...decisionOfRow(row),
  };
}

export class PendingChangeRepository implements PendingChangeRepo {
  constructor(private readonly ctx: StoreContext) {}

  async add(change: NewPendingChange): Promise<StoredPendingChange> {
    const row = await this.ctx.db
      .insertInto('pending_changes')
      .values({
        story: change.story,
        base_revision: change.baseRevision,
        author: change.author,
        via: change.via,
        reference: change.reference,
        change: change.change,
        reason: change.reason,
        status: 'pending',
        created_at: iso(change.createdAt),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return pendingFromRow(row);
  }

  async get(id: number): Promise<StoredPendingChange | undefined> {
    const row = await this.ctx.db.selectFrom('pending_changes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && pendingFromRow(row);
  }

  async list(filter: { status?: PendingStatus; story?: string } = {}): Promise<StoredPendingChange[]> {
    let query = this.ctx.db.selectFrom('pending_changes').selectAll().orderBy('id');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.story) query = query.where('story', '=', filter.story);
    return (await query.execute()).map(pendingFromRow);
  }

  async decide(id: number, decision: Decision<'confirmed' | 'discarded'>): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('pending_changes')
      .set(decisionValues(decision))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return changed(result) > 0;
  }
}

function syncFromRow(row: Selectable<FileSyncsTable>): FileSync {
  return {
    instance: row.instance,
    story: row.story,
    revisionId: Number(row.revision_id),
    textHash: row.text_hash,
    updatedAt: toDate(row.updated_at),
  };
}

export class FileSyncRepository implements FileSyncRepo {
  constructor(private readonly ctx: StoreContext) {}

  async get(instance: string, story: string): Promise<FileSync | undefined> {
    const row = await this.ctx.db
      .selectFrom('file_syncs')
      .selectAll()
      .where('instance', '=', instance)
      .where('story', '=', story)
      .executeTakeFirst();
    return row && syncFromRow(row);
  }

  async put(sync: FileSync): Promise<void> {
    const values = { revision_id: sync.revisionId, text_hash: sync.textHash, updated_at: iso(sync.updatedAt) };
    await this.ctx.db
      .insertInto('file_syncs')
      .values({ instance: sync.instance, story: sync.story, ...values })
      .onConflict((oc) => oc.columns(['instance', 'story']).doUpdateSet(values))
      .execute();
  }
}
