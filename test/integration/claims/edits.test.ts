import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/core/message.js';
import { ADMIN, ask, editFile, eventually, type Harness, messageText, openHarness } from './harness.js';

/** Three ways to edit a story, one validated path: each raises exactly one alert per tracking channel. */

const STORY_CHANNEL = 'slack:CSTORY';
const ACTOR_CHANNEL = 'discord:9001';

let h: Harness;

beforeEach(async () => {
  h = await openHarness();
  await h.claims.syncAtStart();
  await ask(h, 'track story harbour-strike', { channel: STORY_CHANNEL });
  await ask(h, 'track actor Maria Lind', { channel: ACTOR_CHANNEL });
});

afterEach(async () => {
  await h.close();
});

function alertsFor(channel: string) {
  return h.deliverer.requests.filter((r) => r.channel === channel);
}

describe('editing a story', () => {
  it('a saved file edit becomes one revision and one alert per tracking channel', async () => {
    const stop = await h.claims.watch();
    try {
      await editFile(h.file, (t) => t.replace('status: disputed', 'status: denied'));
      await eventually(() => h.deliverer.requests.length > 0);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await stop();
    }
    const [alert, ...more] = alertsFor(STORY_CHANNEL);
    expect(more).toHaveLength(0);
    expect(alert?.id).toMatch(/^alert:\d+:slack:CSTORY$/);
    expect(alert?.kind).toBe('alert');
    const text = messageText(alert!.message);
    expect(text).toContain('turnout-disputed');
    expect(text).toContain('🟠 disputed → 🔴 denied');
    expect(text).toContain('Harbour authority spokesperson');
    expect(text).toContain('Edited in the story file');
    expect(alert?.message.cards[0]?.tone).toBe('denied');
    // The actor channel tracks Maria Lind, who is not in that claim.
    expect(alertsFor(ACTOR_CHANNEL)).toHaveLength(0);
    expect(h.catalog.get('harbour-strike')?.claimById.get('turnout-disputed')?.status).toBe('denied');
    expect((await h.store.revisions.list('harbour-strike')).length).toBe(2);
  });

  it('a chat set writes the file, keeps its comments and alerts once, even with the watcher running', async () => {
    const stop = await h.claims.watch();
    let reply: OutgoingMessage;
    try {
      reply = await ask(h, 'set lind-calls-for-talks status=confirmed note="Said on local radio"');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await stop();
    }
    expect(messageText(reply)).toContain('🟡 reported → 🟢 confirmed');
    const text = await readFile(h.file, 'utf8');
    expect(text).toContain('# Synthetic test story: a dock strike in a fictional port.');
    expect(text).toContain('  # --- Consequences ---');
    expect(text).toContain('    note: Said on local radio\n');
    expect(h.catalog.get('harbour-strike')?.claimById.get('lind-calls-for-talks')?.status).toBe('confirmed');

    const revisions = await h.store.revisions.list('harbour-strike');
    expect(revisions).toHaveLength(2);
    expect(revisions[0]).toMatchObject({ author: 'slack:UADMIN', via: 'chat', alertsPlanned: true });
    for (const channel of [STORY_CHANNEL, ACTOR_CHANNEL]) {
      const alerts = alertsFor(channel);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.id).toBe(`alert:${revisions[0]?.id}:${channel}`);
      const body = messageText(alerts[0]!.message);
      expect(body).toContain('🟡 reported → 🟢 confirmed');
      expect(body).toContain('(none) → Said on local radio');
      expect(body).toContain('Edited by slack:UADMIN in chat');
    }
    const audit = await h.store.audit.list();
    expect(audit[0]).toMatchObject({
      action: 'set',
      actor: 'slack:UADMIN',
      via: 'chat',
      outcome: 'ok',
      target: 'lind-calls-for-talks',
    });
  });

  it('a CLI set goes through the same path, recorded as via cli', async () => {
    const reply = await ask(h, 'set strike-from-monday confidence=high source=union-statement,local-paper', {
      platform: 'shell',
      userId: 'ops',
      channel: 'shell:local',
      // As `sitrep ask --admin` does.
      operator: true,
    });
    expect(messageText(reply)).toContain('Updated strike-from-monday');
    const latest = await h.store.revisions.latest('harbour-strike');
    expect(latest).toMatchObject({ author: 'shell:ops', via: 'cli' });
    const [alert] = alertsFor(STORY_CHANNEL);
    expect(alertsFor(STORY_CHANNEL)).toHaveLength(1);
    const body = messageText(alert!.message);
    expect(body).toContain('Confidence: medium → high');
    expect(body).toContain(
      "Source: Statement by the Elling Dock Workers' Union → Statement by the Elling Dock Workers' Union; The Elling Courier",
    );
    expect(await readFile(h.file, 'utf8')).toContain('    source: [union-statement, local-paper]\n');
  });

  it('an edit made while the bot was stopped is alerted once at the next start', async () => {
    let next = await h.restart();
    try {
      await editFile(next.file, (t) => t.replace('status: disputed', 'status: confirmed'));
      await next.claims.syncAtStart();
      const alerts = next.deliverer.requests.filter((r) => r.channel === STORY_CHANNEL);
      expect(alerts).toHaveLength(1);
      expect(messageText(alerts[0]!.message)).toContain('🟠 disputed → 🟢 confirmed');
      expect(messageText(alerts[0]!.message)).toContain('while the bot was stopped');
      expect((await next.store.revisions.latest('harbour-strike'))?.via).toBe('start');

      // Another start with no edit in between: nothing new.
      next = await next.restart();
      await next.claims.syncAtStart();
      expect(next.deliverer.requests).toHaveLength(0);
      expect(await next.store.revisions.list('harbour-strike')).toHaveLength(2);
    } finally {
      h = next;
    }
  });

  it('an edit saved after start-up read the files but before watching began is still alerted', async () => {
    // syncAtStart has run (beforeEach); the watcher is not up yet, so this save raises no event.
    await editFile(h.file, (t) => t.replace('status: disputed', 'status: denied'));
    const stop = await h.claims.watch();
    try {
      await eventually(() => alertsFor(STORY_CHANNEL).length > 0, 2000);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await stop();
    }
    expect(alertsFor(STORY_CHANNEL)).toHaveLength(1);
    expect(h.catalog.get('harbour-strike')?.claimById.get('turnout-disputed')?.status).toBe('denied');
    expect(await h.store.revisions.list('harbour-strike')).toHaveLength(2);
  });

  it('alerts whose planning failed while running are planned again without a restart, once', async () => {
    await h.close();
    h = await openHarness({ replanEveryMs: 100 });
    await h.claims.syncAtStart();
    await ask(h, 'track story harbour-strike', { channel: STORY_CHANNEL });
    // The delivery log is unreachable for the first attempt (a database hiccup).
    const enqueue = h.deliverer.enqueue.bind(h.deliverer);
    let failures = 0;
    h.deliverer.enqueue = async (requests) => {
      if (failures++ === 0) throw new Error('connection reset');
      return enqueue(requests);
    };
    const stop = await h.claims.watch();
    try {
      await editFile(h.file, (t) => t.replace('status: disputed', 'status: denied'));
      await eventually(() => alertsFor(STORY_CHANNEL).length > 0, 3000);
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      await stop();
    }
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(alertsFor(STORY_CHANNEL)).toHaveLength(1);
    expect(await h.store.revisions.unplanned()).toEqual([]);
  });

  it('a set value keeps line breaks, tabs and every kind of quote as typed', async () => {
    const note = 'Line one\n\tindented: "straight", \'single\', ‘curly’, “double”, «guillemets»';
    const answer = messageText(await ask(h, `set ships-diverted note=${note} confidence=low`));
    expect(answer).toContain('Updated ships-diverted');
    expect(h.catalog.get('harbour-strike')?.claimById.get('ships-diverted')).toMatchObject({ note, confidence: 'low' });
    // A value wrapped whole in quotes loses only that pair, whichever kind.
    await ask(h, 'set ships-diverted note=«Seen at the "east" gate»');
    expect(h.catalog.get('harbour-strike')?.claimById.get('ships-diverted')?.note).toBe('Seen at the "east" gate');
    // A typed option (Discord) is read the same way.
    await h.router.handle({
      text: 'set ships-diverted',
      caller: ADMIN,
      invocation: { name: 'set', args: { claim: 'ships-diverted', changes: "note=It's “over”\tnow" } },
    });
    expect(h.catalog.get('harbour-strike')?.claimById.get('ships-diverted')?.note).toBe("It's “over”\tnow");
  });

  it('refuses set from a non-admin and audits the refusal', async () => {
    const before = await readFile(h.file, 'utf8');
    const reply = await ask(h, 'set strike-from-monday status=confirmed', { userId: 'UNOBODY' });
    expect(reply.text).toMatch(/^Only the editors and admins .* can use \/sitrep set\./);
    expect(await readFile(h.file, 'utf8')).toBe(before);
    expect(h.deliverer.requests).toHaveLength(0);
    const [entry] = await h.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'slack:UNOBODY', action: 'set', outcome: 'refused' });
  });

  it('rejects invalid values with clear messages, changes nothing and audits the attempt', async () => {
    const before = await readFile(h.file, 'utf8');
    const reply = await ask(h, 'set strike-from-monday status=confrimed source=nowhere colour=red');
    const text = messageText(reply);
    expect(text).toContain(
      'status must be one of reported, confirmed, disputed, denied, retracted, outdated, not "confrimed". Did you mean confirmed?',
    );
    expect(text).toContain('Unknown source "nowhere"');
    expect(text).toContain('Unknown field "colour"');
    expect(await readFile(h.file, 'utf8')).toBe(before);
    expect(h.deliverer.requests).toHaveLength(0);
    const [entry] = await h.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'set', outcome: 'invalid', target: 'strike-from-monday' });
  });

  it('a broken file raises no alert, keeps the last valid version live and tells admins where', async () => {
    await editFile(h.file, (t) => t.replace('status: disputed', 'status: maybe'));
    await h.claims.syncFile(h.file);
    await h.claims.syncFile(h.file);
    expect(h.deliverer.requests).toHaveLength(0);
    expect(h.catalog.get('harbour-strike')?.claimById.get('turnout-disputed')?.status).toBe('disputed');
    expect(h.notifier.messages).toHaveLength(1);
    expect(messageText(h.notifier.messages[0]!)).toMatch(
      /harbour-strike\.yaml:\d+:\d+: claims\[1\]\.status: must be one of/,
    );
    expect(await h.store.revisions.list('harbour-strike')).toHaveLength(1);
    const [entry] = await h.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'file', outcome: 'invalid' });
    // The story lives in the database: a set still applies, and the broken file, the author's
    // work in progress, is not overwritten.
    const broken = await readFile(h.file, 'utf8');
    const reply = await ask(h, 'set strike-from-monday status=confirmed');
    expect(messageText(reply)).toContain('Updated strike-from-monday: status');
    expect(h.catalog.get('harbour-strike')?.claimById.get('strike-from-monday')?.status).toBe('confirmed');
    expect(await readFile(h.file, 'utf8')).toBe(broken);
  });

  it("a file edit not yet picked up is recorded as the file's before a chat set builds on it", async () => {
    await editFile(h.file, (t) => t.replace('confidence: low', 'confidence: medium'));
    await ask(h, 'set turnout-disputed status=denied');
    const [chat, file] = await h.store.revisions.list('harbour-strike');
    expect(file).toMatchObject({ author: 'file', via: 'file' });
    expect(chat).toMatchObject({ author: 'slack:UADMIN', via: 'chat' });
    const alerts = alertsFor(STORY_CHANNEL).map((a) => messageText(a.message));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toContain('Confidence: low → medium');
    expect(alerts[0]).not.toContain('denied');
    expect(alerts[1]).toContain('🟠 disputed → 🔴 denied');
    expect(alerts[1]).not.toContain('Confidence: low → medium');
  });

  it('a file broken while the bot was stopped is reported at start and its last stored version served', async () => {
    await editFile(h.file, (t) => t.replace('status: disputed', 'status: disputed\n    colour: red'));
    const next = await h.restart();
    h = next;
    await next.claims.syncAtStart();
    expect(next.catalog.get('harbour-strike')?.claimById.get('turnout-disputed')?.status).toBe('disputed');
    expect(messageText(next.notifier.messages[0]!)).toMatch(/harbour-strike\.yaml:\d+:\d+: unknown field "colour"/);
    expect(next.deliverer.requests).toHaveLength(0);
  });

  it('a removed story file leaves the story served from the database and tells admins', async () => {
    await rm(h.file);
    expect((await h.claims.syncFile(h.file)).kind).toBe('missing');
    expect(h.catalog.get('harbour-strike')?.story.claims).toHaveLength(4);
    expect(h.notifier.messages[0]?.text).toMatch(/harbour-strike\.yaml was removed.*still served/);
  });

  it('a removed file put back as it was is served again, with no new revision or alert', async () => {
    const text = await readFile(h.file, 'utf8');
    expect((await h.claims.syncFile(h.file)).kind).toBe('unchanged');
    await rm(h.file);
    expect((await h.claims.syncFile(h.file)).kind).toBe('missing');
    await writeFile(h.file, text);
    expect((await h.claims.syncFile(h.file)).kind).toBe('unchanged');
    expect(h.catalog.get('harbour-strike')).toBeDefined();
    expect(h.deliverer.requests).toHaveLength(0);
  });

  it('re-formatting a file makes no revision', async () => {
    await editFile(
      h.file,
      (t) =>
        `# a new comment\n${t.replace('about: [dock-union, harbour-authority]', 'about:\n      - harbour-authority\n      - dock-union')}`,
    );
    const outcome = await h.claims.syncFile(h.file);
    expect(outcome.kind).toBe('unchanged');
    expect(h.deliverer.requests).toHaveLength(0);
  });
});
