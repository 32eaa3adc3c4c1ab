import type { Selectable } from 'kysely';
import type { ChannelAddress } from '../core/ports.js';
import type { ChannelHealth, ChannelRepo } from '../core/store.js';
import { type ChannelHealthTable, changed, iso, type StoreContext, toBool, toDate, toDateOrNull } from './tables.js';

type Row = Selectable<ChannelHealthTable>;

function fromRow(row: Row): ChannelHealth {
  return {
    channel: row.channel as ChannelAddress,
    failing: toBool(row.failing),
    code: row.code,
    message: row.message,
    since: toDateOrNull(row.since),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Transitions are single conditional statements (no read-then-write), so that when replicas see
 * the same failure at the same moment exactly one of them learns it was the first.
 */
export class ChannelRepository implements ChannelRepo {
  constructor(private readonly ctx: StoreContext) {}

  async markFailing(channel: ChannelAddress, code: string, message: string, at: Date): Promise<boolean> {
    const { db, bool } = this.ctx;
    const when = iso(at);
    // 1. healthy → failing
    const turned = await db
      .updateTable('channel_health')
      .set({ failing: bool(true), code, message, since: when, updated_at: when })
      .where('channel', '=', channel)
      .where('failing', '=', bool(false))
      .returning('channel')
      .executeTakeFirst();
    if (turned) return true;
    // 2. unknown → failing
    const inserted = await db
      .insertInto('channel_health')
      .values({ channel, failing: bool(true), code, message, since: when, updated_at: when })
      .onConflict((oc) => oc.column('channel').doNothing())
      .returning('channel')
      .executeTakeFirst();
    if (inserted) return true;
    // 3. still failing: keep `since`, refresh the details.
    await db
      .updateTable('channel_health')
      .set({ code, message, updated_at: when })
      .where('channel', '=', channel)
      .where('failing', '=', bool(true))
      .execute();
    return false;
  }

  async markHealthy(channel: ChannelAddress, at: Date): Promise<boolean> {
    const { db, bool } = this.ctx;
    const turned = await db
      .updateTable('channel_health')
      .set({ failing: bool(false), code: null, message: null, since: null, updated_at: iso(at) })
      .where('channel', '=', channel)
      .where('failing', '=', bool(true))
      .returning('channel')
      .executeTakeFirst();
    return turned !== undefined;
  }

  async get(channel: ChannelAddress): Promise<ChannelHealth | undefined> {
    const row = await this.ctx.db
      .selectFrom('channel_health')
      .selectAll()
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async listFailing(): Promise<ChannelHealth[]> {
    const rows = await this.ctx.db
      .selectFrom('channel_health')
      .selectAll()
      .where('failing', '=', this.ctx.bool(true))
      .orderBy('since')
      .orderBy('channel')
      .execute();
    return rows.map(fromRow);
  }

  async readdress(from: ChannelAddress, to: ChannelAddress): Promise<number> {
    if (from === to) return 0;
    return this.ctx.db.transaction().execute(async (tx) => {
      const schedules = await tx
        .updateTable('schedules')
        .set({ channel: to })
        .where('channel', '=', from)
        .where('origin', '=', 'chat')
        .executeTakeFirst();
      const tracked = await tx.selectFrom('tracking').selectAll().where('channel', '=', from).execute();
      for (const row of tracked) {
        await tx
          .insertInto('tracking')
          .values({ ...row, channel: to, created_at: iso(toDate(row.created_at)) })
          .onConflict((oc) => oc.columns(['channel', 'kind', 'target', 'story']).doNothing())
          .execute();
      }
      await tx.deleteFrom('tracking').where('channel', '=', from).execute();
      const threads = await tx.selectFrom('alert_threads').selectAll().where('channel', '=', from).execute();
      for (const row of threads) {
        await tx
          .insertInto('alert_threads')
          .values({ ...row, channel: to, created_at: iso(toDate(row.created_at)) })
          .onConflict((oc) => oc.columns(['channel', 'thread']).doNothing())
          .execute();
      }
      await tx.deleteFrom('alert_threads').where('channel', '=', from).execute();
      const health = await tx
        .selectFrom('channel_health')
        .select('channel')
        .where('channel', '=', to)
        .executeTakeFirst();
      if (health) await tx.deleteFrom('channel_health').where('channel', '=', from).execute();
      else await tx.updateTable('channel_health').set({ channel: to }).where('channel', '=', from).execute();
      return changed(schedules) + tracked.length;
    });
  }
}
