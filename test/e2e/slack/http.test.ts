import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, buttonsOf, type Harness, parseAck, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});

afterAll(async () => {
  await h?.close();
});

async function ask(text: string, extra: { userId?: string; channelId?: string } = {}) {
  const res = await h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, text, ...extra });
  expect(res.status).toBe(200);
  return { res, ack: parseAck(res.body) };
}

/** A press on one of the buttons of an answer, by someone, in a channel. */
function pressAs(userId: string, channelId: string, button: { actionId: string; value: string } | undefined) {
  return h.slack.sendBlockAction({
    url: h.eventsUrl,
    signingSecret: SIGNING_SECRET,
    actionId: button?.actionId ?? '',
    value: button?.value ?? '',
    userId,
    channelId,
  });
}

describe('Slack over HTTP (Bolt HTTPReceiver on our server)', () => {
  it('answers a signed /sitrep actor putin with his card in the ack', async () => {
    const { ack } = await ask('actor putin');
    expect(ack.response_type).toBe('ephemeral');
    const blocks = ack.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Vladimir Putin' } });
    const text = blocksText(blocks);
    expect(text).toContain('President of Russia');
    expect(text).toContain('Claims involving Vladimir Putin');
    // Each claim carries its status and source.
    expect(text).toMatch(
      /Kim Jong Un is reportedly set to travel to Russia[^\n]*_\(reported · hedged by the source[^\n]*source: An unnamed US official\)_/,
    );
    expect(text).toMatch(/last met in April 2019[^\n]*\(confirmed[^\n]*source: The source article/);
    expect(buttonsOf(blocks)).toEqual([
      { label: 'Share in channel', actionId: 'sitrep:0', value: 'actor vladimir-putin share' },
    ]);
    expect(ack.text).toBe('Vladimir Putin: President of Russia');
  });

  it('answers brief, claims, timeline, help and a no-match usefully', async () => {
    const brief = blocksText((await ask('brief')).ack.blocks as unknown[]);
    expect(brief).toContain("Kim Jong Un's expected visit to Russia");
    expect(brief).toMatch(/source: /);

    const claims = (await ask('claims putin')).ack;
    expect(blocksText(claims.blocks as unknown[])).toMatch(/Vladimir Putin[\s\S]*\((reported|confirmed)/);

    const timeline = blocksText((await ask('timeline')).ack.blocks as unknown[]);
    expect(timeline).toContain('2019');
    expect(timeline).toMatch(/Vladivostok/);

    const help = blocksText((await ask('help')).ack.blocks as unknown[]);
    expect(help).toContain('/sitrep actor <name>');
    expect(help).toContain('/sitrep brief');

    const empty = blocksText((await ask('')).ack.blocks as unknown[]);
    expect(empty).toContain('/sitrep help');

    const none = (await ask('actor zzzzqqq')).ack;
    expect(none.response_type).toBe('ephemeral');
    expect(blocksText(none.blocks as unknown[])).toContain('No actor matches "zzzzqqq"');

    const unknown = blocksText((await ask('actr putin')).ack.blocks as unknown[]);
    expect(unknown).toContain('Did you mean "actor"?');
  });

  it('refuses a forged signature, a stale timestamp and a future one with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { url: h.eventsUrl, signingSecret: SIGNING_SECRET, text: 'actor putin' };
    const forged = await h.slack.sendSlashCommand({ ...base, forgeSignature: true });
    const stale = await h.slack.sendSlashCommand({ ...base, timestampOverride: now - 600 });
    const future = await h.slack.sendSlashCommand({ ...base, timestampOverride: now + 600 });
    const garbage = await h.slack.sendSlashCommand({ ...base, signatureOverride: 'v0=deadbeef' });
    expect([forged.status, stale.status, future.status, garbage.status]).toEqual([401, 401, 401, 401]);
    for (const r of [forged, stale, future]) expect(r.body).not.toContain('Putin');
    // Only POST is routed, and nothing else of Bolt's is exposed.
    const get = await fetch(h.eventsUrl);
    expect(get.status).toBe(405);
  });

  it('acks a slow command at once and finishes it through response_url; also when the race is lost', async () => {
    const started = Date.now();
    const timed = async (text: string) => {
      const r = await ask(text);
      return { ...r, ms: Date.now() - started };
    };
    const [slow, sneaky] = await Promise.all([timed('slowpoke'), timed('sneaky')]);
    // Declared slow: acked at once.
    expect(slow.res.timedOut).toBe(false);
    expect(slow.ms).toBeLessThan(1000);
    expect(slow.ack.text).toBe('Working on it…');
    expect(slow.ack.response_type).toBe('ephemeral');
    // Slow without saying so: acked when the ~2.2 s race is lost, within Slack's 3 s.
    expect(sneaky.res.timedOut).toBe(false);
    expect(sneaky.ms).toBeGreaterThanOrEqual(2000);
    expect(sneaky.ms).toBeLessThan(3000);
    expect(sneaky.ack.text).toBe('Working on it…');
    const [slowDone, sneakyDone] = await Promise.all([
      h.slack.waitForResponse(slow.res.responseId, 6000, 'response_url'),
      h.slack.waitForResponse(sneaky.res.responseId, 6000, 'response_url'),
    ]);
    expect(blocksText(slowDone.blocks)).toContain('Finished slowly.');
    expect(blocksText(sneakyDone.blocks)).toContain('Finished sneakily.');
    expect(slowDone.response_type).toBe('ephemeral');
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('runs a pressed button as the presser: a pick list is replaced, Share posts in the channel', async () => {
    const { ack } = await ask('actor jong', { userId: 'U0ASKER' });
    const buttons = buttonsOf(ack.blocks as unknown[]);
    const kim = buttons.find((b) => b.value === 'actor kim-jong-un');
    expect(kim).toBeDefined();
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(buttons.length);

    const press = await pressAs('U0PRESSER', 'C0PICK', kim);
    expect(press.status).toBe(200);
    const card = await h.slack.waitForResponse(press.responseId, 3000, 'response_url');
    expect(card.replace_original).toBe(true);
    expect(card.response_type).toBe('ephemeral');
    expect(blocksText(card.blocks)).toContain('Leader of North Korea');

    const share = buttonsOf(card.blocks).find((b) => b.label === 'Share in channel');
    expect(share?.value).toBe('actor kim-jong-un share');
    const shared = await pressAs('U0PRESSER', 'C0PICK', share);
    const inChannel = await h.slack.waitForResponse(shared.responseId, 3000, 'response_url');
    expect(inChannel.response_type).toBe('in_channel');
    expect(inChannel.replace_original).toBe(false);
    const history = await h.slack.waitFor(() => h.slack.history('C0PICK').find((m) => m.via === 'response_url'));
    expect(blocksText(history.blocks)).toContain('Kim Jong Un');
    expect(buttonsOf(history.blocks)).toEqual([]); // the shared card has no Share button
    // The presser's workspace and channel are known afterwards.
    expect(h.adapter.workspaceOf('slack:C0PICK')).toBe(h.slack.teamId);
  });

  it.each([
    ['claims john speculative', 'claims john-everard speculative', 'Claims about or from John Everard, speculative'],
    ['source reports', 'source media-reports', 'Unnamed media reports (cited by the article)'],
    ['actor john', 'actor john-kirby', 'National Security Council spokesman'],
  ])('an ambiguous "%s" offers buttons; pressing one answers with that card', async (asked, command, shown) => {
    const { ack } = await ask(asked, { userId: 'U0ASKER' });
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toMatch(/Which one\?$/);
    const choice = buttonsOf(ack.blocks as unknown[]).find((b) => b.value === command);
    expect(choice).toBeDefined();
    const press = await pressAs('U0PRESSER', 'C0PICKS', choice);
    expect(press.status).toBe(200);
    const card = await h.slack.waitForResponse(press.responseId, 3000, 'response_url');
    expect(card.response_type).toBe('ephemeral');
    expect(card.replace_original).toBe(true);
    expect(blocksText(card.blocks)).toContain(shown);
    expect(blocksText(card.blocks)).not.toContain('Which one?');
  });

  it('says it is connected, and mounts nothing but POST /slack/events', async () => {
    expect(h.adapter.isConnected()).toBe(true);
    expect(h.adapter.mode).toBe('http');
    const other = await fetch(h.eventsUrl.replace('/slack/events', '/slack/install'));
    expect(other.status).toBe(404);
  });
});
