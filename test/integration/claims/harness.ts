import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createArticleReader } from '../../../src/adapters/article/reader.js';
import { type ClaimTracking, createClaimTracking } from '../../../src/core/claims/service.js';
import type { ConfigTracking } from '../../../src/core/claims/subscriptions.js';
import { COMMANDS } from '../../../src/core/commands/registry.js';
import { CommandRouter } from '../../../src/core/commands/router.js';
import { defaultConfig, type SitrepConfig } from '../../../src/core/config/schema.js';
import type { AdminNotifier, Deliverer, DeliveryRequest } from '../../../src/core/delivery/types.js';
import { silentLogger } from '../../../src/core/log.js';
import type { OutgoingMessage } from '../../../src/core/message.js';
import type { Caller, ChannelAddress } from '../../../src/core/ports.js';
import { ProposalReview } from '../../../src/core/proposals/review.js';
import type { Store } from '../../../src/core/store.js';
import { StoryCatalog } from '../../../src/core/story/catalog.js';
import { type FreshDatabase, freshSqlite, manualClock } from '../../support/databases.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/stories');
export const ADMIN: Caller = { platform: 'slack', userId: 'UADMIN', channel: 'slack:CADMIN' };

/** A Deliverer test double: records what the alert planner hands over. */
export class RecordingDeliverer implements Deliverer {
  readonly requests: DeliveryRequest[] = [];
  async enqueue(requests: readonly DeliveryRequest[]): Promise<void> {
    this.requests.push(...requests);
  }
  to(channel: ChannelAddress): DeliveryRequest[] {
    return this.requests.filter((r) => r.channel === channel);
  }
}

export class RecordingNotifier implements AdminNotifier {
  readonly messages: OutgoingMessage[] = [];
  async notify(message: OutgoingMessage): Promise<void> {
    this.messages.push(message);
  }
}

/** Every string in a message, for asserting on what a reader would see. */
export function messageText(message: OutgoingMessage): string {
  const parts: string[] = [message.text];
  for (const card of message.cards) {
    parts.push(card.title ?? '', card.footer ?? '');
    for (const block of card.blocks) {
      if (block.type === 'text' || block.type === 'context')
        parts.push(block.content.map((c) => (typeof c === 'string' ? c : c.text)).join(''));
      if (block.type === 'fields') parts.push(...block.fields.map((f) => `${f.label}: ${f.value}`));
      if (block.type === 'list')
        parts.push(...block.items.map((i) => i.map((c) => (typeof c === 'string' ? c : c.text)).join('')));
    }
  }
  return parts.join('\n');
}

export interface Harness {
  dir: string;
  file: string;
  store: Store;
  catalog: StoryCatalog;
  deliverer: RecordingDeliverer;
  notifier: RecordingNotifier;
  clock: ReturnType<typeof manualClock>;
  claims: ClaimTracking;
  router: CommandRouter;
  config: SitrepConfig;
  /** A new process on the same database and directory: a fresh catalog, service and recorders. */
  restart(): Promise<Harness>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  tracking?: ConfigTracking;
  debounceMs?: number;
  settleMs?: number;
  replanEveryMs?: number;
  /** `BRIEFINGS_WRITEBACK` (default true). */
  writeback?: boolean;
}

export async function openHarness(
  options: HarnessOptions = {},
  shared?: { database: FreshDatabase; dir: string },
): Promise<Harness> {
  const database = shared?.database ?? (await freshSqlite());
  const dir = shared?.dir ?? (await mkdtemp(path.join(tmpdir(), 'sitrep-claims-')));
  const file = path.join(dir, 'harbour-strike.yaml');
  if (!shared) await copyFile(path.join(FIXTURES, 'harbour-strike.yaml'), file);
  const clock = manualClock('2031-04-02T08:00:00.000Z');
  const store = await database.open({ clock });
  const catalog = new StoryCatalog(dir);
  const deliverer = new RecordingDeliverer();
  const notifier = new RecordingNotifier();
  const config: SitrepConfig = {
    ...defaultConfig,
    admins: ['slack:UADMIN'],
    tracking: (options.tracking ?? []).map((t) => ({ thread: false, ...t })),
  };
  const claims = createClaimTracking({
    store,
    catalog,
    deliverer,
    notifier,
    clock,
    log: silentLogger,
    briefingsDir: dir,
    config,
    debounceMs: options.debounceMs ?? 50,
    settleMs: options.settleMs ?? 100,
    ...(options.replanEveryMs === undefined ? {} : { replanEveryMs: options.replanEveryMs }),
    ...(options.writeback === undefined ? {} : { writeback: options.writeback }),
  });
  const router = new CommandRouter({
    catalog,
    clock,
    log: silentLogger,
    services: {
      store,
      config,
      editor: claims.editor,
      history: claims.history,
      content: claims.content,
      proposals: new ProposalReview({
        store,
        content: claims.content,
        clock,
        // Tests serve articles from this machine.
        reader: async () => createArticleReader({ privateAddresses: 'allow' }),
      }),
    },
    commands: COMMANDS,
  });
  return {
    dir,
    file,
    store,
    catalog,
    deliverer,
    notifier,
    clock,
    claims,
    router,
    config,
    restart: async () => {
      await store.close();
      return openHarness(options, { database, dir });
    },
    close: async () => {
      await store.close();
      await database.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function ask(h: Harness, text: string, caller: Partial<Caller> = {}): Promise<OutgoingMessage> {
  return h.router.handle({ text, caller: { ...ADMIN, ...caller } });
}

export async function editFile(file: string, edit: (text: string) => string): Promise<void> {
  await writeFile(file, edit(await readFile(file, 'utf8')));
}

/** Polls until `check` holds (or fails the test after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
