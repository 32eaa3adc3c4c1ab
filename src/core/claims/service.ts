import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimEditor } from '../commands/services.js';
import type { SitrepConfig } from '../config/schema.js';
import { ContentClaimEditor } from '../content/claim-editor.js';
import { followRevisions } from '../content/feed.js';
import { type ImportOutcome, StoryFiles } from '../content/files.js';
import { ContentService } from '../content/service.js';
import { StoryTurns } from '../content/turns.js';
import type { AdminNotifier, Deliverer } from '../delivery/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { listStoryFiles } from '../story/load.js';
import { type AlertPlannerDeps, planAlerts, replanUnplanned } from './alerts.js';
import { RevisionClaimHistory } from './history.js';
import { watchStoryFiles } from './watch.js';

/** How long another process's alert planning is waited for, and how often it is looked at. */
const ADOPT_WAIT_MS = 10_000;
const ADOPT_POLL_MS = 100;

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
  /** This replica's name (`SITREP_INSTANCE`); with the folder's path it names this copy of the files. */
  instance?: string;
  /** How often every story's latest revision is checked besides LISTEN/NOTIFY. Default 1 s. */
  feedPollMs?: number;
}

export interface ClaimTracking {
  editor: ClaimEditor;
  /** The write path every surface applies content changes through. */
  content: ContentService;
  history: RevisionClaimHistory;
  /** Story files: imports and writeback. */
  files: StoryFiles;
  /**
   * Serves every story's latest stored revision, then imports every story file: what changed in a
   * file since this copy last matched a revision (edited while the bot was stopped) is applied as
   * a change, and its alerts planned, once. Revisions left unplanned by a crash are planned first.
   */
  syncAtStart(): Promise<void>;
  /**
   * Serves every story's latest stored revision, reading no file: what every replica serves, for a
   * process that does not import files (a CLI command).
   */
  serveStored(): Promise<void>;
  /**
   * Follows revisions stored by any replica (served within a second or two; this copy's files
   * follow them) and watches the briefings directory until the returned function is called. Files saved after
   * `syncAtStart` read them but before watching began are read once more, and revisions whose
   * alerts could not be planned are retried while the bot runs (not only at the next start).
   */
  watch(): Promise<() => Promise<void>>;
  /** Plans the alerts of revisions stored before a crash; returns how many alerts. */
  replanUnplanned(): Promise<number>;
  /** Reads one story file now, as the watcher would. */
  syncFile(file: string): Promise<ImportOutcome>;
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
  const turns = new StoryTurns();
  const exclusive = <T>(story: string, work: () => Promise<T>) => turns.run(story, work);
  const content = new ContentService({ ...planner, catalog: deps.catalog, notifier: deps.notifier, exclusive });
  const files = new StoryFiles({
    content,
    store: deps.store,
    catalog: deps.catalog,
    notifier: deps.notifier,
    clock: deps.clock,
    log,
    briefingsDir: deps.briefingsDir,
    copyName: `${deps.instance ?? hostname()}:${path.resolve(deps.briefingsDir)}`,
    writeback: deps.writeback !== false,
    exclusive,
  });
  // A change made through this process: this copy's file follows it, so `git diff` shows it.
  content.onRevision(({ revision }) => files.follow(revision));
  const editor = new ContentClaimEditor({
    store: deps.store,
    catalog: deps.catalog,
    clock: deps.clock,
    content,
    syncFile: async (story) => {
      await files.importFile(files.fileOf(story));
    },
    fileState: (story, revision) => files.fileState(story, revision),
  });
  const serveStored = async () => {
    for (const head of await deps.store.revisions.heads())
      await exclusive(head.story, () => files.serveLatest(head.story));
  };

  /** Every story file on disk, and every served story's file (it may be gone), read again. */
  const rescan = async (atStart = false) => {
    let found: string[] = [];
    try {
      found = await listStoryFiles(deps.briefingsDir);
    } catch (err) {
      log.warn({ err, dir: deps.briefingsDir }, 'cannot read the briefings directory');
    }
    for (const file of found) {
      await files
        .importFile(file, { atStart })
        .catch((err: unknown) => log.error({ err, file }, 'handling a story file change failed'));
    }
  };

  /** Plans, in each story's turn, the revisions still unplanned (planning failed, or a crash). */
  const retryUnplanned = async () => {
    try {
      for (const revision of await deps.store.revisions.unplanned()) {
        await exclusive(revision.story, async () => {
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
    files,
    history: new RevisionClaimHistory(deps.store),
    replanUnplanned: () => replanUnplanned(planner),
    syncFile: (file) => files.importFile(file),
    async syncAtStart() {
      await replanUnplanned(planner);
      await serveStored();
      await rescan(true);
    },
    serveStored,
    async watch() {
      let watching = true;
      /** Take-overs under way, waited for on stop so none queries a store being closed. */
      const adopting = new Set<Promise<void>>();
      /**
       * A revision another process stored: the alerts it recorded are taken over as soon as it has
       * recorded them all (it marks the revision planned), not at the engine's next periodic look
       * (30 s). The CLI records the alerts of its changes and exits without sending them. A process
       * that stopped before planning is covered by the replanning below.
       */
      const adoptWhenRecorded = async (revision: number) => {
        if (!deps.deliverer.adoptRecorded) return;
        try {
          for (let waited = 0; watching && waited < ADOPT_WAIT_MS; waited += ADOPT_POLL_MS) {
            if ((await deps.store.revisions.isPlanned(revision)) !== false) break;
            await sleep(ADOPT_POLL_MS);
          }
          if (watching) await deps.deliverer.adoptRecorded();
        } catch (err) {
          log.warn({ err, revision }, 'taking over alerts recorded elsewhere failed; the engine looks again later');
        }
      };
      const stopWatching = await watchStoryFiles({
        dir: deps.briefingsDir,
        debounceMs: deps.debounceMs ?? 300,
        settleMs: deps.settleMs ?? 1000,
        log,
        onSettled: async (file) => {
          await files.importFile(file);
        },
      });
      const stopFollowing = await followRevisions({
        store: deps.store,
        catalog: deps.catalog,
        log,
        ...(deps.feedPollMs === undefined ? {} : { pollMs: deps.feedPollMs }),
        onNewer: (head) =>
          exclusive(head.story, async () => {
            await files.serveLatest(head.story);
            const latest = await deps.store.revisions.latest(head.story);
            if (!latest) return;
            await files.follow(latest);
            const adopted = adoptWhenRecorded(latest.id).finally(() => adopting.delete(adopted));
            adopting.add(adopted);
          }),
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
        watching = false;
        clearInterval(timer);
        await Promise.all(adopting);
        await retrying;
        await stopFollowing();
        await stopWatching();
      };
    },
  };
}
