// Gateway stand-in (discord.com/developers/docs/events/gateway): HELLO → IDENTIFY → READY,
// HEARTBEAT/ACK, RESUME with replay of missed dispatches, optional zlib-stream / identify compression.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createDeflate, type Deflate, deflateSync, constants as zlibConstants } from 'node:zlib';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { Json } from './fixtures.js';
import { randomToken } from './fixtures.js';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export interface GatewayConfig {
  token: string;
  heartbeatIntervalMs: number;
  applicationId: string;
  applicationFlags: number;
  botUser: Json;
  /** Base ws URL, e.g. ws://127.0.0.1:PORT (no trailing slash). */
  baseUrl: () => string;
}

export interface IdentifyRecord {
  at: number;
  intents: unknown;
  shard: unknown;
  properties: unknown;
  compress: boolean;
  sessionId: string;
}

export interface ResumeRecord {
  at: number;
  sessionId: string;
  seq: number | null;
  ok: boolean;
  replayed: number;
}

export interface ConnectionRecord {
  at: number;
  path: string;
  query: Record<string, string>;
  compression: 'zlib-stream' | null;
  closedWith?: { code: number; reason: string; by: 'server' | 'client' };
}

interface Session {
  id: string;
  seq: number;
  log: Array<{ s: number; t: string; d: unknown }>;
  conn: Conn | null;
  shard: unknown;
}

interface Conn {
  ws: WebSocket;
  record: ConnectionRecord;
  deflate: Deflate | null;
  identifyCompress: boolean;
  session: Session | null;
  chain: Promise<void>;
}

