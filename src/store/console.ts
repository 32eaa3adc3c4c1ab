import type { Selectable } from 'kysely';
import type { ConsoleAuthRepo, ConsoleSession, NewConsoleSession, NewSignInLink, RedeemResult } from '../core/store.js';
import { type ConsoleSessionsTable, changed, iso, type StoreContext, toDate, toDateOrNull } from './tables.js';

function fromRow(row: Selectable<ConsoleSessionsTable>): ConsoleSession {
  return {
    id: row.id,
    user: row.user_id,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    endedAt: toDateOrNull(row.ended_at),
  };
}

export class ConsoleAuthRepository implements ConsoleAuthRepo {
  constructor(private readonly ctx: StoreContext) {}

  async addLink(link: NewSignInLink): Promise<void> {
    await this.ctx.db
      .insertInto('console_links')
      .values({
        token_hash: link.tokenHash,
        user_id: link.user,
        created_by: link.createdBy,
        created_at: iso(link.createdAt),
        expires_at: iso(link.expiresAt),
        used_at: null,
      })
      .execute();
  }

  async redeemLink(tokenHash: string, now: Date): Promise<RedeemResult> {
    const when = iso(now);
    const used = await this.ctx.db
      .updateTable('console_links')
      .set({ used_at: when })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', when)
      .returning('user_id')
      .executeTakeFirst();
    if (used) return { ok: true, user: used.user_id };
    const row = await this.ctx.db
      .selectFrom('console_links')
      .select(['used_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: row.used_at === null ? 'expired' : 'used' };
  }

  async addSession(session: NewConsoleSession): Promise<ConsoleSession> {
    const row = await this.ctx.db
      .insertInto('console_sessions')
      .values({
        id: session.id,
        secret_hash: session.secretHash,
        user_id: session.user,
        created_at: iso(session.createdAt),
        expires_at: iso(session.expiresAt),
        ended_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async liveSession(secretHash: string, now: Date): Promise<ConsoleSession | undefined> {
    const row = await this.ctx.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async listLive(now: Date, user?: string): Promise<ConsoleSession[]> {
    let query = this.ctx.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('ended_at', 'is', null)
      .where('expires_at', '>', iso(now));
    if (user !== undefined) query = query.where('user_id', '=', user);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async endSession(id: string, at: Date): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('console_sessions')
      .set({ ended_at: iso(at) })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', iso(at))
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
