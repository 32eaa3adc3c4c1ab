import { getRequestListener } from '@hono/node-server';
import type { HttpServer } from '../http/server.js';
import { type ConsoleAppOptions, createConsoleApp } from './app.js';
import type { ConsoleDeps } from './deps.js';

/** Mounts the console on the one HTTP listener, under /console. */
export function mountConsole(http: HttpServer, deps: ConsoleDeps, options: ConsoleAppOptions = {}): void {
  const app = createConsoleApp(deps, options);
  http.mountPrefix('/console', getRequestListener(app.fetch));
}
