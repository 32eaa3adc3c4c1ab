import type { Selectable } from 'kysely';
import type { AuditEntry, AuditOutcome, AuditRepo, NewAuditEntry } from '../core/store.js';
import { type AuditLogTable, iso, type StoreContext, toDate } from './tables.js';

type Row = Selectable<AuditLogTable>;

function fromRow(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: toDate(row.at),
    actor: row.actor,
    via: row.via,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    detail: row.detail,
  };
}

export class AuditRepository implements AuditRepo {
  constructor(private readonly ctx: StoreContext) {}

  async add(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.ctx.db
      .insertInto('audit_log')
      .values({
        at: iso(entry.at),
        actor: entry.actor,
        via: entry.via,
        action: entry.action,
        target: entry.target ?? null,
        outcome: entry.outcome,
        detail: entry.detail ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async list(options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, options.limit ?? 50))
      .execute();
    return rows.map(fromRow);
  }
}
