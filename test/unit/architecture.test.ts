import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The core boundary: nothing under src/core/ may reach a chat platform, a database driver, the
 * logger implementation, or the adapters and store that wrap them. The core talks to the world
 * through its ports only, so it runs the same in Slack, Discord, the shell, the CLI and tests.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORE = path.join(ROOT, 'src', 'core');
const FORBIDDEN_DIRS = [path.join(ROOT, 'src', 'adapters'), path.join(ROOT, 'src', 'store')];

const FORBIDDEN_PACKAGES: Array<{ name: string; test: (specifier: string) => boolean }> = [
  { name: '@slack/*', test: (s) => s.startsWith('@slack/') },
  { name: 'discord.js', test: (s) => s === 'discord.js' || s.startsWith('discord.js/') },
  { name: '@discordjs/*', test: (s) => s.startsWith('@discordjs/') },
  { name: 'better-sqlite3', test: (s) => s === 'better-sqlite3' || s.startsWith('better-sqlite3/') },
  { name: 'pg', test: (s) => s === 'pg' || s.startsWith('pg/') || s.startsWith('pg-') },
  { name: 'kysely', test: (s) => s === 'kysely' || s.startsWith('kysely/') || s.startsWith('kysely-') },
  { name: 'pino', test: (s) => s === 'pino' || s.startsWith('pino/') || s.startsWith('pino-') },
];

/** Every module specifier a TypeScript file names: static imports and re-exports, side-effect imports, `import()`, `require()`. */
function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, // import x from 'a'; export { x } from 'a'
    /\bimport\s*['"]([^'"]+)['"]/g, // import 'a'
    /\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g, // import('a'), require('a'), import type x = import('a')
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (match[1]) found.push(match[1]);
  return found;
}

/** Why a specifier in `file` crosses the boundary, or undefined when it is fine. */
function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    const dir = FORBIDDEN_DIRS.find((d) => target === d || target.startsWith(`${d}${path.sep}`));
    return dir ? `imports ${path.relative(ROOT, dir)}/ (${specifier})` : undefined;
  }
  if (/^(\/|src\/)/.test(specifier) && /(^|\/)src\/(adapters|store)(\/|$)/.test(specifier))
    return `imports ${specifier}`;
  const banned = FORBIDDEN_PACKAGES.find((p) => p.test(specifier));
  return banned ? `imports ${banned.name} (${specifier})` : undefined;
}

/** Every import of `files` that `rule` objects to, as `file why`. */
function crossings(files: readonly string[], rule: (file: string, specifier: string) => string | undefined): string[] {
  return files.flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
      const why = rule(file, specifier);
      return why ? [`${path.relative(ROOT, file)} ${why}`] : [];
    }),
  );
}

/** The `.ts` file a relative specifier names. */
function resolveRelative(file: string, specifier: string): string {
  return path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [full] : [];
  });
}

describe('core boundary', () => {
  const files = filesUnder(CORE);

  it('reads every source file under src/core/', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const expected of ['commands/router.ts', 'story/load.ts', 'briefing/build.ts', 'ports.ts']) {
      expect(files).toContain(path.join(CORE, expected));
    }
  });

  it('no file under src/core/ imports a platform SDK, a database driver, pino, src/adapters or src/store', () => {
    expect(crossings(files, violation)).toEqual([]);
  });

  it('actually sees the imports (the check is not vacuous)', () => {
    const all = files.flatMap((file) => importSpecifiers(readFileSync(file, 'utf8')));
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContain('zod');
  });
});

/**
 * The adapters' boundary: an adapter sees the core only through its public surface (the ports,
 * the neutral message, the logger interface and the shared helpers), never a command's `run`, the
 * store interface or a view. It may not reach the store implementation either.
 */
const ADAPTERS = path.join(ROOT, 'src', 'adapters');
const CORE_SURFACE = ['ports.ts', 'message.ts', 'log.ts', 'helpers.ts'].map((f) => path.join(CORE, f));

/** Why a specifier in an adapter file crosses the adapters' boundary, or undefined when it is fine. */
function adapterViolation(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolveRelative(file, specifier);
  const store = path.join(ROOT, 'src', 'store');
  if (target === store || target.startsWith(`${store}${path.sep}`)) return `imports src/store/ (${specifier})`;
  if (!target.startsWith(`${CORE}${path.sep}`)) return undefined;
  return CORE_SURFACE.includes(target) ? undefined : `imports the core's internals (${specifier})`;
}

