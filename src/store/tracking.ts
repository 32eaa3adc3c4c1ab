import type { Selectable } from 'kysely';
import type { ChannelAddress } from '../core/ports.js';
import type { AlertThreadRepo, NewTracking, Tracking, TrackingKind, TrackingRepo } from '../core/store.js';
import { changed, iso, type StoreContext, type TrackingTable, toBool, toDate } from './tables.js';

type Row = Selectable<TrackingTable>;

function fromRow(row: Row): Tracking {
  return {
    channel: row.channel as ChannelAddress,
    kind: row.kind as TrackingKind,
    target: row.target,
    story: row.story,
    thread: toBool(row.thread),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
  };
}

export class TrackingRepository implements TrackingRepo {
  constructor(private readonly ctx: StoreContext) {}

  async add(tracking: NewTracking): Promise<'added' | 'changed' | 'unchanged'> {
    const thread = tracking.thread ?? false;
    const inserted = await this.ctx.db
      .insertInto('tracking')
      .values({
        channel: tracking.channel,
        kind: tracking.kind,
        target: tracking.target,
        story: tracking.story,
        thread: this.ctx.bool(thread),
        created_by: tracking.createdBy ?? null,
        created_at: iso(tracking.createdAt ?? this.ctx.clock.now()),
      })
      .onConflict((oc) => oc.columns(['channel', 'kind', 'target', 'story']).doNothing())
      .returning('channel')
      .executeTakeFirst();
    if (inserted) return 'added';
    if (tracking.thread === undefined) return 'unchanged';
    const updated = await this.ctx.db
      .updateTable('tracking')
      .set({ thread: this.ctx.bool(thread) })
      .where('channel', '=', tracking.channel)
      .where('kind', '=', tracking.kind)
      .where('target', '=', tracking.target)
      .where('story', '=', tracking.story)
      .where('thread', '=', this.ctx.bool(!thread))
      .executeTakeFirst();
    return changed(updated) > 0 ? 'changed' : 'unchanged';
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

export class AlertThreadRepository implements AlertThreadRepo {
  constructor(private readonly ctx: StoreContext) {}

  async root(channel: ChannelAddress, thread: string): Promise<string | undefined> {
    const row = await this.ctx.db
      .selectFrom('alert_threads')
      .select('root_message_id')
      .where('channel', '=', channel)
      .where('thread', '=', thread)
      .executeTakeFirst();
    return row?.root_message_id;
  }

  async start(channel: ChannelAddress, thread: string, rootMessageId: string, at: Date): Promise<string> {
    await this.ctx.db
      .insertInto('alert_threads')
      .values({ channel, thread, root_message_id: rootMessageId, created_at: iso(at) })
      .onConflict((oc) => oc.columns(['channel', 'thread']).doNothing())
      .execute();
    return (await this.root(channel, thread)) ?? rootMessageId;
  }

  async forget(channel: ChannelAddress, thread: string, rootMessageId: string): Promise<void> {
    await this.ctx.db
      .deleteFrom('alert_threads')
      .where('channel', '=', channel)
      .where('thread', '=', thread)
      .where('root_message_id', '=', rootMessageId)
      .execute();
  }
}
