import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, editFile, type Harness, messageText, openHarness } from './harness.js';

/**
 * Stories live in the database; the story file is an import and, with BRIEFINGS_WRITEBACK on, a
 * copy written back. `/sitrep set` named the file as saved even when writeback was off.
 */

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the answer to /sitrep set', () => {
  it('names the file when the change was written back to it', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    const reply = messageText(await ask(h, 'set lind-calls-for-talks status=confirmed'));
    expect(reply).toContain(
      'Saved as revision 2 of harbour-strike and written to harbour-strike.yaml; channels tracking it are alerted.',
    );
    expect(await readFile(h.file, 'utf8')).toContain('status: confirmed');
  });

  it('names the file it left alone because it holds an edit that is not valid yet, which is kept', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    // Half-way through an edit in the file: a claim's status is not one yet.
    await editFile(h.file, (t) => t.replace('status: disputed', 'status: disput'));
    const halfFixed = await readFile(h.file, 'utf8');
    const reply = messageText(await ask(h, 'set lind-calls-for-talks status=confirmed'));
    expect(reply).toContain(
      'Saved as revision 2 of harbour-strike; channels tracking it are alerted. harbour-strike.yaml was left as it is: it holds edits that are not valid yet',
    );
    expect(await readFile(h.file, 'utf8')).toBe(halfFixed);
  });

  it('warns whoever confirms a claim that its source hedged, and not one stated firmly', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    const firm = messageText(await ask(h, 'set lind-calls-for-talks status=confirmed'));
    expect(firm).not.toContain('⚠');
    const hedged = messageText(await ask(h, 'set lind-calls-for-talks hedging=hedged'));
    expect(hedged).toContain(
      '⚠ lind-calls-for-talks is confirmed, but its hedging is hedged. A claim is confirmed only when its source states it as fact or a confirming source is named',
    );
  });

  it('with writeback off, says where the change was saved and names no file', async () => {
    h = await openHarness({ writeback: false });
    await h.claims.syncAtStart();
    const before = await readFile(h.file, 'utf8');
    const reply = messageText(await ask(h, 'set lind-calls-for-talks status=confirmed'));
    expect(reply).toContain('Saved as revision 2 of harbour-strike; channels tracking it are alerted.');
    expect(reply).not.toContain('.yaml');
    expect(await readFile(h.file, 'utf8')).toBe(before);
  });
});
