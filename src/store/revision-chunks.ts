import type { ChunkRef, RevisionChunks } from '../core/store.js';
import type { StoreContext } from './tables.js';

/**
 * Revision chunks (ADR 0044): written before the revision that names them (a chunk no revision
 * names yet is harmless; a revision never names a chunk that is not there), each at most once.
 */

/** Rows per statement: well under SQLite's and Postgres's limits on parameters. */
const BATCH = 200;

type StoredRefs = { content: Array<[string, number]>; json: Array<[string, number]> };

export function encodeChunks(chunks: RevisionChunks): string {
  const pairs = (refs: readonly ChunkRef[]) => refs.map((r) => [r.hash, r.length]);
  return JSON.stringify({ content: pairs(chunks.content), json: pairs(chunks.json) });
}

export function decodeChunks(text: string): RevisionChunks {
  const stored = JSON.parse(text) as StoredRefs;
  const refs = (pairs: Array<[string, number]>) => pairs.map(([hash, length]) => ({ hash, length }));
  return { content: refs(stored.content), json: refs(stored.json) };
}

export async function writeChunks(ctx: StoreContext, bodies: ReadonlyMap<string, string>): Promise<void> {
  const rows = [...bodies].map(([hash, body]) => ({ hash, body }));
  for (let i = 0; i < rows.length; i += BATCH) {
    await ctx.db
      .insertInto('revision_chunks')
      .values(rows.slice(i, i + BATCH))
      .onConflict((c) => c.column('hash').doNothing())
      .execute();
  }
}

export async function readChunks(ctx: StoreContext, hashes: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(hashes)];
  const bodies = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += BATCH) {
    const rows = await ctx.db
      .selectFrom('revision_chunks')
      .select(['hash', 'body'])
      .where('hash', 'in', wanted.slice(i, i + BATCH))
      .execute();
    for (const row of rows) bodies.set(row.hash, row.body);
  }
  return bodies;
}

/** The text `refs` hold; throws when a chunk is missing or not the length named (a damaged store). */
export function joinChunks(refs: readonly ChunkRef[], bodies: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const ref of refs) {
    const body = bodies.get(ref.hash);
    if (body?.length !== ref.length) throw new Error(`revision chunk ${ref.hash} is missing or damaged`);
    parts.push(body);
  }
  return parts.join('');
}
