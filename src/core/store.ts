import type { ChannelAddress } from './ports.js';
import type { ProposalRepo } from './proposals/stored.js';
import type { Tier } from './story/schema.js';

/**
 * The storage port: everything the core persists. One `Store` object composed of one repository per
 * domain. Implemented once with Kysely for SQLite and Postgres in `src/store/`; opened with
 * `openStore(databaseUrl)` from `src/store/db.ts`.
 *
 * Conventions: every instant is a `Date` (stored in UTC, millisecond precision); "now", where a
 * method does not take it, comes from the clock the store was opened with. Lists are returned in
 * a stable, documented order.
 */
export interface Store {
  readonly schedules: ScheduleRepo;
  readonly deliveries: DeliveryRepo;
  readonly tracking: TrackingRepo;
  readonly alertThreads: AlertThreadRepo;
  readonly revisions: RevisionRepo;
  readonly audit: AuditRepo;
  readonly channels: ChannelRepo;
  readonly pendingChanges: PendingChangeRepo;
  readonly fileSyncs: FileSyncRepo;
  readonly installations: InstallationRepo;
  readonly seenRequests: SeenRequestRepo;
  readonly console: ConsoleAuthRepo;
  /** Article proposals kept for editors' review. */
  readonly proposals: ProposalRepo;
  readonly dialect: 'sqlite' | 'postgres';
  /** Resolves when the database answers a trivial query (for `/healthz`); rejects otherwise. */
  ping(): Promise<void>;
  /** Closes every connection. The store must not be used afterwards. */
  close(): Promise<void>;
}

// ── Schedules ────────────────────────────────────────────────────────────────────────────────

export type ScheduleOrigin = 'chat' | 'config';

export interface Schedule {
  /** Chat schedules: `s` + 6 base36 characters (e.g. `s0k3x9a`); config schedules: the caller's stable id. */
  id: string;
  channel: ChannelAddress;
  /** `null`: the only loaded story, whichever it is at fire time. */
  story: string | null;
  /** As typed: a 5-field cron, `daily HH:MM` or `weekdays HH:MM`. */
  spec: string;
  /** IANA zone, e.g. `Europe/London`. */
  timezone: string;
  tier: Tier;
  /** `config` rows come from `config/sitrep.yaml` and cannot be removed from chat. */
  origin: ScheduleOrigin;
  createdBy: string | null;
  createdAt: Date;
  paused: boolean;
  pausedReason: string | null;
  /**
   * The instant from which slots are counted: creation time (and, for a config schedule, the time
   * its channel, spec or time zone last changed). Slots before it never fire, not even as catch-up.
   */
  anchor: Date;
}

export interface NewSchedule {
  channel: ChannelAddress;
  story: string | null;
  spec: string;
  timezone: string;
  tier: Tier;
  createdBy?: string | null;
  /** Default: now. */
  createdAt?: Date;
  /** Default: `createdAt`. */
  anchor?: Date;
}

/** A schedule declared in `config/sitrep.yaml`, with an id that stays the same across restarts. */
export interface ConfigSchedule extends NewSchedule {
  id: string;
}

export interface ScheduleFilter {
  channel?: ChannelAddress;
  /** Default false: paused schedules are left out. */
  includePaused?: boolean;
}

export interface ConfigSyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

export interface ScheduleRepo {
  /** Adds a chat schedule with a fresh, unique, short id. */
  add(schedule: NewSchedule): Promise<Schedule>;
  get(id: string): Promise<Schedule | undefined>;
  /** Oldest first. */
  list(filter?: ScheduleFilter): Promise<Schedule[]>;
  /** Removes a chat schedule of this channel. False when there is none (or it is a config schedule). */
  remove(channel: ChannelAddress, id: string): Promise<boolean>;
  /**
   * Makes the config-origin schedules exactly `declared`, in one transaction: inserts new ids,
   * updates changed ones (keeping their pause state; a changed channel, spec or time zone moves the
   * anchor to now) and deletes config rows no longer declared. Chat schedules are never touched;
   * a declared id already used by a chat schedule is an error.
   */
  syncConfig(declared: readonly ConfigSchedule[]): Promise<ConfigSyncResult>;
  /** False when there is no such schedule. Resuming clears the reason. */
  setPaused(id: string, paused: boolean, reason?: string): Promise<boolean>;
  /** Pauses every schedule of the channel that is not paused yet; returns how many. */
  pauseChannel(channel: ChannelAddress, reason: string): Promise<number>;
  /** Resumes every paused schedule of the channel; returns how many. */
  resumeChannel(channel: ChannelAddress): Promise<number>;
}

