/**
 * A separate process racing another for deliveries (see processes.test.ts):
 *   node --import tsx race.worker.ts <DATABASE_URL> <owner> <count>
 * Opens the store (migrating it if it is new), prints `ready`, waits for a line on stdin, then
 * claims `race:0` … `race:<count-1>` and takes over every expired delivery it can, and prints
 * `{ claimed, taken }` as JSON.
 */
import { openStore } from '../../../src/store/db.js';

const [url, owner, countText] = process.argv.slice(2);
if (!url || !owner || !countText) throw new Error('usage: race.worker.ts <url> <owner> <count>');
const store = await openStore(url);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));

const claimed: string[] = [];
const dueAt = new Date('2026-03-08T09:00:00.000Z');
for (let i = 0; i < Number(countText); i++) {
  const id = `race:${i}`;
  if (await store.deliveries.claim({ id, kind: 'alert', channel: 'slack:C1', dueAt }, owner, 60_000)) claimed.push(id);
}
const taken: string[] = [];
for (;;) {
  const batch = await store.deliveries.takeOver(owner, 60_000, new Date(), 3);
  if (batch.length === 0) break;
  taken.push(...batch.map((d) => d.id));
}
process.stdout.write(`${JSON.stringify({ claimed, taken })}\n`);
await store.close();