export class StandInGateway extends EventEmitter {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly connections: ConnectionRecord[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  heartbeats = 0;
  /** All dispatches sent (including replays), in order. */
  readonly dispatched: Array<{ s: number; t: string; d: unknown; replay: boolean }> = [];
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;
  private readonly conns = new Set<Conn>();

  constructor(private readonly config: GatewayConfig) {
    super();
    this.setMaxListeners(100);
  }

  get sessionId(): string | null {
    return this.current?.id ?? null;
  }

  /** True when a socket is identified/resumed on the current session. */
  get connected(): boolean {
    return this.current?.conn?.ws.readyState === 1;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (!url.pathname.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const query = Object.fromEntries(url.searchParams);
    const compression = query.compress === 'zlib-stream' ? 'zlib-stream' : null;
    const record: ConnectionRecord = { at: Date.now(), path: url.pathname, query, compression };
    this.connections.push(record);
    const conn: Conn = {
      ws,
      record,
      deflate: compression ? createDeflate() : null,
      identifyCompress: false,
      session: null,
      chain: Promise.resolve(),
    };
    this.conns.add(conn);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code, reason) => {
      record.closedWith ??= { code, reason: reason.toString(), by: 'client' };
      this.conns.delete(conn);
      if (conn.session?.conn === conn) conn.session.conn = null;
      conn.deflate?.close();
      this.emit('close', record);
    });
    ws.on('error', () => {});
    if (query.v && query.v !== '10') {
      this.closeConn(conn, 4012, 'Invalid API version');
      return;
    }
    if (query.encoding && query.encoding !== 'json') {
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    this.send(conn, {
      op: GatewayOp.Hello,
      d: { heartbeat_interval: this.config.heartbeatIntervalMs, _trace: ['stand-in'] },
    });
    this.emit('connection', record);
  }

  private closeConn(conn: Conn, code: number, reason: string): void {
    conn.record.closedWith ??= { code, reason, by: 'server' };
    conn.ws.close(code, reason);
  }

  private send(conn: Conn, payload: GatewayPayload): void {
    const json = JSON.stringify(payload);
    conn.chain = conn.chain.then(
      () =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState !== 1) return resolve();
          if (conn.deflate) {
            const deflate = conn.deflate;
            const chunks: Buffer[] = [];
            const onData = (c: Buffer) => chunks.push(c);
            deflate.on('data', onData);
            deflate.write(json);
            deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
              deflate.off('data', onData);
              if (conn.ws.readyState === 1) conn.ws.send(Buffer.concat(chunks), { binary: true });
              resolve();
            });
          } else if (conn.identifyCompress) {
            conn.ws.send(deflateSync(json), { binary: true }, () => resolve());
          } else {
            conn.ws.send(json, () => resolve());
          }
        }),
    );
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    let payload: GatewayPayload;
    try {
      if (isBinary) throw new Error('binary frames are not accepted');
      payload = JSON.parse(data.toString()) as GatewayPayload;
    } catch {
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const d = (payload.d ?? {}) as Json;
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        this.heartbeats++;
        this.send(conn, { op: GatewayOp.HeartbeatAck });
        this.emit('heartbeat', payload.d);
        return;
      case GatewayOp.Identify:
        this.onIdentify(conn, d);
        return;
      case GatewayOp.Resume:
        this.onResume(conn, d);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestGuildMembers:
        if (!conn.session) this.closeConn(conn, 4003, 'Not authenticated.');
        return;
      default:
        this.closeConn(conn, 4001, 'Unknown opcode.');
    }
  }

  /**
   * Whether an IDENTIFY or RESUME may go on: not on a connection that already has a session, nor
   * with another token (Discord closes the connection with 4005 or 4004).
   */
  private admits(conn: Conn, d: Json): boolean {
    if (conn.session) {
      this.closeConn(conn, 4005, 'Already authenticated.');
      return false;
    }
    if (d.token !== this.config.token) {
      this.closeConn(conn, 4004, 'Authentication failed.');
      return false;
    }
    return true;
  }

  private onIdentify(conn: Conn, d: Json): void {
    if (!this.admits(conn, d)) return;
    if (typeof d.intents !== 'number') {
      this.closeConn(conn, 4013, 'Invalid intent(s).');
      return;
    }
    const session: Session = { id: randomToken(16), seq: 0, log: [], conn, shard: d.shard ?? [0, 1] };
    this.sessions.set(session.id, session);
    this.current = session;
    conn.session = session;
    conn.identifyCompress = d.compress === true && !conn.deflate;
    const record: IdentifyRecord = {
      at: Date.now(),
      intents: d.intents,
      shard: d.shard,
      properties: d.properties,
      compress: d.compress === true,
      sessionId: session.id,
    };
    this.identifies.push(record);
    this.emit('identify', record);
    this.dispatch('READY', {
      v: 10,
      user: this.config.botUser,
      guilds: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: `${this.config.baseUrl()}/gateway-resume`,
      shard: session.shard,
      application: { id: this.config.applicationId, flags: this.config.applicationFlags },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: [],
      _trace: ['["stand-in-gateway",{"micros":0}]'],
    });
    this.emit('ready', session.id);
  }

  private onResume(conn: Conn, d: Json): void {
    if (!this.admits(conn, d)) return;
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : null;
    if (!session) {
      this.resumes.push({ at: Date.now(), sessionId: String(d.session_id), seq, ok: false, replayed: 0 });
      this.send(conn, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    if (session.conn && session.conn !== conn) this.closeConn(session.conn, 4009, 'Session timed out.');
    session.conn = conn;
    conn.session = session;
    this.current = session;
    const missed = session.log.filter((e) => seq === null || e.s > seq);
    for (const e of missed) {
      this.dispatched.push({ ...e, replay: true });
      this.send(conn, { op: GatewayOp.Dispatch, s: e.s, t: e.t, d: e.d });
    }
    const record: ResumeRecord = { at: Date.now(), sessionId: session.id, seq, ok: true, replayed: missed.length };
    this.resumes.push(record);
    this.emit('resume', record);
    session.seq++;
    this.send(conn, { op: GatewayOp.Dispatch, s: session.seq, t: 'RESUMED', d: { _trace: ['stand-in'] } });
    this.emit('resumed', record);
  }

  /**
   * Dispatch an event (op 0) on the current session. Delivered now if connected;
   * otherwise kept in the session log and replayed on RESUME.
   */
  dispatch(t: string, d: unknown): number {
    const session = this.current;
    if (!session) throw new Error(`stand-in gateway: no session to dispatch ${t} on (has the client identified?)`);
    session.seq++;
    const entry = { s: session.seq, t, d };
    if (t !== 'READY') session.log.push(entry);
    if (session.conn && session.conn.ws.readyState === 1) {
      this.dispatched.push({ ...entry, replay: false });
      this.send(session.conn, { op: GatewayOp.Dispatch, s: entry.s, t, d });
    }
    return entry.s;
  }

  /** Close the current session's socket. Default code 4000 (resumable); `terminate` drops TCP (client sees 1006). */
  async dropConnection(opts: { code?: number; reason?: string; terminate?: boolean } = {}): Promise<void> {
    const conn = this.current?.conn ?? [...this.conns].at(-1);
    if (!conn) throw new Error('stand-in gateway: no open connection to drop');
    const closed = new Promise<void>((resolve) => conn.ws.once('close', () => resolve()));
    if (opts.terminate) {
      conn.record.closedWith = { code: 1006, reason: 'terminated', by: 'server' };
      conn.ws.terminate();
    } else {
      this.closeConn(conn, opts.code ?? 4000, opts.reason ?? 'Unknown error.');
    }
    await closed;
  }

  /** op 7 RECONNECT: the client should close and resume. */
  requestReconnect(): void {
    const conn = this.current?.conn;
    if (conn) this.send(conn, { op: GatewayOp.Reconnect, d: null });
  }

  /** op 9 INVALID_SESSION; when not resumable the session is forgotten (client must re-identify). */
  invalidateSession(resumable = false): void {
    const session = this.current;
    if (!session?.conn) return;
    const conn = session.conn;
    if (!resumable) {
      this.sessions.delete(session.id);
      this.current = null;
      conn.session = null;
      session.conn = null;
    }
    this.send(conn, { op: GatewayOp.InvalidSession, d: resumable });
  }

  /** Terminate every socket and stop accepting upgrades. */
  async shutdown(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
