import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Core, createCore, recordOnlyDeliverer } from '../../src/compose.js';
import type { ConsoleAppOptions } from '../../src/console/app.js';
import { mountConsole } from '../../src/console/mount.js';
import type { Deliverer } from '../../src/core/delivery/types.js';
import type { Clock } from '../../src/core/ports.js';
import { HttpServer } from '../../src/http/server.js';
import { recordingLogger } from '../unit/core/commands/helpers.js';

export const EDITOR = 'slack:U0EDITOR';
export const ADMIN = 'slack:U0ADMIN';

export interface ConsoleHarnessOptions {
  /** Story files to copy in. */
  stories?: readonly string[];
  /** Stories given as text: `{ id, text }` written as `<id>.yaml`. */
  storyTexts?: ReadonlyArray<{ id: string; text: string }>;
  /** Extra config/sitrep.yaml lines (editors and admins are always there). */
  config?: string;
  publicUrl?: string;
  clock?: Clock;
  app?: ConsoleAppOptions;
  databaseUrl?: string;
  /** Where alerts go (default: the delivery log alone). */
  deliverer?: Deliverer;
}

export interface ConsoleHarness {
  core: Core;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  dir: string;
  briefingsDir: string;
  http: HttpServer;
  /** A fresh sign-in link for the user (an editor by default). */
  link(user?: string): Promise<string>;
  /** Signs the user in (an editor by default) as the browser would: the session cookie to send. */
  signIn(user?: string): Promise<string>;
  /** GETs a console page with `cookie`: its status and HTML. */
  page(path: string, cookie: string): Promise<{ status: number; html: string }>;
  close(): Promise<void>;
}

/** A real core and the console on the real HTTP server, on a free port of this machine. */
export async function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-console-'));
  const briefingsDir = path.join(dir, 'briefings');
  const configDir = path.join(dir, 'config');
  await mkdir(briefingsDir);
  await mkdir(configDir);
  for (const story of options.stories ?? []) await copyFile(story, path.join(briefingsDir, path.basename(story)));
  for (const story of options.storyTexts ?? [])
    await writeFile(path.join(briefingsDir, `${story.id}.yaml`), story.text);
  await writeFile(
    path.join(configDir, 'sitrep.yaml'),
    `editors: [${EDITOR}]\nadmins: [${ADMIN}]\n${options.config ?? ''}`,
  );
  const http = new HttpServer(recordingLogger());
  let origin = '';
  const core = await createCore({
    briefingsDir,
    configDir,
    databaseUrl: options.databaseUrl ?? `file:${path.join(dir, 'sitrep.db')}`,
    log: recordingLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
    consoleBaseUrl: () => options.publicUrl ?? origin,
    ...(options.deliverer ? { deliverer: options.deliverer } : {}),
  });
  await core.claims.syncAtStart();
  mountConsole(
    http,
    {
      signIn: core.signIn,
      catalog: core.catalog,
      services: core.router.services,
      commands: core.router,
      deliverer: options.deliverer ?? recordOnlyDeliverer(core.store),
      clock: core.clock,
      log: core.log,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    },
    options.app,
  );
  const port = await http.listen(0, '127.0.0.1');
  origin = `http://127.0.0.1:${port}`;
  const link = async (user = EDITOR) => {
    const issued = await core.signIn.issueLink(user, 'test');
    if (!issued.ok) throw new Error(issued.message);
    // Behind a public URL the harness is still reached directly.
    return issued.url.replace(options.publicUrl ?? origin, origin);
  };
  return {
    core,
    origin,
    dir,
    briefingsDir,
    http,
    link,
    async signIn(user = EDITOR) {
      const response = await fetch(await link(user), {
        method: 'POST',
        redirect: 'manual',
        headers: { origin },
      });
      return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    },
    async page(path, cookie) {
      const response = await fetch(`${origin}${path}`, { headers: { cookie } });
      return { status: response.status, html: await response.text() };
    },
    async close() {
      await http.close();
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The form token in a page's HTML. */
export function formTokenIn(html: string): string {
  const match = /name="_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no form token in the page');
  return match[1];
}
