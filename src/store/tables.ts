import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Clock } from '../core/ports.js';

/**
 * The database as Kysely sees it, and the few value conversions that differ between dialects.
 *
 * Instants: `timestamptz` on Postgres, ISO-8601 UTC text (`Date#toISOString()`, fixed width, so
 * text order is time order) on SQLite. Both accept the ISO string as a parameter, so repositories
 * always write `iso(date)`; Postgres reads back a `Date`, SQLite a string; `toDate` takes either.
 *
 * Booleans: `boolean` on Postgres, 0/1 integers on SQLite; repositories write `ctx.bool(b)`.
 */

/** Written as an ISO string, read as a Date (Postgres) or an ISO string (SQLite). */
export type Instant = ColumnType<Date | string, string, string>;
export type NullableInstant = ColumnType<Date | string | null, string | null, string | null>;
export type Flag = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface SchedulesTable {
  id: string;
  channel: string;
  story: string | null;
  spec: string;
  timezone: string;
  tier: string;
  origin: string;
  created_by: string | null;
  created_at: Instant;
  paused: Flag;
  paused_reason: string | null;
  anchor: Instant;
}

export interface DeliveriesTable {
  id: string;
  kind: string;
  channel: string;
  story: string | null;
  schedule_id: string | null;
  slot_key: string | null;
  revision_id: number | null;
  status: string;
  late: Flag;
  attempts: number;
  message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  payload: string | null;
  due_at: Instant;
  lease_owner: string | null;
  lease_until: NullableInstant;
  created_at: Instant;
  sent_at: NullableInstant;
  /** The alert thread this delivery belongs to (`claim:<story>/<id>`), if its channel threads alerts. */
  thread: string | null;
}

export interface TrackingTable {
  channel: string;
  kind: string;
  target: string;
  story: string;
  created_by: string | null;
  created_at: Instant;
  thread: Flag;
}

export interface AlertThreadsTable {
  channel: string;
  thread: string;
  root_message_id: string;
  created_at: Instant;
}

export interface RevisionsTable {
  id: Generated<number>;
  story: string;
  parent_id: number | null;
  hash: string;
  content: string;
  story_json: string | null;
  /** JSON `{ content, json }` of `[hash, length]` pairs; null for a revision stored whole. */
  chunks: string | null;
  author: string;
  via: string;
  reference: string | null;
  created_at: Instant;
  alerts_planned: Flag;
}

export interface RevisionChunksTable {
  hash: string;
  body: string;
}

export interface PendingChangesTable {
  id: Generated<number>;
  story: string;
  base_revision: number | null;
  author: string;
  via: string;
  reference: string | null;
  change: string;
  reason: string;
  status: string;
  created_at: Instant;
  decided_by: string | null;
  decided_at: NullableInstant;
  revision_id: number | null;
}

export interface FileSyncsTable {
  instance: string;
  story: string;
  revision_id: number;
  text_hash: string;
  updated_at: Instant;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  actor: string;
  via: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
}

export interface ChannelHealthTable {
  channel: string;
  failing: Flag;
  code: string | null;
  message: string | null;
  since: NullableInstant;
  updated_at: Instant;
}

export interface InstallationsTable {
  platform: string;
  workspace: string;
  workspace_name: string | null;
  installer_user_id: string | null;
  bot_user_id: string | null;
  secret: string;
  installed_at: Instant;
  updated_at: Instant;
}

export interface SeenRequestsTable {
  key: string;
  expires_at: Instant;
}

export interface ConsoleLinksTable {
  token_hash: string;
  user_id: string;
  created_by: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: NullableInstant;
}

export interface ConsoleSessionsTable {
  id: string;
  secret_hash: string;
  user_id: string;
  created_at: Instant;
  expires_at: Instant;
  ended_at: NullableInstant;
}

export interface ProposalBatchesTable {
  id: Generated<number>;
  story: string;
  base_revision: number | null;
  address: string;
  title: string | null;
  /** JSON of the drafted story's skeleton, for a batch that drafts a new story. */
  draft_story: string | null;
  created_by: string;
  created_at: Instant;
}

export interface ProposalsTable {
  id: Generated<number>;
  batch_id: number;
  story: string;
  local_id: string;
  kind: string;
  /** The proposal as JSON. */
  body: string;
  status: string;
  decided_by: string | null;
  decided_at: NullableInstant;
  revision_id: number | null;
}

export interface Database {
  seen_requests: SeenRequestsTable;
  installations: InstallationsTable;
  schedules: SchedulesTable;
  deliveries: DeliveriesTable;
  tracking: TrackingTable;
  alert_threads: AlertThreadsTable;
  revisions: RevisionsTable;
  revision_chunks: RevisionChunksTable;
  audit_log: AuditLogTable;
  channel_health: ChannelHealthTable;
  pending_changes: PendingChangesTable;
  file_syncs: FileSyncsTable;
  console_links: ConsoleLinksTable;
  console_sessions: ConsoleSessionsTable;
  proposal_batches: ProposalBatchesTable;
  proposals: ProposalsTable;
}

export type Dialect = 'sqlite' | 'postgres';

/** What every repository is built from. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** A boolean as this dialect stores it. */
  bool(value: boolean): boolean | number;
  /**
   * Postgres: LISTEN on `channel` with a dedicated connection, calling `onMessage` with each
   * payload (reconnecting when the connection drops). Absent on SQLite.
   */
  listen?: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>;
  /** Postgres: a name that keeps this schema's notifications apart from other schemas' (`public` otherwise). */
  readonly namespace: string;
}

export function createContext(
  db: Kysely<Database>,
  dialect: Dialect,
  clock: Clock,
  extra: Pick<StoreContext, 'listen'> & { namespace?: string } = {},
): StoreContext {
  return {
    db,
    dialect,
    clock,
    namespace: extra.namespace ?? 'public',
    ...(extra.listen ? { listen: extra.listen } : {}),
    bool: dialect === 'sqlite' ? (value) => (value ? 1 : 0) : (value) => value,
  };
}

export function iso(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date given to the store');
  return date.toISOString();
}

export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

export function toBool(value: boolean | number): boolean {
  return value === true || value === 1;
}

/** Counts come back as strings (Postgres bigint) or numbers (SQLite). */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value == null ? 0 : Number(value);
}

/** Rows changed by an update/delete/insert result. */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number {
  if (!result) return 0;
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
