// Records kept by the Discord stand-in, and promise helpers to wait on them.
import { EventEmitter } from 'node:events';
import type { Json, StoredCommand, StoredMessage } from './fixtures.js';
import { StandInThreads } from './threads.js';

export type ChannelError = 'missing_access' | 'unknown_channel' | 'missing_permissions';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: string;
  status: number;
  authorization: string | null;
  body: unknown;
  files: Json[];
}

export interface RecordedRateLimit {
  at: number;
  method: string;
  path: string;
  global: boolean;
  scope: string;
  retryAfter: number;
  oneShot: boolean;
}

export interface RecordedCallback {
  at: number;
  /** ms between dispatch and callback. */
  elapsedMs: number;
  interactionId: string;
  token: string;
  type: number;
  data: Json | null;
  body: Json;
  /** 'http' when recorded from the HTTP response of sendHttpInteraction. */
  via?: 'rest' | 'http';
}

export interface RecordedEdit {
  at: number;
  method: 'PATCH' | 'DELETE';
  kind: 'interaction' | 'channel';
  token: string | null;
  interactionId: string | null;
  channelId: string;
  /** '@original' or a message id. */
  messageId: string;
  body: Json | null;
}

export interface RecordedFollowup {
  at: number;
  token: string;
  interactionId: string;
  messageId: string;
  body: Json;
}

export interface InteractionState {
  id: string;
  token: string;
  payload: Json;
  channelId: string;
  user: Json;
  dispatchedAt: number;
  callback?: RecordedCallback;
  original?: StoredMessage;
  followups: StoredMessage[];
}

export interface SentInteraction {
  id: string;
  token: string;
  payload: Json;
  /** Gateway sequence number of the INTERACTION_CREATE dispatch. */
  seq: number;
  callback(timeoutMs?: number): Promise<RecordedCallback>;
  originalEdit(timeoutMs?: number): Promise<RecordedEdit>;
}

const DEFAULT_WAIT_MS = 5000;

export abstract class StandInRecords {
  abstract readonly botApiUser: Json;
  abstract readonly options: { nonceScope: 'author' | 'channel' };
  /** Threads started from messages (see threads.ts). */
  readonly threads = new StandInThreads();
  // ---- records
  /** Channel messages created through POST /channels/{id}/messages, per channel (deleted ones flagged). */
  readonly messages = new Map<string, StoredMessage[]>();
  readonly callbacks: RecordedCallback[] = [];
  readonly edits: RecordedEdit[] = [];
  readonly followups: RecordedFollowup[] = [];
  readonly commands: { global: StoredCommand[]; guilds: Map<string, StoredCommand[]> } = {
    global: [],
    guilds: new Map(),
  };
  readonly commandPuts: Array<{ at: number; guildId: string | null; body: Json[] }> = [];
  readonly requests: RecordedRequest[] = [];
  /** Every 429 sent. */
  readonly rateLimited: RecordedRateLimit[] = [];

  // ---- internal state (used by rest.ts)
  readonly interactions = new Map<string, InteractionState>();
  readonly nonceIndex = new Map<string, { at: number; message: StoredMessage }>();
  protected readonly tokens = new Map<string, string>();
  protected readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(1000);
  }

  messagesIn(channelId: string): StoredMessage[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  nonceKey(channelId: string, nonce: string): string {
    const author = String(this.botApiUser.id);
    return this.options.nonceScope === 'channel' ? `${author}:${channelId}:${nonce}` : `${author}:${nonce}`;
  }

  interactionByToken(token: string): InteractionState | undefined {
    const id = this.tokens.get(token);
    return id ? this.interactions.get(id) : undefined;
  }

  /** @internal track an interaction so callbacks / webhook routes can find it */
  register(payload: Json): InteractionState {
    const channelId = String(payload.channel_id ?? (payload.channel as Json | undefined)?.id ?? '');
    const user = ((payload.member as Json | undefined)?.user ?? payload.user ?? {}) as Json;
    const state: InteractionState = {
      id: String(payload.id),
      token: String(payload.token),
      payload,
      channelId,
      user,
      dispatchedAt: Date.now(),
      followups: [],
    };
    this.interactions.set(state.id, state);
    this.tokens.set(state.token, state.id);
    return state;
  }

  // ------------------------------------------------------------ waiting

  /** @internal signal that records changed */
  notify(): void {
    this.events.emit('change');
  }

  /** Resolve with the first truthy value of `probe()`, re-checked on every recorded change. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = DEFAULT_WAIT_MS, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const v = probe();
        if (!v) return false;
        cleanup();
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`discord stand-in: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
      check();
    });
  }

  waitForCallback(interactionId: string, timeoutMs?: number): Promise<RecordedCallback> {
    return this.waitFor(
      () => this.interactions.get(interactionId)?.callback,
      timeoutMs,
      `callback of ${interactionId}`,
    );
  }
  /** First PATCH of @original for this interaction token (or the `nth` one, 1-based). */
  waitForOriginalEdit(token: string, timeoutMs?: number, nth = 1): Promise<RecordedEdit> {
    return this.waitFor(
      () => this.edits.filter((e) => e.token === token && e.messageId === '@original' && e.method === 'PATCH')[nth - 1],
      timeoutMs,
      `@original edit #${nth}`,
    );
  }
  waitForFollowup(token: string, timeoutMs?: number): Promise<RecordedFollowup> {
    return this.waitFor(() => this.followups.find((f) => f.token === token), timeoutMs, 'followup');
  }
  waitForMessage(channelId: string, predicate: (m: StoredMessage) => boolean = () => true, timeoutMs?: number) {
    return this.waitFor(() => this.messagesIn(channelId).find(predicate), timeoutMs, `message in ${channelId}`);
  }

  /** Forget recorded traffic (keeps registered commands, interactions and the gateway session). */
  resetRecords(): void {
    this.messages.clear();
    this.callbacks.length = 0;
    this.edits.length = 0;
    this.followups.length = 0;
    this.requests.length = 0;
    this.rateLimited.length = 0;
    this.nonceIndex.clear();
    this.threads.byId.clear();
  }
}
