import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderText } from '../../../../src/adapters/shell/render.js';
import { type Core, createCore } from '../../../../src/compose.js';
import type { Logger } from '../../../../src/core/log.js';
import type { OutgoingMessage } from '../../../../src/core/message.js';
import type { Caller } from '../../../../src/core/ports.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { loadStoryFile } from '../../../../src/core/story/load.js';

/** Shared by the foundation tests (story, commands, briefing, shell, cli). */

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The story the bot ships with. */
export const SHIPPED_STORY = path.join(ROOT, 'briefings', 'kim-putin-summit.yaml');
/** A second story in the same format, with nothing in common with the first. */
export const SYNTHETIC_STORY = path.join(ROOT, 'test', 'fixtures', 'stories-synthetic', 'rio-claro-dam.yaml');
export const BROKEN_DIR = path.join(ROOT, 'test', 'fixtures', 'broken');

export async function loadView(file: string): Promise<StoryView> {
  const result = await loadStoryFile(file);
  if (!result.ok) throw new Error(`${file} is invalid: ${JSON.stringify(result.problems)}`);
  return new StoryView(result.story, result.source);
}

/** What a person sees: the message as the shell (and `ask --format text`) prints it. */
export function seen(message: Omit<OutgoingMessage, 'visibility'>): string {
  return renderText({ visibility: 'private', ...message });
}

export const SHELL_CALLER: Caller = { platform: 'shell', userId: 'tester', channel: 'shell:local' };

/** A logger that remembers errors: the router logs every unexpected failure there. */
export function recordingLogger(): Logger & { errors: object[] } {
  const errors: object[] = [];
  const log: Logger & { errors: object[] } = {
    errors,
    debug() {},
    info() {},
    warn() {},
    error(fields) {
      errors.push(fields);
    },
    child() {
      return log;
    },
  };
  return log;
}

export interface TestCore {
  core: Core;
  dir: string;
  briefingsDir: string;
  log: Logger & { errors: object[] };
  /** Runs `/sitrep <text>` as a shell user; returns the answer. */
  handle(text: string, caller?: Caller): Promise<OutgoingMessage>;
  /** The same, as the text a person reads. */
  ask(text: string, caller?: Caller): Promise<string>;
  dispose(): Promise<void>;
}

/** A real core (`createCore`) on a temporary directory holding copies of the given stories. */
export async function openTestCore(stories: readonly string[]): Promise<TestCore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-core-'));
  const briefingsDir = path.join(dir, 'briefings');
  const configDir = path.join(dir, 'config');
  await mkdir(briefingsDir);
  await mkdir(configDir);
  for (const story of stories) await copyFile(story, path.join(briefingsDir, path.basename(story)));
  const log = recordingLogger();
  const core = await createCore({ briefingsDir, configDir, databaseUrl: `file:${path.join(dir, 'sitrep.db')}`, log });
  const handle = (text: string, caller: Caller = SHELL_CALLER) => core.router.handle({ text, caller });
  return {
    core,
    dir,
    briefingsDir,
    log,
    handle,
    ask: async (text, caller) => seen(await handle(text, caller)),
    async dispose() {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A stack trace frame, as Node prints them: "    at fn (file:1:2)". */
export const STACK_FRAME = /^\s+at .+/m;

/** The pick list the shipped story gives for "john" (its two Johns), a pick running `command` with `{choice}` filled in. */
export function johnChoices(command: string) {
  return {
    type: 'choices',
    placeholder: 'Which “john”?',
    command,
    choices: [
      { label: 'John Kirby', detail: 'National Security Council spokesman', value: 'john-kirby' },
      { label: 'John Everard', detail: 'Former UK ambassador to North Korea', value: 'john-everard' },
    ],
  };
}
