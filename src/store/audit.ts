import { type Selectable, sql } from 'kysely';
import type { AuditEntry, AuditFilter, AuditOutcome, AuditRepo, NewAuditEntry } from '../core/store.js';
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

  async list(options: AuditFilter & { limit?: number } = {}): Promise<AuditEntry[]> {
    let query = this.ctx.db.selectFrom('audit_log').selectAll();
    if (options.actor) query = query.where('actor', '=', options.actor);
    if (options.via) query = query.where('via', '=', options.via);
    if (options.action) {
      // The action itself or its family (`schedule` → `schedule.add`), never a longer name
      // (`set` is not `settings`); the typed text is matched literally, wildcards included.
      const family = `${options.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
      const action = options.action;
      query = query.where((eb) => eb.or([eb('action', '=', action), sql<boolean>`action like ${family} escape '\\'`]));
    }
    if (options.since) query = query.where('at', '>=', iso(options.since));
    if (options.until) query = query.where('at', '<', iso(options.until));
    if (options.text) {
      // Lower-cased on both sides: Postgres's LIKE minds case, SQLite's does not.
      const like = `%${options.text.toLowerCase()}%`;
      query = query.where((eb) =>
        eb.or([eb(eb.fn('lower', ['target']), 'like', like), eb(eb.fn('lower', ['detail']), 'like', like)]),
      );
    }
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, options.limit ?? 50))
      .execute();
    return rows.map(fromRow);
  }
}
