import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClaimEditor, ClaimHistory } from '../commands/services.js';
import type { SitrepConfig } from '../config/schema.js';
import { ContentClaimEditor } from '../content/claim-editor.js';
import { ContentService } from '../content/service.js';
import { writeFileAtomically } from '../content/write-file.js';
import type { AdminNotifier, Deliverer } from '../delivery/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { listStoryFiles } from '../story/load.js';
import { type AlertPlannerDeps, planAlerts, replanUnplanned } from './alerts.js';
import { RevisionClaimHistory } from './history.js';
import { type IngestOutcome, RevisionRecorder } from './recorder.js';
import { watchStoryFiles } from './watch.js';

export interface ClaimTrackingDeps {
  store: Store;
  catalog: StoryCatalog;
  deliverer: Deliverer;
  notifier: AdminNotifier;
  clock: Clock;
  log: Logger;
  briefingsDir: string;
  /** `tracking:` of config/sitrep.yaml: subscriptions declared rather than typed. */
  config?: Pick<SitrepConfig, 'tracking'>;
  /** Quiet time before a changed file is read. Default 300 ms. */
  debounceMs?: number;
  /** How long a file's size must stay the same before it is read. Default 1 s. */
  settleMs?: number;
  /**
   * While watching, how often revisions whose alert planning failed (a store or delivery-log
   * hiccup) are planned again. Default 30 s.
   */
  replanEveryMs?: number;
  /** Rewrite a story file after a change made elsewhere (`BRIEFINGS_WRITEBACK`). Default true. */
  writeback?: boolean;
}

export interface ClaimTracking {
  editor: ClaimEditor;
  /** The write path every surface applies content changes through. */
  content: ContentService;
  history: ClaimHistory;
  /**
   * Loads every story file into the catalog. A file that differs from its last stored revision
   * (edited while the bot was stopped) becomes a revision and its alerts are planned, once.
   * Revisions left unplanned by a crash are planned first.
   */
  syncAtStart(): Promise<void>;
  /**
   * Watches the briefings directory until the returned function is called. Files saved after
   * `syncAtStart` read them but before watching began are read once more, and revisions whose
   * alerts could not be planned are retried while the bot runs (not only at the next start).
   */
  watch(): Promise<() => Promise<void>>;
  /** Plans the alerts of revisions stored before a crash; returns how many alerts. */
  replanUnplanned(): Promise<number>;
  /** Reads one story file now, as the watcher would. */
  syncFile(file: string): Promise<IngestOutcome>;
}

export function createClaimTracking(deps: ClaimTrackingDeps): ClaimTracking {
  const log = deps.log.child({ component: 'claims' });
  const planner: AlertPlannerDeps = {
    store: deps.store,
    deliverer: deps.deliverer,
    clock: deps.clock,
    log,
    configTracking: deps.config?.tracking ?? [],
  };
  const recorder = new RevisionRecorder({ ...planner, catalog: deps.catalog, notifier: deps.notifier });
  const content = new ContentService({
    ...planner,
    catalog: deps.catalog,
    notifier: deps.notifier,
    exclusive: (story, work) => recorder.exclusive(story, work),
  });
  const fileOf = (story: string) => recorder.fileOf(story) ?? path.join(deps.briefingsDir, `${story}.yaml`);
  if (deps.writeback !== false) {
    // A change made elsewhere is written to the story file, so the file (and `git diff`) shows it.
    content.onRevision(async ({ revision }) => {
      const file = fileOf(revision.story);
      const onDisk = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (onDisk !== undefined && !recorder.matches(file, onDisk)) {
        // Edits saved in the file that are not imported (a broken file being fixed): never overwritten.
        log.warn({ file, revision: revision.id }, 'story file has edits not yet imported; not rewritten');
        return;
      }
      await writeFileAtomically(file, revision.content);
      recorder.accept(file, revision.content, revision);
    });
  }
  const editor = new ContentClaimEditor({
    store: deps.store,
    catalog: deps.catalog,
    clock: deps.clock,
    content,
    syncFile: async (story) => {
      await recorder.ingestFile(fileOf(story), { author: 'file', via: 'file' });
    },
  });
  const fromFile = { author: 'file', via: 'file' } as const;

  /** Every story file on disk, and every served story's file (it may be gone), read again. */
  const rescan = async () => {
    let files: string[] = [];
    try {
      files = await listStoryFiles(deps.briefingsDir);
    } catch (err) {
      log.warn({ err, dir: deps.briefingsDir }, 'cannot read the briefings directory');
    }
    const known = deps.catalog.list().flatMap((view) => recorder.fileOf(view.id) ?? []);
    for (const file of new Set([...files, ...known])) {
      await recorder
        .ingestFile(file, fromFile)
        .catch((err: unknown) => log.error({ err, file }, 'handling a story file change failed'));
    }
  };

  /** Plans, in each story's turn, the revisions still unplanned (planning failed, or a crash). */
  const retryUnplanned = async () => {
    try {
      for (const revision of await deps.store.revisions.unplanned()) {
        await recorder.exclusive(revision.story, async () => {
          const current = await deps.store.revisions.get(revision.id);
          if (current && !current.alertsPlanned) await planAlerts(planner, current);
        });
      }
    } catch (err) {
      log.error({ err }, 'planning alerts again failed; retrying later');
    }
  };

  return {
    editor,
    content,
    history: new RevisionClaimHistory(deps.store),
    replanUnplanned: () => replanUnplanned(planner),
    syncFile: (file) => recorder.ingestFile(file, fromFile),
    async syncAtStart() {
      await replanUnplanned(planner);
      let files: string[];
      try {
        files = await listStoryFiles(deps.briefingsDir);
      } catch (err) {
        log.warn({ err, dir: deps.briefingsDir }, 'cannot read the briefings directory');
        return;
      }
      for (const file of files) await recorder.ingestFile(file, { author: 'file', via: 'start' });
    },
    async watch() {
      const stopWatching = await watchStoryFiles({
        dir: deps.briefingsDir,
        debounceMs: deps.debounceMs ?? 300,
        settleMs: deps.settleMs ?? 1000,
        log,
        onSettled: async (file) => {
          await recorder.ingestFile(file, fromFile);
        },
      });
      // A save between start-up reading the files and the watcher being ready raised no event.
      await rescan();
      let retrying: Promise<void> | undefined;
      const timer = setInterval(() => {
        retrying ??= retryUnplanned().finally(() => {
          retrying = undefined;
        });
      }, deps.replanEveryMs ?? 30_000);
      timer.unref?.();
      return async () => {
        clearInterval(timer);
        await retrying;
        await stopWatching();
      };
    },
  };
}
