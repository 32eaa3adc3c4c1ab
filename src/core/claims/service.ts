import path from 'node:path';
import type { ClaimEditor, ClaimHistory } from '../commands/services.js';
import type { SitrepConfig } from '../config/schema.js';
import type { AdminNotifier, Deliverer } from '../delivery/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { listStoryFiles } from '../story/load.js';
import { type AlertPlannerDeps, replanUnplanned } from './alerts.js';
import { FileClaimEditor } from './editor.js';
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
}

export interface ClaimTracking {
  editor: ClaimEditor;
  history: ClaimHistory;
  /**
   * Loads every story file into the catalog. A file that differs from its last stored revision
   * (edited while the bot was stopped) becomes a revision and its alerts are planned, once.
   * Revisions left unplanned by a crash are planned first.
   */
  syncAtStart(): Promise<void>;
  /** Watches the briefings directory until the returned function is called. */
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
  const editor = new FileClaimEditor({
    store: deps.store,
    catalog: deps.catalog,
    clock: deps.clock,
    log,
    recorder,
    fileOf: (story) => recorder.fileOf(story) ?? path.join(deps.briefingsDir, `${story}.yaml`),
  });
  const fromFile = { author: 'file', via: 'file' } as const;

  return {
    editor,
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
    watch: () =>
      watchStoryFiles({
        dir: deps.briefingsDir,
        debounceMs: deps.debounceMs ?? 300,
        log,
        onSettled: async (file) => {
          await recorder.ingestFile(file, fromFile);
        },
      }),
  };
}
