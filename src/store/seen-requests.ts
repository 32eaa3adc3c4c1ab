import type { SeenRequestRepo } from '../core/store.js';
import { iso, type StoreContext } from './tables.js';

export class SeenRequestRepository implements SeenRequestRepo {
  constructor(private readonly ctx: StoreContext) {}

  async firstSeen(key: string, expiresAt: Date): Promise<boolean> {
    const now = iso(this.ctx.clock.now());
    // A key seen before but past its window counts as new (the platform's own check refuses such
    // old requests anyway); the rest of the expired rows go with it, so the table stays small.
    await this.ctx.db.deleteFrom('seen_requests').where('expires_at', '<=', now).execute();
    const inserted = await this.ctx.db
      .insertInto('seen_requests')
      .values({ key, expires_at: iso(expiresAt) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }
}
