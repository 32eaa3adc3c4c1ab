import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { buildBriefing } from '../../core/briefing/build.js';
import { subscriptionsOfChannel } from '../../core/claims/subscriptions.js';
import { describeTarget } from '../../core/claims/targets.js';
import { contextBlock, type OutgoingMessage } from '../../core/message.js';
import { type ChannelAddress, parseChannelAddress } from '../../core/ports.js';
import { describeSchedule } from '../../core/scheduler/describe.js';
import { TIERS, type Tier } from '../../core/story/schema.js';
import { scheduleLine } from '../../core/views/schedules.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Banner, FormToken, Page } from '../layout.js';
import { inlineText } from '../message.js';
import { DataTable } from '../table.js';
import { consoleCaller } from './claim-edit.js';

/**
 * Channels, for admins: each channel with its schedules (next fire times in its zone), what it
 * tracks and its last deliveries; schedules added, removed, paused and resumed, and a test briefing
 * sent now. Schedules go through the same `schedule add|remove` commands as chat, as the admin.
 */
export function channelRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { store, config } = deps.services;

  app.use('/channels', adminsOnly);
  app.use('/channels/*', adminsOnly);

  const page = async (c: Context<ConsoleEnv>, flash?: { tone: 'ok' | 'error'; text: string }, status = 200) => {
    const identity = c.get('identity');
    const now = deps.clock.now();
    const schedules = await store.schedules.list({ includePaused: true });
    const channels = new Set<ChannelAddress>(schedules.map((s) => s.channel));
    for (const t of await store.tracking.list()) channels.add(t.channel);
    for (const t of config.tracking) channels.add(t.channel as ChannelAddress);
    const stories = deps.catalog.list();
    const sections = await Promise.all(
      [...channels].sort().map(async (channel) => ({
        channel,
        schedules: schedules.filter((s) => s.channel === channel),
        tracking: await subscriptionsOfChannel(store, config.tracking, channel),
        recent: await store.deliveries.recent(channel, 5),
        health: await store.channels.get(channel),
      })),
    );
    const storyChoice = (id: string) => (
      <>
        <label for={`${id}-story`}>Story</label>{' '}
        <select id={`${id}-story`} name="story">
          {stories.map((v) => (
            <option value={v.id}>{v.id}</option>
          ))}
        </select>{' '}
        <label for={`${id}-tier`}>Tier</label>{' '}
        <select id={`${id}-tier`} name="tier">
          {TIERS.map((t) => (
            <option value={t} selected={t === 'short'}>
              {t}
            </option>
          ))}
        </select>
      </>
    );
    return c.html(
      <Page title="Channels" identity={identity} section="channels">
        <h1>Channels</h1>
        {flash && <Banner tone={flash.tone}>{flash.text}</Banner>}
        {sections.length === 0 && <p>No channel receives briefings or alerts yet. Add one below.</p>}
        {sections.map((s, i) => (
          <section aria-labelledby={`ch-${i}`}>
            <h2 id={`ch-${i}`}>
              <code>{s.channel}</code>
            </h2>
            {s.health?.failing && (
              <Banner tone="error">
                Failing since <When at={s.health.since} />: {s.health.message ?? s.health.code ?? 'unknown error'}.
                Briefings here are paused until it works again; alerts are still tried.
              </Banner>
            )}
            <h3>Schedules</h3>
            {s.schedules.length === 0 && <p>No scheduled briefing.</p>}
            <ul>
              {s.schedules.map((schedule) => (
                <li>
                  {inlineText(scheduleLine(schedule, now))}{' '}
                  {schedule.origin === 'chat' && (
                    <>
                      <form method="post" action={`/console/channels/schedules/${schedule.id}/pause`} class="inline">
                        <FormToken identity={identity} />
                        <input type="hidden" name="paused" value={schedule.paused ? 'false' : 'true'} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={`${schedule.paused ? 'Resume' : 'Pause'} ${schedule.id}`}
                        >
                          {schedule.paused ? 'Resume' : 'Pause'}
                        </button>
                      </form>{' '}
                      <form method="post" action={`/console/channels/schedules/${schedule.id}/remove`} class="inline">
                        <FormToken identity={identity} />
                        <button type="submit" class="secondary" aria-label={`Remove ${schedule.id}`}>
                          Remove
                        </button>
                      </form>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <h3>Alerts</h3>
            {s.tracking.length === 0 ? (
              <p>Tracks nothing.</p>
            ) : (
              <ul>
                {s.tracking.map((t) => (
                  <li>
                    {describeTarget(t.kind, t.target, deps.catalog, t.story)}
                    {t.thread ? ', in threads' : ''}
                    {t.managedBy === 'config' ? ' (managed by config)' : ''}
                  </li>
                ))}
              </ul>
            )}
            <h3>Last deliveries</h3>
            <DataTable
              headings={['What', 'Due', 'Status']}
              rows={s.recent.map((d) => [
                d.kind,
                <When at={d.dueAt} />,
                `${d.status}${d.errorCode ? ` (${d.errorCode}: ${d.errorMessage ?? ''})` : ''}`,
              ])}
            />
            <form method="post" action="/console/channels/test-briefing" class="stack">
              <FormToken identity={identity} />
              <input type="hidden" name="channel" value={s.channel} />
              {storyChoice(`test-${i}`)} <button type="submit">Send a test briefing now</button>
            </form>
          </section>
        ))}
        <section aria-labelledby="add-schedule">
          <h2 id="add-schedule">Add a schedule</h2>
          <form method="post" action="/console/channels/schedules" class="stack">
            <FormToken identity={identity} />
            <div class="field">
              <label for="add-channel">Channel</label>
              <input
                type="text"
                id="add-channel"
                name="channel"
                required
                list="known-channels"
                aria-describedby="add-channel-hint"
              />
              <p class="hint" id="add-channel-hint">
                As Sitrep addresses it: slack:C0123 (slack:T0123/C0123 with several workspaces) or discord:1234
              </p>
              <datalist id="known-channels">
                {sections.map((s) => (
                  <option value={s.channel} />
                ))}
              </datalist>
            </div>
            <div class="field">
              <label for="add-spec">When</label>
              <input type="text" id="add-spec" name="spec" required aria-describedby="add-spec-hint" />
              <p class="hint" id="add-spec-hint">
                daily 09:00, weekdays 07:30, or a 5-field cron
              </p>
            </div>
            <div class="field">
              <label for="add-tz">Time zone (optional)</label>
              <input type="text" id="add-tz" name="tz" aria-describedby="add-tz-hint" />
              <p class="hint" id="add-tz-hint">
                e.g. Europe/London; default {config.timezone}
              </p>
            </div>
            <div class="field">{storyChoice('add')}</div>
            <button type="submit">Add the schedule</button>
          </form>
        </section>
      </Page>,
      status as 200,
    );
  };

  app.get('/channels', (c) => page(c));

  /** Runs a chat command for `channel` as the signed-in admin: same checks, same answer, same audit. */
  const asCommand = async (c: Context<ConsoleEnv>, channel: ChannelAddress, text: string) => {
    if (!deps.commands)
      return {
        text: 'Commands are not available here.',
        cards: [{ tone: 'error' as const, blocks: [] }],
        visibility: 'private' as const,
      };
    return deps.commands.handle({ text, caller: { ...consoleCaller(c.get('identity')), channel } });
  };

  app.post('/channels/schedules', async (c) => {
    const body = await c.req.parseBody();
    const channel = String(body.channel ?? '').trim();
    if (!parseChannelAddress(channel))
      return page(c, { tone: 'error', text: `"${channel}" is not a channel address.` }, 400);
    const parts = [
      String(body.spec ?? '').trim(),
      String(body.tz ?? '').trim(),
      String(body.story ?? ''),
      String(body.tier ?? ''),
    ];
    const answer = await asCommand(c, channel as ChannelAddress, `schedule add ${parts.filter(Boolean).join(' ')}`);
    return page(c, outcome(answer), answer.cards[0]?.tone === 'success' ? 200 : 400);
  });

  app.post('/channels/schedules/:id/remove', async (c) => {
    const schedule = await store.schedules.get(c.req.param('id'));
    if (!schedule) return page(c, { tone: 'error', text: 'That schedule is gone already.' }, 404);
    const answer = await asCommand(c, schedule.channel, `schedule remove ${schedule.id}`);
    return page(c, outcome(answer));
  });

  app.post('/channels/schedules/:id/pause', async (c) => {
    const schedule = await store.schedules.get(c.req.param('id'));
    if (!schedule) return page(c, { tone: 'error', text: 'That schedule is gone.' }, 404);
    const paused = String((await c.req.parseBody()).paused) !== 'false';
    const reason = `paused in the console by ${c.get('identity').user}`;
    await store.schedules.setPaused(schedule.id, paused, paused ? reason : undefined);
    await store.audit.add({
      at: deps.clock.now(),
      actor: `console:${c.get('identity').user}`,
      via: 'console',
      action: paused ? 'schedule.pause' : 'schedule.resume',
      target: schedule.id,
      outcome: 'ok',
      detail: `${schedule.channel} ${describeSchedule(schedule)}`,
    });
    return page(c, {
      tone: 'ok',
      text: `${paused ? 'Paused' : 'Resumed'} ${schedule.id} (${describeSchedule(schedule)}).`,
    });
  });

  app.post('/channels/test-briefing', async (c) => {
    const body = await c.req.parseBody();
    const channel = String(body.channel ?? '') as ChannelAddress;
    const view = deps.catalog.get(String(body.story ?? ''));
    const tier = (TIERS as readonly string[]).includes(String(body.tier)) ? (String(body.tier) as Tier) : 'short';
    if (!parseChannelAddress(channel) || !view || !deps.deliverer)
      return page(c, { tone: 'error', text: 'Choose a channel and a loaded story.' }, 400);
    const briefing = buildBriefing(view, { tier });
    const user = c.get('identity').user;
    const message: OutgoingMessage = {
      ...briefing,
      cards: [
        ...briefing.cards,
        { tone: 'info', blocks: [contextBlock(`Test briefing, sent from the console by ${user}.`)] },
      ],
    };
    await deps.deliverer.enqueue([
      { id: `test:${randomUUID()}`, kind: 'briefing', channel, story: view.id, dueAt: deps.clock.now(), message },
    ]);
    await store.audit.add({
      at: deps.clock.now(),
      actor: `console:${user}`,
      via: 'console',
      action: 'briefing.test',
      target: channel,
      outcome: 'ok',
      detail: `${view.id} ${tier}`,
    });
    return page(c, { tone: 'ok', text: `A test ${tier} briefing of ${view.id} is on its way to ${channel}.` });
  });

  return app;
}

/** A command's answer as the page's banner. */
function outcome(answer: OutgoingMessage): { tone: 'ok' | 'error'; text: string } {
  const failed = answer.cards.some((card) => card.tone === 'error' || card.tone === 'warning');
  return { tone: failed ? 'error' : 'ok', text: answer.text };
}

async function adminsOnly(c: Context<ConsoleEnv>, next: () => Promise<void>) {
  const identity = c.get('identity');
  if (identity.role === 'admin') return next();
  return c.html(
    <Page title="Channels" identity={identity} section="channels">
      <h1>Channels</h1>
      <p>Channels, schedules and tracking are for admins.</p>
    </Page>,
    403,
  );
}
