import type { Selectable } from 'kysely';
import type {
  NewProposalBatch,
  ProposalBatch,
  ProposalDecision,
  ProposalRepo,
  ProposalStatus,
  StoredProposal,
} from '../core/proposals/stored.js';
import type { Proposal } from '../core/proposals/types.js';
import type { Story } from '../core/story/schema.js';
import { decisionOfRow, decisionValues } from './decisions.js';
import { iso, type ProposalBatchesTable, type ProposalsTable, type StoreContext, toDate } from './tables.js';

function batchFromRow(row: Selectable<ProposalBatchesTable>): ProposalBatch {
  return {
    id: row.id,
    story: row.story,
    baseRevision: row.base_revision,
    address: row.address,
    title: row.title,
    draft: row.draft_story === null ? null : (JSON.parse(row.draft_story) as Story),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
  };
}

function fromRow(row: Selectable<ProposalsTable>): StoredProposal {
  return {
    id: row.id,
    batch: row.batch_id,
    story: row.story,
    proposal: JSON.parse(row.body) as Proposal,
    status: row.status as ProposalStatus,
    ...decisionOfRow(row),
  };
}

export class ProposalRepository implements ProposalRepo {
  constructor(private readonly ctx: StoreContext) {}

  async addBatch(batch: NewProposalBatch, proposals: readonly Proposal[]) {
    return this.ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('proposal_batches')
        .values({
          story: batch.story,
          base_revision: batch.baseRevision,
          address: batch.address,
          title: batch.title,
          draft_story: batch.draft === null ? null : JSON.stringify(batch.draft),
          created_by: batch.createdBy,
          created_at: iso(batch.createdAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const stored =
        proposals.length === 0
          ? []
          : await tx
              .insertInto('proposals')
              .values(
                proposals.map((p) => ({
                  batch_id: row.id,
                  story: batch.story,
                  local_id: p.id,
                  kind: p.kind,
                  body: JSON.stringify(p),
                  status: 'open',
                  decided_by: null,
                  decided_at: null,
                  revision_id: null,
                })),
              )
              .returningAll()
              .execute();
      return { batch: batchFromRow(row), proposals: stored.map(fromRow).sort((a, b) => a.id - b.id) };
    });
  }

  async batch(id: number): Promise<ProposalBatch | undefined> {
    const row = await this.ctx.db.selectFrom('proposal_batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? batchFromRow(row) : undefined;
  }

  async list(
    filter: { story?: string; status?: ProposalStatus; batch?: number; ids?: readonly number[] } = {},
  ): Promise<StoredProposal[]> {
    let query = this.ctx.db.selectFrom('proposals').selectAll().orderBy('id');
    if (filter.story !== undefined) query = query.where('story', '=', filter.story);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.batch !== undefined) query = query.where('batch_id', '=', filter.batch);
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return [];
      query = query.where('id', 'in', [...filter.ids]);
    }
    return (await query.execute()).map(fromRow);
  }

  async decide(ids: readonly number[], decision: ProposalDecision): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db
      .updateTable('proposals')
      .set(decisionValues(decision))
      .where('id', 'in', [...ids])
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }
}
