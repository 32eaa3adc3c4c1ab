import { afterEach, describe, expect, it } from 'vitest';
import { storyHash } from '../../../src/core/claims/canonical.js';
import { sinceLastBriefing } from '../../../src/core/claims/since-last.js';
import { parseStory } from '../../../src/core/story/load.js';
import { ask, editFile, type Harness, messageText, openHarness } from './harness.js';

let h: Harness;

afterEach(async () => {
  await h.close();
});

/**
 * Edits the story file and syncs it: one revision with three changes (a claim stops naming
 * maria-lind, another is retracted, her role changes).
 */
async function syncThreeChanges(): Promise<void> {
  await editFile(h.file, (t) =>
    t
      .replace('about: [maria-lind, dock-union]', 'about: [dock-union]')
      .replace('status: disputed', 'status: retracted')
      .replace('role: Union general secretary', 'role: Union president'),
  );
  await h.claims.syncFile(h.file);
}

describe('tracking and alerts', () => {
  it('track validates ids, accepts fuzzy actor names, and tracking lists config entries as managed by config', async () => {
    h = await openHarness({ tracking: [{ channel: 'slack:CA', track: 'story harbour-strike' }] });
    await h.claims.syncAtStart();
    const channel = 'slack:CA';
    expect(messageText(await ask(h, 'track actor maria lnd', { channel }))).toContain('actor Maria Lind (maria-lind)');
    expect(messageText(await ask(h, 'track claim no-such-claim', { channel }))).toMatch(
      /No claim with id "no-such-claim"/,
    );
    expect(messageText(await ask(h, 'track claim ships-diverted', { channel }))).toContain('now gets an alert');
    expect(messageText(await ask(h, 'track claim ships-diverted', { channel }))).toContain('already tracks');
    const list = messageText(await ask(h, 'tracking', { channel }));
    expect(list).toContain('actor Maria Lind (maria-lind) in harbour-strike (added by slack:UADMIN)');
    expect(list).toContain('claim ships-diverted in harbour-strike');
    expect(list).toContain('story "Dock workers\' strike at Port Elling" (managed by config)');
    // Not done, and marked so: `sitrep ask` exits 1, and the story stays tracked.
    const managed = await ask(h, 'untrack story harbour-strike', { channel });
    expect(messageText(managed)).toContain('config/sitrep.yaml');
    expect(managed.failure).toBe('invalid');
    expect(messageText(await ask(h, 'untrack claim ships-diverted', { channel }))).toContain('no longer gets alerts');
    expect(messageText(await ask(h, 'tracking', { channel: 'slack:COTHER' }))).toContain('tracks nothing yet');
    const audit = await h.store.audit.list();
    expect(audit.filter((a) => a.action === 'track')).toHaveLength(3);
  });

  it('a claim tracked by one channel and not another alerts only the first; actor and story trackers see theirs', async () => {
    h = await openHarness({ tracking: [{ channel: 'discord:77', track: 'actor harbour-authority' }] });
    await h.claims.syncAtStart();
    await ask(h, 'track claim ships-diverted', { channel: 'slack:CSHIPS' });
    await ask(h, 'track claim turnout-disputed', { channel: 'slack:CTURNOUT' });
    await ask(h, 'track actor maria-lind', { channel: 'slack:CLIND' });
    await ask(h, 'track story harbour-strike', { channel: 'slack:CALL' });
    await ask(h, 'track claim ships-diverted', { channel: 'slack:CALL' });
    await ask(h, 'set ships-diverted status=confirmed');

    const channels = h.deliverer.requests.map((r) => r.channel).sort();
    expect(channels).toEqual(['slack:CALL', 'slack:CSHIPS']);
    await ask(h, 'set turnout-disputed hedging=hedged');
    const second = h.deliverer.requests
      .slice(2)
      .map((r) => r.channel)
      .sort();
    // turnout-disputed is about the harbour authority, which discord:77 tracks through config.
    expect(second).toEqual(['discord:77', 'slack:CALL', 'slack:CTURNOUT']);
    expect(messageText(h.deliverer.requests[2]!.message)).toContain('How it was put: firm → hedged');
  });

  it('a channel tracking with `thread` gets one alert per claim, each keyed to its thread; the same revision stays one message elsewhere', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    const threaded = 'slack:CTHREADS';
    expect(messageText(await ask(h, 'track story harbour-strike thread', { channel: threaded }))).toContain(
      'go in a thread of their own',
    );
    await ask(h, 'track story harbour-strike', { channel: 'slack:CALL' });
    expect(messageText(await ask(h, 'tracking', { channel: threaded }))).toContain('in threads');
    await syncThreeChanges();
    const plain = h.deliverer.requests.filter((r) => r.channel === 'slack:CALL');
    expect(plain).toHaveLength(1);
    expect(plain[0]?.thread).toBeUndefined();
    const parts = h.deliverer.requests.filter((r) => r.channel === threaded);
    expect(parts.map((r) => r.thread).sort()).toEqual([
      'actor:harbour-strike/maria-lind',
      'claim:harbour-strike/lind-calls-for-talks',
      'claim:harbour-strike/turnout-disputed',
    ]);
    expect(new Set(parts.map((r) => r.id)).size).toBe(3);
    const turnout = parts.find((r) => r.thread?.endsWith('/turnout-disputed'));
    expect(messageText(turnout!.message)).toContain('turnout-disputed');
    expect(messageText(turnout!.message)).not.toContain('lind-calls-for-talks');
    expect(turnout?.message.topic).toMatch(/\S/);

    // Tracked again without `thread`, the choice stays; with `channel`, alerts are messages again.
    expect(messageText(await ask(h, 'track story harbour-strike', { channel: threaded }))).toContain('already tracks');
    expect(messageText(await ask(h, 'track story harbour-strike channel', { channel: threaded }))).toContain(
      'not in threads',
    );
    expect(messageText(await ask(h, 'tracking', { channel: threaded }))).not.toContain('in threads');
  });

  it('one message per channel lists every change of a revision; actor channels see claims that stopped naming the actor', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    await ask(h, 'track story harbour-strike', { channel: 'slack:CALL' });
    await ask(h, 'track actor maria-lind', { channel: 'slack:CLIND' });
    await syncThreeChanges();
    const all = h.deliverer.requests.filter((r) => r.channel === 'slack:CALL');
    const lind = h.deliverer.requests.filter((r) => r.channel === 'slack:CLIND');
    expect(all).toHaveLength(1);
    expect(lind).toHaveLength(1);
    expect(all[0]!.message.text).toContain('3 changes');
    const lindText = messageText(lind[0]!.message);
    expect(lindText).toContain('lind-calls-for-talks');
    expect(lindText).toContain('About: Maria Lind, Elling Dock Workers');
    expect(lindText).toContain('role Union general secretary → Union president');
    expect(lindText).not.toContain('turnout-disputed');
  });

  it('revisions stored before a crash are planned at start, with the same ids', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    await ask(h, 'track claim strike-from-monday', { channel: 'slack:CA' });
    // As if the process died right after storing the revision.
    await editFile(h.file, (t) =>
      t.replace('status: reported\n    hedging: hedged', 'status: denied\n    hedging: hedged'),
    );
    const text = await import('node:fs/promises').then((fs) => fs.readFile(h.file, 'utf8'));
    const parsed = parseStory(text, h.file);
    if (!parsed.ok) throw new Error('fixture edit is invalid');
    const revision = await h.store.revisions.add({
      story: 'harbour-strike',
      hash: storyHash(parsed.story),
      content: text,
      author: 'file',
      via: 'file',
    });

    const next = await h.restart();
    h = next;
    await next.claims.syncAtStart();
    expect(next.deliverer.requests.map((r) => r.id)).toEqual([`alert:${revision.id}:slack:CA`]);
    expect(await next.store.revisions.unplanned()).toEqual([]);
    expect(await next.store.revisions.list('harbour-strike')).toHaveLength(2);
    expect(await next.claims.replanUnplanned()).toBe(0);
  });

  it('/sitrep claim shows the history and "since your last briefing" lists what changed', async () => {
    h = await openHarness();
    await h.claims.syncAtStart();
    const first = await h.store.revisions.latest('harbour-strike');
    const channel = 'slack:CBRIEF';
    expect((await sinceLastBriefing({ store: h.store }, channel, 'harbour-strike')).blocks).toHaveLength(1);
    await h.store.deliveries.claim(
      {
        id: 'brief:s1:1',
        kind: 'briefing',
        channel,
        story: 'harbour-strike',
        revisionId: first!.id,
        dueAt: h.clock.now(),
      },
      'test',
      60_000,
    );
    await h.store.deliveries.markSent('brief:s1:1', 'test', 'm1', h.clock.now());
    expect(
      messageText({
        text: '',
        visibility: 'channel',
        cards: [await sinceLastBriefing({ store: h.store }, channel, 'harbour-strike')],
      }),
    ).toContain('No changes since your last briefing.');

    h.clock.advance(60_000);
    await ask(h, 'set strike-from-monday status=confirmed');
    h.clock.advance(60_000);
    await ask(h, 'set strike-from-monday note=- confidence=high', {
      platform: 'shell',
      userId: 'ops',
      channel: 'shell:local',
      // As `sitrep ask --admin` does.
      operator: true,
    });

    const claim = messageText(await ask(h, 'claim strike-from-monday'));
    expect(claim).toContain('2031-04-02 08:01 UTC status: reported → confirmed (by slack:UADMIN, via chat)');
    expect(claim).toContain(
      'confidence: medium → high; note: The union has not said how long the strike will last. → ∅ (by shell:ops, via cli)',
    );

    await editFile(h.file, (t) =>
      t.replace(
        '  - id: ships-diverted',
        '  - id: ships-held\n    text: Two ships are held at anchor.\n    about: [shipping-lines]\n    source: local-paper\n    status: reported\n  - id: ships-diverted',
      ),
    );
    await h.claims.syncFile(h.file);
    expect(messageText(await ask(h, 'claim ships-held'))).toMatch(/08:02 UTC added \(by file, via file\)/);
    expect(messageText(await ask(h, 'claim turnout-disputed'))).toContain('No recorded changes yet');

    const since = messageText({
      text: '',
      visibility: 'channel',
      cards: [await sinceLastBriefing({ store: h.store }, channel, 'harbour-strike')],
    });
    expect(since).toContain('2 claim changes');
    // Each claim listed carries its status and source, and says when the source hedged it.
    expect(since).toContain('ships-held: Two ships are held at anchor. (new: reported · source: The Elling Courier)');
    expect(since).toContain('strike-from-monday');
    expect(since).toContain('status: 🟡 reported → 🟢 confirmed; confidence: medium → high');
    expect(since).toContain(
      "; now confirmed · hedged by the source · source: Statement by the Elling Dock Workers' Union)",
    );
  });
});
