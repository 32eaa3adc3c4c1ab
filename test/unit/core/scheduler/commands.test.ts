import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../../src/core/commands/router.js';
import { scheduleAdd } from '../../../../src/core/commands/schedule-add.js';
import { scheduleList } from '../../../../src/core/commands/schedule-list.js';
import { scheduleRemove } from '../../../../src/core/commands/schedule-remove.js';
import { why } from '../../../../src/core/commands/why.js';
import { defaultConfig, type SitrepConfig } from '../../../../src/core/config/schema.js';
import { silentLogger } from '../../../../src/core/log.js';
import { inlinesText, type OutgoingMessage } from '../../../../src/core/message.js';
import type { Caller, ChannelAddress } from '../../../../src/core/ports.js';
import { syncConfigSchedules } from '../../../../src/core/scheduler/config-sync.js';
import type { Store } from '../../../../src/core/store.js';
import { type FreshDatabase, freshSqlite, manualClock } from '../../../support/databases.js';
import { catalogWith, testStory } from '../delivery/fakes.js';

/** Every string in a reply, flattened, for "does it say X" assertions. */
function said(message: OutgoingMessage): string {
  const parts: string[] = [message.text];
  for (const card of message.cards) {
    if (card.title) parts.push(card.title);
    for (const block of card.blocks) {
      if (block.type === 'text' || block.type === 'context') parts.push(inlinesText(block.content));
      if (block.type === 'list') parts.push(...block.items.map((item) => inlinesText(item)));
      if (block.type === 'fields') parts.push(...block.fields.map((f) => `${f.label}: ${f.value}`));
    }
    if (card.footer) parts.push(card.footer);
  }
  return parts.join('\n');
}

