import path from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from '../log.js';
import { isStoryFile } from '../story/load.js';

export interface StoryWatchOptions {
  dir: string;
  /** Quiet time after the last event for a file before it is read (editors save in several steps). */
  debounceMs: number;
  /**
   * How long a file's size must stay unchanged before its events count: a file written in pieces
   * with pauses between them (a slow copy, an editor flushing as it goes) is read once, whole.
   */
  settleMs: number;
  log: Logger;
  /** Called once per settled burst of events for a story file (it may have been deleted since). */
  onSettled(file: string): Promise<void>;
}

/**
 * Watches a briefings directory. Events are debounced per file and the file is read when they
 * settle, so a save done as delete-and-rename, or written in pieces, is seen once and whole.
 * Resolves once watching has begun; the returned function stops it and waits for work in flight.
 */
export async function watchStoryFiles(options: StoryWatchOptions): Promise<() => Promise<void>> {
  const { dir, debounceMs, settleMs, log, onSettled } = options;
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const watcher = watch(dir, {
    ignoreInitial: true,
    depth: 0,
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.max(10, Math.min(100, settleMs / 4)) },
    ignored: (file, stats) => file !== dir && stats?.isFile() === true && !isStoryFile(path.basename(file)),
  });

  const settle = (file: string) => {
    timers.delete(file);
    if (stopped) return;
    const work = onSettled(file)
      .catch((err: unknown) => log.error({ err, file }, 'handling a story file change failed'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  const schedule = (file: string) => {
    if (stopped || !isStoryFile(path.basename(file))) return;
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(settle, debounceMs, file));
  };
  watcher.on('add', schedule).on('change', schedule).on('unlink', schedule);
  watcher.on('error', (err) => log.error({ err, dir }, 'watching the briefings directory failed'));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  log.info({ dir, debounceMs, settleMs }, 'watching story files');

  return async () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    await watcher.close();
    await Promise.all([...inFlight]);
  };
}
