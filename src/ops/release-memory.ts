import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ContentService } from '../core/content/service.js';

/**
 * Two full garbage collections a second apart, starting `delayMs` from now: pages the first frees
 * are released by V8's background sweeper and unmapper, and the second returns the ones that were
 * still being swept. `--expose-gc` is set at run time, as test runners do to measure heaps, so
 * neither the bin nor `npm start` needs a node flag.
 */
function collectSoon(delayMs: number): void {
  for (const at of [delayMs, delayMs + 1_000]) {
    const timer = setTimeout(() => {
      setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
    }, at);
    timer.unref();
  }
}

/**
 * Collections a moment after start-up has read everything. Start-up makes most
 * of its garbage at once (every story's text, parsed story, canonical JSON and indexes exist
 * together for a moment, and every library's set-up), and V8 keeps the heap it grew to until some
 * later collection: measured with an empty briefings folder, 141 MB RSS 3 s after ready, 112 MB
 * after one collection.
 */
export function collectAfterStartup(delayMs = 500): void {
  collectSoon(delayMs);
}

/** A revision this many characters smaller than the one before it is worth a collection. */
const SHRINK_CHARS = 1_000_000;

/**
 * After a revision that drops megabytes of story (a large story replaced by a small one, or cut
 * down), collections a moment later: the old story, its indexes and the change's garbage
 * are unreachable by then, and V8 would otherwise keep the heap they grew until some later
 * collection (measured: 348 MB RSS idle after replacing a 10,000-claim story, against 136 MB for
 * the small story from the start).
 */
export function collectAfterShrink(content: Pick<ContentService, 'onRevision'>, delayMs = 500): void {
  content.onRevision(async ({ revision, previous }) => {
    if (previous && previous.content.length - revision.content.length >= SHRINK_CHARS) collectSoon(delayMs);
  });
}
