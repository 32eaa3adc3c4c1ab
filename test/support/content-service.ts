import { ContentService } from '../../src/core/content/service.js';
import { StoryTurns } from '../../src/core/content/turns.js';
import { silentLogger } from '../../src/core/log.js';
import { systemClock } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';
import { StoryCatalog } from '../../src/core/story/catalog.js';

/** The write path on its own: a real store and catalog, no admins to tell and nothing to deliver. */
export function standaloneContentService(store: Store, catalog = new StoryCatalog()): ContentService {
  const turns = new StoryTurns();
  return new ContentService({
    store,
    catalog,
    clock: systemClock,
    log: silentLogger,
    notifier: { notify: async () => {} },
    deliverer: { enqueue: async () => {} },
    configTracking: [],
    exclusive: (story, work) => turns.run(story, work),
  });
}
