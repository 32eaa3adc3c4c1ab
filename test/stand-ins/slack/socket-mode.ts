/**
 * Socket Mode side of the Slack stand-in (docs.slack.dev/apis/events-api/using-socket-mode):
 *  - apps.connections.open hands out a single-use `ws://…/link/?ticket=…&app_id=…` URL;
 *  - on connect the server sends `{type:"hello", num_connections, debug_info, connection_info:{app_id}}`;
 *  - payloads arrive as `{envelope_id, type, payload, accepts_response_payload}` and must be acknowledged
 *    with `{envelope_id, payload?}` (within 3 s for user-facing payloads);
 *  - the server may send `{type:"disconnect", reason:"refresh_requested"|"warning"|…, debug_info}`;
 *  - up to 10 concurrent connections per app.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SocketAck, SocketConnectionInfo } from './types.js';

export interface SocketHubConfig {
  appId: string;
  /** Base like `ws://127.0.0.1:PORT`. */
  wsBase: () => string;
  maxConnections: number;
  pingIntervalMs: number;
  disconnectGraceMs: number;
  ackTimeoutMs: number;
}

export interface EnvelopeOptions {
  acceptsResponsePayload?: boolean;
  timeoutMs?: number;
  /** Deliver on this connection instead of the next one in rotation. */
  connectionId?: number;
  retryAttempt?: number;
  retryReason?: string;
}

export interface SentEnvelope {
  envelope_id: string;
  type: string;
  payload: Record<string, unknown>;
  connectionId: number;
  at: number;
}

interface Pending {
  resolve: (ack: SocketAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  sentAt: number;
  connectionId: number;
}

const HOST = 'applink-stand-in-0';

export class SocketModeHub {
  readonly connections: SocketConnectionInfo[] = [];
  readonly acks: SocketAck[] = [];
  readonly envelopes: SentEnvelope[] = [];
  /** Messages from clients that were not acks of a pending envelope. */
  readonly strayMessages: unknown[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly live = new Map<number, WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextConnectionId = 1;
  private rotation = 0;
  private closed = false;

  constructor(private readonly cfg: SocketHubConfig) {}

  get openCount(): number {
    return this.live.size;
  }

  /** Issues a fresh single-use WebSocket URL (what apps.connections.open returns). */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.cfg.wsBase()}/link/?ticket=${ticket}&app_id=${this.cfg.appId}`;
  }

  /** Returns false when the request is not for the Socket Mode endpoint. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket');
    if (this.closed || !ticket || !this.tickets.delete(ticket)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    return true;
  }

  private onConnection(ws: WebSocket): void {
    const id = this.nextConnectionId++;
    const info: SocketConnectionInfo = { id, connectedAt: Date.now(), open: true };
    this.connections.push(info);
    ws.on('close', () => {
      info.open = false;
      info.closedAt = Date.now();
      this.live.delete(id);
    });
    ws.on('error', () => {
      /* client went away; the close handler does the bookkeeping */
    });
    ws.on('message', (data, isBinary) => this.onMessage(id, data.toString(), isBinary));
    if (this.live.size >= this.cfg.maxConnections) {
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets', debug_info: { host: HOST } }));
      ws.close(1008, 'too_many_websockets');
      return;
    }
    this.live.set(id, ws);
    if (this.cfg.pingIntervalMs > 0) {
      const t = setInterval(() => {
        if (ws.readyState === ws.OPEN) ws.ping(Buffer.from(`ping-${Date.now()}`));
      }, this.cfg.pingIntervalMs);
      t.unref();
      this.timers.add(t);
      ws.on('close', () => {
        clearInterval(t);
        this.timers.delete(t);
      });
    }
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.live.size,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.cfg.appId },
      }),
    );
  }

  private onMessage(connectionId: number, text: string, isBinary: boolean): void {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.strayMessages.push(text);
      return;
    }
    const envelopeId = (msg as { envelope_id?: unknown }).envelope_id;
    const pending = typeof envelopeId === 'string' ? this.pending.get(envelopeId) : undefined;
    if (!pending || typeof envelopeId !== 'string') {
      this.strayMessages.push(msg);
      return;
    }
    this.pending.delete(envelopeId);
    clearTimeout(pending.timer);
    const payload = (msg as { payload?: unknown }).payload;
    const ack: SocketAck = {
      envelope_id: envelopeId,
      payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined,
      connectionId,
      ms: Date.now() - pending.sentAt,
    };
    this.acks.push(ack);
    pending.resolve(ack);
  }

  /** Sends an envelope and resolves with the client's ack; rejects when no ack arrives in time. */
  sendEnvelope(type: string, payload: Record<string, unknown>, opts: EnvelopeOptions = {}): Promise<SocketAck> {
    const target = this.pickConnection(opts.connectionId);
    if (!target) return Promise.reject(new Error('Socket Mode: no open connection to deliver to (dispatch_failed)'));
    const [connectionId, ws] = target;
    const envelopeId = randomUUID();
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: opts.acceptsResponsePayload ?? false,
    };
    if (type === 'events_api') {
      envelope.retry_attempt = opts.retryAttempt ?? 0;
      envelope.retry_reason = opts.retryReason ?? '';
    }
    const timeoutMs = opts.timeoutMs ?? this.cfg.ackTimeoutMs;
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`Socket Mode: envelope ${envelopeId} (${type}) was not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve, reject, timer, sentAt: Date.now(), connectionId });
      this.envelopes.push({ envelope_id: envelopeId, type, payload, connectionId, at: Date.now() });
      ws.send(JSON.stringify(envelope));
    });
  }

  private pickConnection(connectionId?: number): [number, WebSocket] | undefined {
    if (connectionId !== undefined) {
      const ws = this.live.get(connectionId);
      return ws ? [connectionId, ws] : undefined;
    }
    const entries = [...this.live.entries()];
    if (entries.length === 0) return undefined;
    const picked = entries[this.rotation % entries.length];
    this.rotation += 1;
    return picked;
  }

  /**
   * Sends `{type:"disconnect", reason}` to open connections (all, or one) and closes them after the
   * grace period, as Slack does when it recycles a connection.
   */
  disconnect(reason = 'refresh_requested', connectionId?: number): number[] {
    const targets = [...this.live.entries()].filter(([id]) => connectionId === undefined || id === connectionId);
    for (const [, ws] of targets) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1001, reason);
      }, this.cfg.disconnectGraceMs);
      t.unref();
      this.timers.add(t);
    }
    return targets.map(([id]) => id);
  }

  /** Abruptly drops connections (no disconnect message), like a network failure. */
  dropConnections(): void {
    for (const ws of this.live.values()) ws.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`Socket Mode stand-in closed before envelope ${id} was acknowledged`));
    }
    this.pending.clear();
    // Let close handshakes the clients already started finish (briefly), then drop everything.
    const closing = [...this.wss.clients].filter((ws) => ws.readyState === ws.CLOSING);
    if (closing.length > 0) {
      await Promise.race([
        Promise.all(closing.map((ws) => new Promise((r) => ws.once('close', r)))),
        new Promise((r) => setTimeout(r, 500)),
      ]);
    }
    for (const ws of this.wss.clients) ws.terminate();
    for (const ws of this.live.values()) ws.terminate();
    this.live.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