describe('schedule and why commands through the CommandRouter', () => {
  let database: FreshDatabase;
  let store: Store;
  let router: CommandRouter;
  const clock = manualClock('2026-03-07T12:00:00Z');
  const config: SitrepConfig = {
    ...defaultConfig,
    timezone: 'Europe/London',
    schedules: [{ channel: 'slack:C1', at: 'weekdays 07:00', tier: 'headline' }],
  };

  /** As a workspace manager (a Slack admin): schedules are theirs to manage. */
  function ask(text: string, channel: ChannelAddress = 'slack:C1'): Promise<OutgoingMessage> {
    const caller: Caller = { platform: 'slack', userId: 'U1', channel, platformManager: true };
    return router.handle({ text, caller });
  }

  beforeEach(async () => {
    clock.set('2026-03-07T12:00:00Z');
    database = await freshSqlite();
    store = await database.open({ clock });
    await syncConfigSchedules(store, config);
    router = new CommandRouter({
      catalog: catalogWith(testStory),
      clock,
      log: silentLogger,
      services: {
        store,
        config,
        editor: { apply: async () => ({ ok: false, message: 'no' }) },
        history: { history: async () => [] },
      },
      commands: [scheduleAdd, scheduleList, scheduleRemove, why],
    });
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  it('schedule add answers with the next three fire times in the schedule’s zone', async () => {
    const answer = await ask('schedule add daily 02:30 America/New_York full');
    const text = said(answer);
    expect(answer.cards[0]?.tone).toBe('success');
    expect(text).toMatch(/Scheduled s[0-9a-z]{6}: daily 02:30 \(America\/New_York\), full briefing/);
    // Across the spring-forward gap: 02:30 does not exist on 8 March, so it fires at 03:00 EDT.
    expect(text).toContain('2026-03-08T03:00:00-04:00');
    expect(text).toContain('2026-03-09T02:30:00-04:00');
    expect(text).toContain('2026-03-10T02:30:00-04:00');
    const [row] = (await store.schedules.list({ channel: 'slack:C1' })).filter((s) => s.origin === 'chat');
    expect(row).toMatchObject({ spec: 'daily 02:30', timezone: 'America/New_York', tier: 'full', story: null });
    expect((await store.audit.list())[0]).toMatchObject({ action: 'schedule.add', actor: 'slack:U1', outcome: 'ok' });
  });

  it('schedule add takes a cron (quoted or not), the default zone, a story and a tier', async () => {
    expect(said(await ask('schedule add 0 */6 * * 1-5 test-story'))).toContain('(Europe/London)');
    expect(said(await ask('schedule add "30 7 * * *" UTC headline'))).toContain('30 7 * * * (UTC), headline');
    const rows = (await store.schedules.list({ channel: 'slack:C1' })).filter((s) => s.origin === 'chat');
    rows.sort((a, b) => a.spec.localeCompare(b.spec));
    expect(rows.map((r) => [r.spec, r.timezone, r.story, r.tier])).toEqual([
      ['0 */6 * * 1-5', 'Europe/London', 'test-story', 'short'],
      ['30 7 * * *', 'UTC', null, 'headline'],
    ]);
  });

  it('schedule add refuses bad input with an answer naming the field', async () => {
    expect(said(await ask('schedule add 61 9 * * *'))).toContain('minute "61" is out of range 0-59');
    expect(said(await ask('schedule add 0 9 * 13 *'))).toContain('month "13" is out of range');
    expect(said(await ask('schedule add daily 25:00'))).toContain('time "25:00" is out of range');
    expect(said(await ask('schedule add daily 09:00 Europe/Londn'))).toContain(
      'nknown time zone "Europe/Londn"; did you mean "Europe/London"?',
    );
    expect(said(await ask('schedule add daily 09:00 no-such-story'))).toContain('No story called "no-such-story"');
    expect(said(await ask('schedule add 9:00'))).toContain('write "daily 9:00"');
    expect(said(await ask('schedule add'))).toContain('Usage: /sitrep schedule add <schedule>');
    expect((await store.schedules.list({ channel: 'slack:C1' })).filter((s) => s.origin === 'chat')).toHaveLength(0);
  });

  it('schedule add of an existing schedule says so instead of adding a twin', async () => {
    await ask('schedule add daily 09:00');
    const again = said(await ask('schedule add daily 9:00'));
    expect(again).toContain('already has that schedule');
    expect((await store.schedules.list({ channel: 'slack:C1' })).filter((s) => s.origin === 'chat')).toHaveLength(1);
  });

  it('schedule list shows this channel’s schedules, config ones marked, paused ones with reason, next fire time', async () => {
    await ask('schedule add daily 09:00 UTC');
    await ask('schedule add daily 10:00', 'slack:COTHER');
    const list = said(await ask('schedule list'));
    expect(list).toContain(
      'weekdays 07:00 Europe/London · headline · the loaded story · managed by config · next 2026-03-09T07:00:00+00:00',
    );
    expect(list).toContain('daily 09:00 UTC · short · the loaded story · next 2026-03-08T09:00:00+00:00');
    expect(list).not.toContain('10:00');

    await store.schedules.pauseChannel('slack:C1', 'channel_not_found: the channel was deleted');
    const paused = said(await ask('schedule list'));
    expect(paused).toContain('paused: channel_not_found: the channel was deleted');
    expect(paused).toContain('2 paused');
    expect(said(await ask('schedule list', 'slack:CEMPTY'))).toContain('No briefings are scheduled in this channel');
  });

  it('schedule remove removes a chat schedule, refuses a config one and another channel’s', async () => {
    const added = said(await ask('schedule add daily 09:00'));
    const id = /Scheduled (s[0-9a-z]{6})/.exec(added)?.[1] ?? '';
    expect(said(await ask(`schedule remove ${id}`, 'slack:COTHER'))).toContain(`This channel has no schedule "${id}"`);
    expect(said(await ask(`schedule remove ${id}`))).toContain(`Removed ${id}`);
    expect(said(await ask(`schedule remove ${id}`))).toContain('has no schedule');

    const configId = (await store.schedules.list({ channel: 'slack:C1' }))[0]?.id ?? '';
    const refused = said(await ask(`schedule remove ${configId}`));
    expect(refused).toContain('managed by config');
    expect(refused).toContain('config/sitrep.yaml');
    expect(await store.schedules.get(configId)).toBeDefined();
  });

  it('why shows last deliveries and failures, missed slots, the failing status and the next scheduled one', async () => {
    const base = { kind: 'briefing' as const, channel: 'slack:C1' as const, story: 'test-story', scheduleId: 'cfg-x' };
    await store.deliveries.claim(
      { ...base, id: 'b1', slotKey: '2026-03-05T07:00', dueAt: new Date('2026-03-05T07:00:00Z') },
      'me',
      60_000,
    );
    await store.deliveries.markSent('b1', 'me', 'm1', new Date('2026-03-05T07:00:02Z'));
    await store.deliveries.record({
      ...base,
      id: 'b2',
      slotKey: '2026-03-06T07:00',
      dueAt: new Date('2026-03-06T07:00:00Z'),
      status: 'missed',
      errorCode: 'missed',
      errorMessage: 'Sitrep was not running at this time',
    });
    await store.deliveries.claim(
      { ...base, id: 'a1', kind: 'alert', revisionId: 3, dueAt: new Date('2026-03-07T10:00:00Z') },
      'me',
      60_000,
    );
    await store.deliveries.markFailed('a1', 'me', 'channel_not_found', 'channel_not_found');
    await store.channels.markFailing(
      'slack:C1',
      'channel_not_found',
      'channel_not_found',
      new Date('2026-03-07T10:00:01Z'),
    );

    const text = said(await ask('why'));
    expect(text).toContain('Posting here fails since 2026-03-07T10:00:01+00:00');
    expect(text).toContain('alert (revision 3) · failed: channel_not_found');
    expect(text).toContain('2026-03-06T07:00:00+00:00 · briefing cfg-x · missed: Sitrep was not running at this time');
    expect(text).toContain('2026-03-05T07:00:00+00:00 · briefing cfg-x · sent');
    expect(text).toContain('Next: 2026-03-09T07:00:00+00:00');

    await store.schedules.pauseChannel('slack:C1', 'channel_not_found: gone');
    const pausedText = said(await ask('why'));
    expect(pausedText).toContain('paused: channel_not_found: gone');
    expect(pausedText).toContain('every schedule here is paused');
    expect(said(await ask('why', 'slack:CNEW'))).toContain('Nothing has been delivered to this channel yet');
  });

  it("a member who does not manage the workspace may read the channel's schedules but not change them", async () => {
    const member: Caller = { platform: 'slack', userId: 'U2', channel: 'slack:C1' };
    const refused = await router.handle({ text: 'schedule add daily 09:00', caller: member });
    expect(said(refused)).toMatch(/Only this workspace's managers \(Slack workspace admins and owners/);
    expect(said(await router.handle({ text: 'schedule list', caller: member }))).toContain('weekdays 07:00');
    expect((await store.schedules.list({ channel: 'slack:C1' })).length).toBe(1);
  });

  it('typed options (Discord) reach the same validation', async () => {
    const answer = await router.handle({
      text: '',
      caller: { platform: 'discord', userId: '9', channel: 'discord:42', platformManager: true },
      invocation: { name: 'schedule add', args: { schedule: 'weekdays 07:30', tz: 'Asia/Tokyo', tier: 'full' } },
    });
    expect(said(answer)).toContain('weekdays 07:30 (Asia/Tokyo), full briefing');
    const bad = await router.handle({
      text: '',
      caller: { platform: 'discord', userId: '9', channel: 'discord:42', platformManager: true },
      invocation: { name: 'schedule add', args: { schedule: '0 9 * * 8' } },
    });
    expect(said(bad)).toContain('day-of-week "8" is out of range');
  });

  it('issue 11, item 7: a * * * * * full briefing from chat is refused (15 minutes at least); an admin may', async () => {
    const refused = said(await ask('schedule add "* * * * *" full', 'slack:CFAST'));
    expect(refused).toContain('fires every 1 minute; schedules from chat fire at most every 15 minutes');
    expect(said(await ask('schedule add "*/5 9 * * *"', 'slack:CFAST'))).toContain('fires every 5 minutes');
    expect(said(await ask('schedule add "*/15 9 * * *"', 'slack:CFAST'))).not.toContain('at most every');
    const admin: Caller = { platform: 'shell', userId: 'ops', channel: 'slack:CFAST', operator: true };
    const allowed = await router.handle({ text: 'schedule add "* * * * *" headline', caller: admin });
    expect(said(allowed)).not.toContain('at most every');
    expect(
      (await ask('schedule list', 'slack:CFAST')).text + said(await ask('schedule list', 'slack:CFAST')),
    ).toContain('* * * * *');
  });
});
