import type { Selectable } from 'kysely';
import type { ChannelAddress } from '../core/ports.js';
import type { NewTracking, Tracking, TrackingKind, TrackingRepo } from '../core/store.js';
import { changed, iso, type StoreContext, type TrackingTable, toDate } from './tables.js';

type Row = Selectable<TrackingTable>;

function fromRow(row: Row): Tracking {
  return {
    channel: row.channel as ChannelAddress,
    kind: row.kind as TrackingKind,
    target: row.target,
    story: row.story,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
  };
}

export class TrackingRepository implements TrackingRepo {
  constructor(private readonly ctx: StoreContext) {}

  async add(tracking: NewTracking): Promise<boolean> {
    const inserted = await this.ctx.db
      .insertInto('tracking')
      .values({
        channel: tracking.channel,
        kind: tracking.kind,
        target: tracking.target,
        story: tracking.story,
        created_by: tracking.createdBy ?? null,
        created_at: iso(tracking.createdAt ?? this.ctx.clock.now()),
      })
      .onConflict((oc) => oc.columns(['channel', 'kind', 'target', 'story']).doNothing())
      .returning('channel')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async remove(channel: ChannelAddress, kind: TrackingKind, target: string, story?: string): Promise<boolean> {
    let query = this.ctx.db
      .deleteFrom('tracking')
      .where('channel', '=', channel)
      .where('kind', '=', kind)
      .where('target', '=', target);
    if (story !== undefined) query = query.where('story', '=', story);
    return changed(await query.executeTakeFirst()) > 0;
  }

  async list(filter: { channel?: ChannelAddress; story?: string } = {}): Promise<Tracking[]> {
    let query = this.ctx.db.selectFrom('tracking').selectAll();
    if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
    if (filter.story !== undefined) query = query.where('story', '=', filter.story);
    const rows = await query
      .orderBy('created_at')
      .orderBy('channel')
      .orderBy('kind')
      .orderBy('target')
      .orderBy('story')
      .execute();
    return rows.map(fromRow);
  }
}
