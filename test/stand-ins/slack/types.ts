/**
 * Types shared by the Slack stand-in. Shapes follow Slack's public documentation
 * (docs.slack.dev): Web API envelope, message objects, Socket Mode envelopes, response_url bodies.
 */

/** One simulated workspace (team) with the bot token the app was installed with. */
export interface WorkspaceConfig {
  teamId: string;
  botToken: string;
  teamName?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  /** Who approves an OAuth install of the app in this workspace. */
  installerUserId?: string;
  /** If given, only these channels exist in this workspace (a channel id belongs to one workspace). */
  channels?: string[];
}

export interface ResolvedWorkspace {
  teamId: string;
  botToken: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  installerUserId: string;
  channels?: string[];
}

export interface SlackStandInOptions {
  /** The app's OAuth credentials, checked by oauth.v2.access. Default client `1111.2222`, secret `stand-in-client-secret`. */
  oauth?: { clientId: string; clientSecret: string };
  /** Workspaces the app is installed in. Default: one workspace T0000TEST with token `xoxb-test`. */
  workspaces?: WorkspaceConfig[];
  /** App-level token (`xapp-…`) accepted by apps.connections.open. Default `xapp-test`. */
  appToken?: string;
  /** The app's id, sent as `api_app_id` / `connection_info.app_id`. Default `A0000TEST`. */
  appId?: string;
  /** Deprecated verification token sent as `token` in slash command / interactive bodies. */
  verificationToken?: string;
  /** If given, only these channel ids exist; anything else answers `channel_not_found`. */
  channels?: string[];
  /** chat.postMessage per-channel limit: at most `burst` messages per `windowMs`. Default 1 per 1000 ms. */
  postMessageBurst?: number;
  postMessageWindowMs?: number;
  /** Optional per-workspace, per-method budgets (requests per minute) answered with HTTP 429 beyond. */
  methodBudgetPerMinute?: Record<string, number>;
  /** Slack allows up to 10 concurrent Socket Mode connections per app. */
  maxSocketConnections?: number;
  /** Interval of server→client WebSocket pings (Slack pings its clients). 0 disables. Default 10 s. */
  socketPingIntervalMs?: number;
  /** After sending `disconnect`, how long the stand-in keeps the old socket open. Default 2000 ms. */
  disconnectGraceMs?: number;
  /** How long Slack waits for an HTTP ack or a Socket Mode ack. Default 3000 ms (Slack's limit). */
  ackTimeoutMs?: number;
}

/** Every Web API request the stand-in answered. */
export interface RecordedRequest {
  method: string;
  status: number;
  ok: boolean;
  error?: string;
  /** Parsed arguments (JSON bodies as-is; form bodies as strings, with blocks/metadata JSON-decoded). */
  body: Record<string, unknown>;
  contentType: string;
  team?: string;
  channel?: string;
  at: number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as stored in a channel's history. */
export interface StoredMessage {
  type: 'message';
  team: string;
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  edited?: { user: string; ts: string };
  /** How the message got into the channel. */
  via: 'chat.postMessage' | 'response_url';
}

export interface PostedMessage {
  team: string;
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  metadata: MessageMetadata | undefined;
  thread_ts: string | undefined;
  args: Record<string, unknown>;
  at: number;
}

/** A chat.update call: the same record as a post's, but an update cannot move a message into a thread. */
export type UpdatedMessage = Omit<PostedMessage, 'thread_ts'>;

export interface EphemeralMessage {
  team: string;
  channel: string;
  user: string;
  message_ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  args: Record<string, unknown>;
  at: number;
}

/** Something the app sent back for a user interaction: via response_url, the HTTP ack body, or a socket ack. */
export interface RecordedResponse {
  responseId: string;
  source: 'response_url' | 'http_ack' | 'socket_ack';
  body: Record<string, unknown>;
  text: string | undefined;
  blocks: unknown[] | undefined;
  response_type: 'ephemeral' | 'in_channel';
  replace_original: boolean;
  delete_original: boolean;
  status: number;
  at: number;
}

export type ChannelFailure = { kind: 'error'; error: string } | { kind: 'status'; status: number };

export interface SocketAck {
  envelope_id: string;
  /** The `payload` the client sent with its ack, if any. */
  payload: Record<string, unknown> | undefined;
  connectionId: number;
  ms: number;
}

export interface SocketConnectionInfo {
  id: number;
  connectedAt: number;
  open: boolean;
  closedAt?: number;
}

export interface HttpDeliveryResult {
  /** The HTTP status the app answered with; 0 when it did not answer within the ack timeout. */
  status: number;
  body: string;
  headers: Record<string, string>;
  timedOut: boolean;
  /** Id under which later response_url posts (and the ack body) are recorded. */
  responseId: string;
  responseUrl: string;
  /** The exact raw body that was signed and sent. */
  sentBody: string;
  /** Headers that were sent (including X-Slack-Signature / X-Slack-Request-Timestamp). */
  sentHeaders: Record<string, string>;
}