/** Relative imports of every file under `dir`, as a graph of absolute `.ts` paths. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of filesUnder(dir)) {
    const targets = importSpecifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveRelative(file, s));
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle a depth-first walk meets, each as `a.ts -> b.ts -> a.ts` relative to `dir`. */
function importCycles(graph: Map<string, string[]>, dir: string): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(dir, f)).join(' -> '));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('adapter boundary', () => {
  const files = filesUnder(ADAPTERS);

  it('reads every adapter', () => {
    for (const expected of ['slack/render.ts', 'discord/commands.ts', 'shell/transport.ts']) {
      expect(files).toContain(path.join(ADAPTERS, expected));
    }
  });

  it("no adapter imports the core's internals or the store: only ports, message, log and helpers", () => {
    expect(crossings(files, adapterViolation)).toEqual([]);
  });

  it('actually sees the adapters reaching the core surface (the check is not vacuous)', () => {
    const reached = new Set(
      files.flatMap((file) =>
        importSpecifiers(readFileSync(file, 'utf8'))
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveRelative(file, s)),
      ),
    );
    for (const surface of CORE_SURFACE) expect(reached, path.relative(ROOT, surface)).toContain(surface);
  });

  it('flags a command definition, a view, the store interface and the store; allows the surface', () => {
    const file = path.join(ADAPTERS, 'slack', 'example.ts');
    for (const bad of [
      '../../core/commands/types.js',
      '../../core/views/claim.js',
      '../../core/store.js',
      '../../store/db.js',
    ]) {
      expect(adapterViolation(file, bad), bad).toBeDefined();
    }
    for (const ok of [
      '../../core/ports.js',
      '../../core/message.js',
      '../../core/helpers.js',
      './render.js',
      '@slack/bolt',
    ]) {
      expect(adapterViolation(file, ok), ok).toBeUndefined();
    }
  });
});

describe('core imports', () => {
  it('form no cycle (types included): the ports do not depend on what depends on them', () => {
    expect(importCycles(importGraph(CORE), CORE)).toEqual([]);
  });

  it('the cycle check finds a cycle through a type import', () => {
    const a = path.join(CORE, 'a.ts');
    const b = path.join(CORE, 'b.ts');
    const c = path.join(CORE, 'c.ts');
    const graph = new Map([
      [a, [b]],
      [b, [c]],
      [c, [a]],
    ]);
    expect(importCycles(graph, CORE)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
    expect(importSpecifiers("type X = import('./a.js').A;")).toEqual(['./a.js']);
  });
});

describe('the boundary check itself', () => {
  const file = path.join(CORE, 'commands', 'example.ts');

  it('finds every form of import', () => {
    const source = [
      "import { App } from '@slack/bolt';",
      "import type { Client } from 'discord.js';",
      "import {\n  REST,\n  Routes,\n} from '@discordjs/rest';",
      "import Database from 'better-sqlite3';",
      "import * as pg from 'pg';",
      "export { Kysely } from 'kysely';",
      "import 'pino';",
      "const db = await import('../../store/db.js');",
      "const x = require('../../adapters/slack/render.js');",
      "type T = import('../../store/tables.js').Tables;",
      "import { fine } from '../message.js';",
      "import { z } from 'zod';",
    ].join('\n');
    const packages = ['@slack/bolt', 'discord.js', '@discordjs/rest', 'better-sqlite3', 'pg', 'kysely', 'pino'];
    const specifiers = importSpecifiers(source);
    expect(specifiers).toEqual(expect.arrayContaining(packages));
    const flagged = specifiers.filter((s) => violation(file, s) !== undefined);
    expect(flagged.sort()).toEqual(
      [...packages, '../../store/db.js', '../../adapters/slack/render.js', '../../store/tables.js'].sort(),
    );
  });

  it('allows the core, node built-ins and neutral libraries', () => {
    for (const ok of [
      '../message.js',
      './parse.js',
      '../../errors.js',
      'node:fs',
      'zod',
      'yaml',
      'luxon',
      'fastest-levenshtein',
      'pgp-lite',
      'pinot',
    ]) {
      expect(violation(file, ok), ok).toBeUndefined();
    }
    // `src/storefront` is not `src/store`.
    expect(violation(path.join(ROOT, 'src', 'core', 'x.ts'), '../storefront/a.js')).toBeUndefined();
  });
});
