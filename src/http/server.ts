import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  path: string;
  handler: RequestHandler;
}

/**
 * One HTTP listener for everything inbound: `/slack/events`, `/discord/interactions`, `/healthz`,
 * `/metrics`, and the editors' console under `/console`. Adapters mount their transport here; the
 * server only routes.
 */
export class HttpServer {
  private readonly routes: Route[] = [];
  private readonly prefixes: Array<{ prefix: string; handler: RequestHandler }> = [];
  private server: Server | undefined;

  constructor(private readonly log: Logger) {}

  mount(method: string, path: string, handler: RequestHandler): void {
    this.routes.push({ method: method.toUpperCase(), path, handler });
  }

  /** Every method on `prefix` and below it (the console's own router takes it from there). */
  mountPrefix(prefix: string, handler: RequestHandler): void {
    this.prefixes.push({ prefix, handler });
  }

  get hasRoutes(): boolean {
    return this.routes.length > 0 || this.prefixes.length > 0;
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    this.server = createServer((req, res) => void this.route(req, res));
    // Slack and Discord give up after 3 s; a stuck request must not hold a socket for minutes.
    this.server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const matches = this.routes.filter((r) => r.path === path);
    const route =
      matches.find((r) => r.method === req.method) ??
      (matches.length === 0
        ? this.prefixes.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`))
        : undefined);
    if (!route) {
      res.writeHead(matches.length > 0 ? 405 : 404, { 'content-type': 'text/plain' });
      res.end(matches.length > 0 ? 'method not allowed' : 'not found');
      return;
    }
    try {
      await route.handler(req, res);
    } catch (error) {
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      if (!res.writableEnded) res.end('internal error');
    }
  }
}

/** Reads a request body as text, bounded (platform payloads are small; a huge body is refused). */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
