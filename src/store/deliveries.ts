import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { ChannelAddress } from '../core/ports.js';
import type {
  Delivery,
  DeliveryKind,
  DeliveryRepo,
  DeliveryStatus,
  NewDelivery,
  RecordedDelivery,
} from '../core/store.js';
import {
  changed,
  type Database,
  type DeliveriesTable,
  iso,
  type StoreContext,
  toBool,
  toCount,
  toDate,
  toDateOrNull,
} from './tables.js';

type Row = Selectable<DeliveriesTable>;

function fromRow(row: Row): Delivery {
  return {
    id: row.id,
    kind: row.kind as DeliveryKind,
    channel: row.channel as ChannelAddress,
    story: row.story,
    scheduleId: row.schedule_id,
    slotKey: row.slot_key,
    revisionId: row.revision_id,
    status: row.status as DeliveryStatus,
    late: toBool(row.late),
    attempts: row.attempts,
    messageId: row.message_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    payload: row.payload,
    thread: row.thread ?? null,
    dueAt: toDate(row.due_at),
    leaseOwner: row.lease_owner,
    leaseUntil: toDateOrNull(row.lease_until),
    createdAt: toDate(row.created_at),
    sentAt: toDateOrNull(row.sent_at),
  };
}

/** Which deliveries a lease may take (checked when choosing them and again when leasing). */
type Candidates = (q: ExpressionBuilder<Database, 'deliveries'>) => Expression<SqlBool>;

function byDue(a: Delivery, b: Delivery): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class DeliveryRepository implements DeliveryRepo {
  constructor(private readonly ctx: StoreContext) {}

  private newRow(d: NewDelivery, now: Date) {
    return {
      id: d.id,
      kind: d.kind,
      channel: d.channel,
      story: d.story ?? null,
      schedule_id: d.scheduleId ?? null,
      slot_key: d.slotKey ?? null,
      revision_id: d.revisionId ?? null,
      late: this.ctx.bool(d.late ?? false),
      attempts: 0,
      message_id: null,
      payload: d.payload ?? null,
      thread: d.thread ?? null,
      due_at: iso(d.dueAt),
      created_at: iso(d.createdAt ?? now),
      sent_at: null,
    };
  }

  async claim(delivery: NewDelivery, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.ctx.clock.now();
    const inserted = await this.ctx.db
      .insertInto('deliveries')
      .values({
        ...this.newRow(delivery, now),
        status: 'pending',
        error_code: null,
        error_message: null,
        lease_owner: owner,
        lease_until: iso(new Date(now.getTime() + leaseMs)),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async record(delivery: RecordedDelivery): Promise<boolean> {
    const inserted = await this.ctx.db
      .insertInto('deliveries')
      .values({
        ...this.newRow(delivery, this.ctx.clock.now()),
        status: delivery.status,
        error_code: delivery.errorCode ?? null,
        error_message: delivery.errorMessage ?? null,
        lease_owner: null,
        lease_until: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async takeOver(owner: string, leaseMs: number, now: Date, limit: number): Promise<Delivery[]> {
    const cutoff = iso(now);
    const expired: Candidates = (q) =>
      q.and([q('status', '=', 'pending'), q.or([q('lease_until', 'is', null), q('lease_until', '<', cutoff)])]);
    return this.lease(expired, { lease_owner: owner, lease_until: iso(new Date(now.getTime() + leaseMs)) }, limit);
  }

  async reclaimOwned(owner: string, leaseMs: number, now: Date, limit: number): Promise<Delivery[]> {
    const until = iso(new Date(now.getTime() + leaseMs));
    // Pending, still ours by name, and leased only until before `until`: written before `now`. The
    // rows re-leased here (until `until`) and rows this process has renewed since (later still)
    // are not chosen again, so paging with one `now` ends although every row stays ours.
    const left: Candidates = (q) =>
      q.and([
        q('status', '=', 'pending'),
        q('lease_owner', '=', owner),
        q.or([q('lease_until', 'is', null), q('lease_until', '<', until)]),
      ]);
    return this.lease(left, { lease_until: until }, limit);
  }

  /** Leases up to `limit` of the `candidates`, earliest due first, `to` an owner and time; returns them so leased. */
  private async lease(
    candidates: Candidates,
    to: { lease_owner?: string; lease_until: string },
    limit: number,
  ): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const rows = await this.ctx.db
      // The candidates are chosen once, in a materialized CTE: as a plain `IN (subquery)` Postgres
      // may re-run the subquery while updating, and then take more than `limit` rows.
      .with(
        (cte) => cte('chosen').materialized(),
        (db) =>
          db
            .selectFrom('deliveries')
            .select('id')
            .where(candidates)
            .orderBy('due_at')
            .orderBy('id')
            .limit(limit)
            // Postgres: concurrent takers skip each other's rows instead of queueing on them.
            // SQLite has a single writer, so the statement is atomic already.
            .$if(this.ctx.dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
      )
      .updateTable('deliveries')
      .set(to)
      .where('id', 'in', (eb) => eb.selectFrom('chosen').select('chosen.id'))
      // Re-checked on the row being updated, in case it changed since it was chosen.
      .where(candidates)
      .returningAll()
      .execute();
    return rows.map(fromRow).sort(byDue);
  }

  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const until = new Date(this.ctx.clock.now().getTime() + leaseMs);
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set({ lease_until: iso(until) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async release(id: string, owner: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set({ lease_owner: null, lease_until: iso(this.ctx.clock.now()) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async markSent(id: string, owner: string, messageId: string, at: Date): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set((eb) => ({
        status: 'sent',
        message_id: messageId,
        sent_at: iso(at),
        attempts: eb('attempts', '+', 1),
        lease_owner: owner,
        lease_until: null,
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async markFailed(
    id: string,
    owner: string,
    code: string,
    message: string,
    options: { retryAt?: Date } = {},
  ): Promise<boolean> {
    const { retryAt } = options;
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set((eb) => ({
        status: retryAt ? 'pending' : 'failed',
        attempts: eb('attempts', '+', 1),
        error_code: code,
        error_message: message,
        lease_owner: null,
        lease_until: retryAt ? iso(retryAt) : null,
      }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async get(id: string): Promise<Delivery | undefined> {
    const row = await this.ctx.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async recent(channel: ChannelAddress, limit: number): Promise<Delivery[]> {
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('channel', '=', channel)
      .orderBy('due_at', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map(fromRow);
  }

  async lastSentBriefing(channel: ChannelAddress, story: string | null): Promise<Delivery | undefined> {
    const row = await this.ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('channel', '=', channel)
      .where('kind', '=', 'briefing')
      .where('status', '=', 'sent')
      .where('story', story === null ? 'is' : '=', story)
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, sent: 0, failed: 0, missed: 0, skipped: 0 };
    const rows = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
      .groupBy('status')
      .execute();
    for (const row of rows) counts[row.status as DeliveryStatus] = toCount(row.n);
    return counts;
  }

  async pendingCount(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return toCount(row?.n);
  }
}
