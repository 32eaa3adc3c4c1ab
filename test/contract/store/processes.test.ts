import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../../support/child-env.js';
import { storeCases } from '../../support/databases.js';

/**
 * Two real processes on one database (one SQLite file, or one Postgres schema), as two replicas
 * of the bot: both start on a new database at once (one migrates, the other waits), then race to
 * claim the same deliveries and to take over the same expired ones. Every delivery must go to
 * exactly one of them.
 */
describe.each(storeCases())('Store shared by two processes ($name)', (storeCase) => {
  it('migrates once and gives every delivery to exactly one process', async () => {
    const database = await storeCase.fresh();
    const workers: Worker[] = [];
    try {
      workers.push(startWorker(database.url, 'proc-a', 30), startWorker(database.url, 'proc-b', 30));
      await Promise.all(workers.map((w) => w.ready));

      // Deliveries left by a crashed replica: their leases ran out a minute ago.
      const store = await database.open({ clock: { now: () => new Date(Date.now() - 120_000) } });
      const expired = Array.from({ length: 20 }, (_, i) => `expired:${String(i).padStart(2, '0')}`);
      for (const id of expired) {
        await store.deliveries.claim({ id, kind: 'alert', channel: 'slack:C1', dueAt: new Date() }, 'crashed', 60_000);
      }
      await store.close();

      for (const w of workers) w.child.stdin.write('go\n');
      const [a, b] = await Promise.all(workers.map((w) => w.result));
      if (!a || !b) throw new Error('a worker returned nothing');

      const claims = Array.from({ length: 30 }, (_, i) => `race:${i}`);
      expect([...a.claimed, ...b.claimed].sort()).toEqual(claims.sort());
      expect(a.claimed.filter((id) => b.claimed.includes(id))).toEqual([]);
      expect([...a.taken, ...b.taken].sort()).toEqual(expired);
      expect(a.taken.filter((id) => b.taken.includes(id))).toEqual([]);
    } finally {
      for (const w of workers) w.child.kill();
      await database.dispose();
    }
  });
});

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<{ claimed: string[]; taken: string[] }>;
}

function startWorker(url: string, owner: string, count: number): Worker {
  const script = fileURLToPath(new URL('./race.worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, owner, String(count)], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    env: childEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`worker ${owner} exited with ${code}: ${stderr}`))),
  );
  exited.catch(() => {});
  const next = async () => {
    const line = await Promise.race([lines.next(), exited]);
    if (line.done) throw new Error(`worker ${owner} said nothing: ${stderr}`);
    return line.value;
  };
  const ready = next().then((line) => {
    if (line !== 'ready') throw new Error(`worker ${owner}: ${line} ${stderr}`);
  });
  const result = ready.then(async () => JSON.parse(await next()));
  return { child, ready, result };
}
