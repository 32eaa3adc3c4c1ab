import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiff } from '../../../src/cli/diff.js';
import { FIXTURES } from './harness.js';

const fixture = (name: string) => path.join(FIXTURES, name);
/** `sitrep diff` of the harbour-strike fixture against its edited copy. */
const diffOfEdit = (format: 'text' | 'json') =>
  runDiff(fixture('harbour-strike.yaml'), fixture('harbour-strike.edited.yaml'), format);

describe('sitrep diff', () => {
  it('says nothing changed for a re-ordered file', async () => {
    const result = await runDiff(fixture('harbour-strike.yaml'), fixture('harbour-strike.reordered.yaml'), 'text');
    expect(result).toEqual({ exitCode: 0, output: 'harbour-strike: No changes.' });
  });

  it('lists exactly the changes as text', async () => {
    const { exitCode, output } = await diffOfEdit('text');
    expect(exitCode).toBe(0);
    expect(output.split('\n')).toEqual([
      'harbour-strike: claims: 1 changed, 1 added, 1 removed; actors: 1 changed; summary.headline changed',
      '',
      '~ claim strike-from-monday',
      '    status: reported → confirmed',
      '    confidence: medium → high',
      '    note: The union has not said how long the strike will last. → (none)',
      '+ claim authority-seeks-injunction: [reported] The harbour authority has asked a court to halt the strike.',
      '- claim ships-diverted: [reported] Some shipping lines may divert vessels to other ports.',
      '~ actor maria-lind',
      '    role: Union general secretary → Union president',
      expect.stringMatching(/^~ summary\.headline: Dock workers .* → Dock workers at Port Elling strike from Monday;/),
    ]);
  });

  it('gives JSON with old and new values', async () => {
    const { exitCode, output } = await diffOfEdit('json');
    expect(exitCode).toBe(0);
    const json = JSON.parse(output);
    expect(json.changed).toBe(true);
    expect(json.claims[0]).toEqual({
      id: 'strike-from-monday',
      change: 'changed',
      fields: [
        { field: 'status', before: 'reported', after: 'confirmed' },
        { field: 'confidence', before: 'medium', after: 'high' },
        { field: 'note', before: 'The union has not said how long the strike will last.', after: null },
      ],
    });
    expect(json.claims[1]).toMatchObject({
      id: 'authority-seeks-injunction',
      change: 'added',
      claim: { status: 'reported' },
    });
  });

  it('exits 1 with path:line:col lines for invalid or missing files', async () => {
    const broken = await runDiff(fixture('harbour-strike.yaml'), fixture('harbour-strike.broken.yaml'), 'text');
    expect(broken.exitCode).toBe(1);
    expect(broken.output).toMatch(/^.*harbour-strike\.broken\.yaml:65:13: claims\[1\]\.status: must be one of/);
    const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-diff-'));
    try {
      await writeFile(path.join(dir, 'bad.yaml'), 'id: harbour-strike\ntitle: [unclosed\n');
      const result = await runDiff(path.join(dir, 'missing.yaml'), path.join(dir, 'bad.yaml'), 'json');
      expect(result.exitCode).toBe(1);
      const lines = result.output.split('\n');
      expect(lines[0]).toBe(`${path.join(dir, 'missing.yaml')}:1:1: file not found`);
      expect(lines[1]).toMatch(
        new RegExp(`^${path.join(dir, 'bad.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML syntax`),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
