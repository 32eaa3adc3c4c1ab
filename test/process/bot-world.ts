import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../src/core/store.js';
import type { FreshDatabase } from '../support/databases.js';
import { stopAllBotProcesses } from './bot-process.js';
import { type BotFiles, type Platforms, prepareFiles, startPlatforms } from './fanout-harness.js';

/**
 * What each process test of a describe runs its bots against: both stand-ins, a fresh database
 * open as a store, and a temp copy of the shipped story and config. Set up before each test; after
 * it, every bot process started meanwhile is stopped and all of it is closed and removed.
 */
export interface BotWorld {
  platforms: Platforms;
  database: FreshDatabase;
  store: Store;
  /** The files prepared for the test. */
  files: BotFiles;
  /** Another copy of the files (a second replica's own), removed after the test too. */
  moreFiles(): Promise<BotFiles>;
}

/** Registers the hooks that set up and tear down a `BotWorld` around each test; its fields are set inside the tests. */
export function useBotWorld(fresh: () => Promise<FreshDatabase>): BotWorld {
  const extraFiles: BotFiles[] = [];
  const world: BotWorld = {
    moreFiles: async () => {
      const files = await prepareFiles();
      extraFiles.push(files);
      return files;
    },
  } as BotWorld;

  beforeEach(async () => {
    [world.platforms, world.files, world.database] = await Promise.all([startPlatforms(), prepareFiles(), fresh()]);
    world.store = await world.database.open();
  });

  afterEach(async () => {
    await stopAllBotProcesses();
    await world.store?.close();
    await world.database?.dispose();
    await world.platforms?.close();
    await world.files?.dispose();
    for (const files of extraFiles.splice(0)) await files.dispose();
  });

  return world;
}
