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
    const problems = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const why = violation(file, specifier);
        return why ? [`${path.relative(ROOT, file)} ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('actually sees the imports (the check is not vacuous)', () => {
    const all = files.flatMap((file) => importSpecifiers(readFileSync(file, 'utf8')));
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContain('zod');
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
    const specifiers = importSpecifiers(source);
    expect(specifiers).toEqual(
      expect.arrayContaining([
        '@slack/bolt',
        'discord.js',
        '@discordjs/rest',
        'better-sqlite3',
        'pg',
        'kysely',
        'pino',
      ]),
    );
    const flagged = specifiers.filter((s) => violation(file, s) !== undefined);
    expect(flagged.sort()).toEqual(
      [
        '@slack/bolt',
        'discord.js',
        '@discordjs/rest',
        'better-sqlite3',
        'pg',
        'kysely',
        'pino',
        '../../store/db.js',
        '../../adapters/slack/render.js',
        '../../store/tables.js',
      ].sort(),
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
