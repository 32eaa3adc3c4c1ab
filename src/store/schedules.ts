import { randomInt } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ChannelAddress } from '../core/ports.js';
import type {
  ConfigSchedule,
  ConfigSyncResult,
  NewSchedule,
  Schedule,
  ScheduleFilter,
  ScheduleOrigin,
  ScheduleRepo,
} from '../core/store.js';
import type { Tier } from '../core/story/schema.js';
import { changed, iso, type SchedulesTable, type StoreContext, toBool, toDate } from './tables.js';

type Row = Selectable<SchedulesTable>;

const ID_SPACE = 36 ** 6;

/** `s` + 6 base36 characters: short enough to type in `/sitrep schedule remove s0k3x9a`. */
export function newScheduleId(): string {
  return `s${randomInt(ID_SPACE).toString(36).padStart(6, '0')}`;
}

function fromRow(row: Row): Schedule {
  return {
    id: row.id,
    channel: row.channel as ChannelAddress,
    story: row.story,
    spec: row.spec,
    timezone: row.timezone,
    tier: row.tier as Tier,
    origin: row.origin as ScheduleOrigin,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    paused: toBool(row.paused),
    pausedReason: row.paused_reason,
    anchor: toDate(row.anchor),
  };
}

export class ScheduleRepository implements ScheduleRepo {
  constructor(private readonly ctx: StoreContext) {}

  private row(id: string, origin: ScheduleOrigin, s: NewSchedule) {
    const createdAt = s.createdAt ?? this.ctx.clock.now();
    return {
      id,
      channel: s.channel,
      story: s.story,
      spec: s.spec,
      timezone: s.timezone,
      tier: s.tier,
      origin,
      created_by: s.createdBy ?? null,
      created_at: iso(createdAt),
      paused: this.ctx.bool(false),
      paused_reason: null,
      anchor: iso(s.anchor ?? createdAt),
    };
  }

  async add(schedule: NewSchedule): Promise<Schedule> {
    // 2 billion ids: a collision is rare; retrying on one keeps ids unique without a sequence.
    for (let attempt = 0; attempt < 50; attempt++) {
      const row = await this.ctx.db
        .insertInto('schedules')
        .values(this.row(newScheduleId(), 'chat', schedule))
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return fromRow(row);
    }
    throw new Error('could not find a free schedule id');
  }

  async get(id: string): Promise<Schedule | undefined> {
    const row = await this.ctx.db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(filter: ScheduleFilter = {}): Promise<Schedule[]> {
    let query = this.ctx.db.selectFrom('schedules').selectAll();
    if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
    if (!filter.includePaused) query = query.where('paused', '=', this.ctx.bool(false));
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async remove(channel: ChannelAddress, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('schedules')
      .where('id', '=', id)
      .where('channel', '=', channel)
      .where('origin', '=', 'chat')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async syncConfig(declared: readonly ConfigSchedule[]): Promise<ConfigSyncResult> {
    const ids = declared.map((s) => s.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate !== undefined) throw new Error(`config schedule id "${duplicate}" is declared twice`);
    const now = this.ctx.clock.now();

    return this.ctx.db.transaction().execute(async (trx) => {
      // A write first: on SQLite it takes the write lock before anything is read, so a concurrent
      // writer makes this wait (busy timeout) instead of failing on a stale snapshot.
      let stale = trx.deleteFrom('schedules').where('origin', '=', 'config');
      if (ids.length > 0) stale = stale.where('id', 'not in', ids);
      const removed = (await stale.returning('id').execute()).map((r) => r.id);

      const existing = new Map<string, Row>();
      if (ids.length > 0) {
        for (const row of await trx.selectFrom('schedules').selectAll().where('id', 'in', ids).execute()) {
          existing.set(row.id, row);
        }
      }

      const added: string[] = [];
      const updated: string[] = [];
      for (const schedule of declared) {
        const row = existing.get(schedule.id);
        if (!row) {
          const inserted = await trx
            .insertInto('schedules')
            .values(this.row(schedule.id, 'config', { ...schedule, createdAt: schedule.createdAt ?? now }))
            .onConflict((oc) => oc.column('id').doNothing())
            .returning('id')
            .executeTakeFirst();
          if (inserted) added.push(schedule.id);
          continue;
        }
        if (row.origin !== 'config') {
          throw new Error(`config schedule id "${schedule.id}" is already used by a chat schedule`);
        }
        const moved = row.channel !== schedule.channel;
        const retimed = moved || row.spec !== schedule.spec || row.timezone !== schedule.timezone;
        if (!retimed && row.story === schedule.story && row.tier === schedule.tier) continue;
        await trx
          .updateTable('schedules')
          .set({
            channel: schedule.channel,
            story: schedule.story,
            spec: schedule.spec,
            timezone: schedule.timezone,
            tier: schedule.tier,
            ...(retimed ? { anchor: iso(schedule.anchor ?? now) } : {}),
            // A pause belongs to the channel that failed: another channel starts afresh.
            ...(moved ? { paused: this.ctx.bool(false), paused_reason: null } : {}),
          })
          .where('id', '=', schedule.id)
          .execute();
        updated.push(schedule.id);
      }
      return { added, updated, removed };
    });
  }

  async setPaused(id: string, paused: boolean, reason?: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('schedules')
      .set({ paused: this.ctx.bool(paused), paused_reason: paused ? (reason ?? null) : null })
      .where('id', '=', id)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async pauseChannel(channel: ChannelAddress, reason: string): Promise<number> {
    return this.setChannelPaused(channel, true, reason);
  }

  async resumeChannel(channel: ChannelAddress): Promise<number> {
    return this.setChannelPaused(channel, false, null);
  }

  /** Pauses (or resumes) the channel's schedules that are not so already; returns how many changed. */
  private async setChannelPaused(channel: ChannelAddress, paused: boolean, reason: string | null): Promise<number> {
    const result = await this.ctx.db
      .updateTable('schedules')
      .set({ paused: this.ctx.bool(paused), paused_reason: reason })
      .where('channel', '=', channel)
      .where('paused', '=', this.ctx.bool(!paused))
      .executeTakeFirst();
    return changed(result);
  }
}