// ── Deliveries: the exactly-once log ────────────────────────────────────────────────────────

export type DeliveryKind = 'briefing' | 'alert';
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'missed' | 'skipped';

export interface Delivery {
  /** Deterministic key chosen by the caller, e.g. `brief:s1a2b3c:2026-03-08T02:30` or `alert:42:slack:C1`. */
  id: string;
  kind: DeliveryKind;
  channel: ChannelAddress;
  story: string | null;
  scheduleId: string | null;
  slotKey: string | null;
  revisionId: number | null;
  status: DeliveryStatus;
  /** Delivered after its slot, as catch-up. */
  late: boolean;
  /** Send attempts so far (failed ones and the successful one). */
  attempts: number;
  messageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** JSON of the message to send, so that a resend after a crash sends the same content. */
  payload: string | null;
  /** The alert thread it belongs to (see `AlertThreadRepo`), or null for a message of its own. */
  thread: string | null;
  dueAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewDelivery {
  id: string;
  kind: DeliveryKind;
  channel: ChannelAddress;
  story?: string | null;
  scheduleId?: string | null;
  slotKey?: string | null;
  revisionId?: number | null;
  late?: boolean;
  payload?: string | null;
  thread?: string | null;
  dueAt: Date;
  /** Default: now. */
  createdAt?: Date;
}

export interface RecordedDelivery extends NewDelivery {
  status: 'missed' | 'skipped';
  /** Why, e.g. `channel_paused`. */
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface DeliveryRepo {
  /**
   * Inserts the delivery as `pending`, leased to `owner` until now + `leaseMs`. False when a
   * delivery with this id already exists (whatever its state): someone else sends it, or did.
   * This is how replicas agree on who sends.
   */
  claim(delivery: NewDelivery, owner: string, leaseMs: number): Promise<boolean>;
  /** Inserts a delivery that will not be sent (missed slot, skipped); false when the id exists. */
  record(delivery: RecordedDelivery): Promise<boolean>;
  /**
   * Atomically leases to `owner` up to `limit` pending deliveries whose lease ended before `now`
   * (crashed owner, released row, transient failure due for retry), earliest due first. Safe
   * under concurrency: each row goes to exactly one taker.
   */
  takeOver(owner: string, leaseMs: number, now: Date, limit: number): Promise<Delivery[]>;
  /**
   * For a process starting under a stable name (`SITREP_INSTANCE`): re-leases to `owner`, until
   * now + `leaseMs`, up to `limit` pending deliveries still leased to that same name whose lease
   * ends before now + `leaseMs` (expired or not), earliest due first. A process that has just
   * started holds nothing yet, so these were left by a dead predecessor of that name (SIGKILL, OOM,
   * power loss): they need not wait for their lease to run out. Calls with the same `now` page
   * through them: a row re-leased by an earlier call at this `now`, or renewed since, is not
   * returned again. Rows leased to other names are never touched.
   */
  reclaimOwned(owner: string, leaseMs: number, now: Date, limit: number): Promise<Delivery[]>;
  /** Extends `owner`'s lease to now + `leaseMs`; false when the row is not pending or leased to someone else. */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Hands a pending row back (graceful shutdown): its lease ends now, so anyone can take it over. */
  release(id: string, owner: string): Promise<boolean>;
  /**
   * Records that the message went out. Accepted from any owner while the row is pending (a
   * message that went out is a fact even if the lease was lost); false otherwise.
   */
  markSent(id: string, owner: string, messageId: string, at: Date): Promise<boolean>;
  /**
   * Records a failed attempt by the lease owner. Without `retryAt` the failure is permanent
   * (status `failed`); with it the row stays pending, unleased until `retryAt`, and is retried by
   * whoever takes it over then. Either way `attempts` grows by one.
   */
  markFailed(id: string, owner: string, code: string, message: string, options?: { retryAt?: Date }): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  /** The channel's deliveries, latest due first. */
  recent(channel: ChannelAddress, limit: number): Promise<Delivery[]>;
  /** The channel's most recently sent briefing of this story (`null`: briefings without a story). */
  lastSentBriefing(channel: ChannelAddress, story: string | null): Promise<Delivery | undefined>;
  /** Every status, zero included. */
  countByStatus(): Promise<Record<DeliveryStatus, number>>;
  pendingCount(): Promise<number>;
}

// ── Tracking: alert subscriptions ───────────────────────────────────────────────────────────

export type TrackingKind = 'story' | 'actor' | 'claim';

export interface Tracking {
  channel: ChannelAddress;
  kind: TrackingKind;
  /** The story, actor or claim id. */
  target: string;
  story: string;
  /** Alerts about each claim go in a thread of their own (`/sitrep track … thread`). */
  thread: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export interface NewTracking {
  channel: ChannelAddress;
  kind: TrackingKind;
  target: string;
  story: string;
  /** A new subscription: default false. One the channel has already: left as it is when not given. */
  thread?: boolean;
  createdBy?: string | null;
  /** Default: now. */
  createdAt?: Date;
}

export interface TrackingRepo {
  /**
   * `added` for a new subscription; `changed` when the channel tracked it already and `thread` was
   * given and differed (it is set as given); `unchanged` otherwise.
   */
  add(tracking: NewTracking): Promise<'added' | 'changed' | 'unchanged'>;
  /** Without `story`: in every story. False when nothing was tracked. */
  remove(channel: ChannelAddress, kind: TrackingKind, target: string, story?: string): Promise<boolean>;
  /** Oldest first. */
  list(filter?: { channel?: ChannelAddress; story?: string }): Promise<Tracking[]>;
}

// ── Alert threads: where a channel's alerts about one claim go ─────────────────────────────

export interface AlertThreadRepo {
  /** The root message of a channel's thread, if one was started. */
  root(channel: ChannelAddress, thread: string): Promise<string | undefined>;
  /** Records a thread's root; the first one recorded wins and is returned. */
  start(channel: ChannelAddress, thread: string, rootMessageId: string, at: Date): Promise<string>;
  /** Forgets a root the platform no longer has (the message or thread was deleted). */
  forget(channel: ChannelAddress, thread: string, rootMessageId: string): Promise<void>;
}

// ── Revisions of stories ────────────────────────────────────────────────────────────────────

/** How a revision was made; `start` is a file read at start-up (revisions stored before ADR 0040). */
export type RevisionVia = 'file' | 'chat' | 'cli' | 'console' | 'import' | 'proposal' | 'start';

export interface Revision {
  /** Increasing: a later revision has a larger id. */
  id: number;
  story: string;
  /** The revision it was made on (the story's previous one); null for a story's first. */
  parentId: number | null;
  hash: string;
  /** The YAML text. */
  content: string;
  /** The validated story as JSON (null for revisions stored before it was kept: parse `content`). */
  storyJson: string | null;
  author: string;
  via: RevisionVia;
  /** What the change rests on: an article URL, a file, a proposal. */
  reference: string | null;
  createdAt: Date;
  /** Its alerts have been planned (claimed or recorded as deliveries). */
  alertsPlanned: boolean;
  /** How `content` and `storyJson` are stored in chunks; null for revisions stored whole (ADR 0044). */
  chunks: RevisionChunks | null;
}

/** A stored chunk of a revision's text or JSON: its content address and its length in characters. */
export interface ChunkRef {
  hash: string;
  length: number;
}

/** A revision's text and JSON, each the concatenation of its chunks' bodies, in order. */
export interface RevisionChunks {
  content: readonly ChunkRef[];
  json: readonly ChunkRef[];
}

/** What a revision is stored as in chunks: the refs, and the bodies the store may not hold yet. */
export interface ChunkedBody extends RevisionChunks {
  bodies: ReadonlyMap<string, string>;
}

export interface NewRevision {
  story: string;
  hash: string;
  content: string;
  /** The validated story as JSON; with `chunked`, left out (the chunks hold it). */
  storyJson?: string | null;
  /** Stored in chunks shared with other revisions (only the new ones written) instead of whole. */
  chunked?: ChunkedBody;
  author: string;
  via: RevisionVia;
  reference?: string | null;
  /** Default: now. */
  createdAt?: Date;
  /** Default false. */
  alertsPlanned?: boolean;
}

/** A story's newest revision id. */
export interface RevisionHead {
  story: string;
  id: number;
}

export interface RevisionRepo {
  /** Appends after whatever the story's latest revision is (its parent). */
  add(revision: NewRevision): Promise<Revision>;
  /**
   * Appends only if the story's latest revision is still `parentId` (null: the story has none),
   * atomically across processes; undefined when another revision came first. Every process
   * watching (`watch`) hears of it.
   */
  append(revision: NewRevision, parentId: number | null): Promise<Revision | undefined>;
  latest(story: string): Promise<Revision | undefined>;
  /** The id of the story's latest revision, without its (possibly large) text. */
  latestId(story: string): Promise<number | undefined>;
  get(id: number): Promise<Revision | undefined>;
  /** Newest first. */
  list(story: string, options?: { limit?: number }): Promise<Revision[]>;
  /** The story's revisions after `afterId`, oldest first. */
  after(story: string, afterId: number): Promise<Revision[]>;
  /** The story's revision just before `beforeId`. */
  previous(story: string, beforeId: number): Promise<Revision | undefined>;
  /** Every story's latest revision id, by story id. */
  heads(): Promise<RevisionHead[]>;
  /** Revisions whose alerts were never planned, oldest first (recovered at start). */
  unplanned(): Promise<Revision[]>;
  /** False when there is no such revision. */
  markPlanned(id: number): Promise<boolean>;
  /** Whether the revision's alerts are planned (all recorded); undefined when there is no such revision. */
  isPlanned(id: number): Promise<boolean | undefined>;
  /**
   * Calls `listener` soon after any process appends a revision (Postgres: LISTEN/NOTIFY; SQLite:
   * appends through this store only; a periodic `heads()` check covers the rest). Resolves once
   * listening; the returned function stops it.
   */
  watch(listener: (head: RevisionHead) => void): Promise<() => Promise<void>>;
}

// ── Changes held for an admin ───────────────────────────────────────────────────────────────

export type PendingStatus = 'pending' | 'confirmed' | 'discarded';

export interface StoredPendingChange {
  id: number;
  story: string;
  baseRevision: number | null;
  author: string;
  via: string;
  reference: string | null;
  /** The change as JSON (`ContentChange`). */
  change: string;
  reason: string;
  status: PendingStatus;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  revisionId: number | null;
}

export type NewPendingChange = Pick<
  StoredPendingChange,
  'story' | 'baseRevision' | 'author' | 'via' | 'reference' | 'change' | 'reason' | 'createdAt'
>;

export interface PendingChangeRepo {
  add(change: NewPendingChange): Promise<StoredPendingChange>;
  get(id: number): Promise<StoredPendingChange | undefined>;
  /** Oldest first. */
  list(filter?: { status?: PendingStatus; story?: string }): Promise<StoredPendingChange[]>;
  /** Moves a pending change to `status`; false when it is not pending any more (decided elsewhere). */
  decide(
    id: number,
    decision: { status: 'confirmed' | 'discarded'; by: string; at: Date; revisionId?: number | null },
  ): Promise<boolean>;
}

// ── Story files each replica keeps ─────────────────────────────────────────────────────────

/** The revision a replica's copy of a story file last matched, and a hash of that file's text. */
export interface FileSync {
  instance: string;
  story: string;
  revisionId: number;
  textHash: string;
  updatedAt: Date;
}

export interface FileSyncRepo {
  get(instance: string, story: string): Promise<FileSync | undefined>;
  put(sync: FileSync): Promise<void>;
}

// ── Audit log ───────────────────────────────────────────────────────────────────────────────

export type AuditOutcome = 'ok' | 'refused' | 'invalid';

export interface AuditEntry {
  id: number;
  at: Date;
  /** Who: e.g. `slack:U0123`, `cli`, `file`. */
  actor: string;
  /** Through what: e.g. `slack`, `discord`, `cli`, `file`. */
  via: string;
  /** e.g. `set`, `schedule.add`. */
  action: string;
  /** e.g. a claim or schedule id. */
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export interface NewAuditEntry {
  at: Date;
  actor: string;
  via: string;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: string | null;
}

/** Which audit entries to list; every given part must hold. */
export interface AuditFilter {
  actor?: string;
  via?: string;
  /** The action or its family: `schedule` matches `schedule.add` and `schedule.remove`. */
  action?: string;
  since?: Date;
  /** Exclusive. */
  until?: Date;
  /** Words in the target or the detail, any case. */
  text?: string;
}

export interface AuditRepo {
  add(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; default limit 50. */
  list(options?: AuditFilter & { limit?: number }): Promise<AuditEntry[]>;
}

// ── Channel health ──────────────────────────────────────────────────────────────────────────

export interface ChannelHealth {
  channel: ChannelAddress;
  failing: boolean;
  code: string | null;
  message: string | null;
  /** When the current failure began; null while healthy. */
  since: Date | null;
  updatedAt: Date;
}

export interface ChannelRepo {
  /**
   * Records that posting to the channel fails. True only for the call that moved the channel
   * from healthy (or unknown) to failing, so that admins are told once, even across replicas.
   */
  markFailing(channel: ChannelAddress, code: string, message: string, at: Date): Promise<boolean>;
  /** True only for the call that moved the channel from failing to healthy. */
  markHealthy(channel: ChannelAddress, at: Date): Promise<boolean>;
  get(channel: ChannelAddress): Promise<ChannelHealth | undefined>;
  /** Failing the longest first. */
  listFailing(): Promise<ChannelHealth[]>;
  /**
   * Moves a channel's chat schedules, tracking and health to a new address (a Slack channel gaining
   * its workspace), in one transaction. Config schedules are left to the config. Returns rows moved.
   */
  readdress(from: ChannelAddress, to: ChannelAddress): Promise<number>;
}

// ── Installations (Slack OAuth: one per workspace) ─────────────────────────────────────────

export interface Installation {
  platform: 'slack';
  /** The Slack team id (or enterprise id for an org-wide install). */
  workspace: string;
  workspaceName: string | null;
  /** Who installed the app: a manager of that workspace for Sitrep's purposes. */
  installerUserId: string | null;
  botUserId: string | null;
  /** What the platform returned at install, tokens included. Sealed at rest; never logged. */
  secret: Record<string, unknown>;
  installedAt: Date;
  updatedAt: Date;
}

export interface NewInstallation {
  platform: 'slack';
  workspace: string;
  workspaceName?: string | null;
  installerUserId?: string | null;
  botUserId?: string | null;
  secret: Record<string, unknown>;
  /** Default: now. */
  at?: Date;
}

export interface InstallationRepo {
  /** Inserts, or replaces a re-install (keeping the first `installedAt`). Throws without an encryption key. */
  save(installation: NewInstallation): Promise<Installation>;
  get(platform: 'slack', workspace: string): Promise<Installation | undefined>;
  /** False when there was none. */
  remove(platform: 'slack', workspace: string): Promise<boolean>;
  /** Oldest install first. */
  list(platform: 'slack'): Promise<Installation[]>;
}

// ── Seen requests (replay protection) ─────────────────────────────────────────────────────────

/** Signed platform requests already executed, shared by every replica for the signature window. */
export interface SeenRequestRepo {
  /**
   * Records `key` until `expiresAt`. True the first time; false when it is already recorded and
   * not yet expired (a replay, or the same request delivered to two replicas).
   */
  firstSeen(key: string, expiresAt: Date): Promise<boolean>;
}

// ── Console sign-in: one-time links and sessions ────────────────────────────────────────────

export interface NewSignInLink {
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  tokenHash: string;
  /** Who signs in with it, e.g. `slack:U0123`. */
  user: string;
  /** Who asked for it: the same user from chat, or `cli`. */
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export type RedeemResult = { ok: true; user: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface ConsoleSession {
  /** Public id (shown in the console, used to end it); not the cookie's secret. */
  id: string;
  user: string;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

export interface NewConsoleSession {
  id: string;
  /** SHA-256 (hex) of the cookie's secret. */
  secretHash: string;
  user: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsoleAuthRepo {
  addLink(link: NewSignInLink): Promise<void>;
  /**
   * Marks the link used if it is unused and unexpired at `now`, in one statement: of two
   * replicas redeeming the same link at once, one succeeds. Otherwise says why not.
   */
  redeemLink(tokenHash: string, now: Date): Promise<RedeemResult>;
  addSession(session: NewConsoleSession): Promise<ConsoleSession>;
  /** The session with this secret hash, if neither ended nor expired at `now`. */
  liveSession(secretHash: string, now: Date): Promise<ConsoleSession | undefined>;
  /** Sessions neither ended nor expired at `now`, newest first; of one user when given. */
  listLive(now: Date, user?: string): Promise<ConsoleSession[]>;
  /** False when there is no such live session. */
  endSession(id: string, at: Date): Promise<boolean>;
}
