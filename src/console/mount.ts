import type { HttpServer, RequestHandler } from '../http/server.js';
import type { ConsoleAppOptions } from './app.js';
import type { ConsoleDeps } from './deps.js';

/**
 * Mounts the console on the one HTTP listener, under /console. The console (Hono, its pages) is
 * loaded on the first request to it, not at start: most processes serve chat all day and never
 * render a page, and an idle bot should not carry what it does not use (docs/adr/0023).
 */
export function mountConsole(http: HttpServer, deps: ConsoleDeps, options: ConsoleAppOptions = {}): void {
  let loading: Promise<RequestHandler> | undefined;
  const load = async (): Promise<RequestHandler> => {
    const [{ getRequestListener }, { createConsoleApp }] = await Promise.all([
      import('@hono/node-server'),
      import('./app.js'),
    ]);
    return getRequestListener(createConsoleApp(deps, options).fetch);
  };
  http.mountPrefix('/console', async (req, res) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed load is tried again by the next request
      throw error;
    });
    await (await loading)(req, res);
  });
}
