import { Hono } from 'hono';
import type { ChannelAddress } from '../../core/ports.js';
import { channelsCard } from '../../core/views/home.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Page } from '../layout.js';
import { MessageView } from '../message.js';
import { DataTable } from '../table.js';

/**
 * The audit log (who did what, through what, and how it ended) for editors and admins, and the
 * channels (each channel's schedules and alert subscriptions, and its last deliveries) for admins.
 */
export function overviewRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/audit', async (c) => {
    const entries = await deps.services.store.audit.list({ limit: 200 });
    return c.html(
      <Page title="Audit log" identity={c.get('identity')} section="audit">
        <h1>Audit log</h1>
        <p>The latest {entries.length} entries, newest first: every change, sign-in and refusal.</p>
        <DataTable
          headings={['When', 'Who', 'How', 'What', 'Outcome']}
          rows={entries.map((e) => [
            <When at={e.at} />,
            e.actor,
            e.via,
            [e.action, e.target, e.detail].filter(Boolean).join(' · '),
            e.outcome,
          ])}
        />
      </Page>,
    );
  });

  app.get('/channels', async (c) => {
    const identity = c.get('identity');
    if (identity.role !== 'admin') {
      return c.html(
        <Page title="Channels" identity={identity} section="channels">
          <h1>Channels</h1>
          <p>Channels, schedules and tracking are for admins.</p>
        </Page>,
        403,
      );
    }
    const { store, config } = deps.services;
    const card = await channelsCard({ store, config, catalog: deps.catalog, clock: deps.clock }, () => true);
    const channels = new Set<ChannelAddress>();
    for (const s of await store.schedules.list({ includePaused: true })) channels.add(s.channel);
    for (const t of await store.tracking.list()) channels.add(t.channel);
    for (const t of config.tracking) channels.add(t.channel as ChannelAddress);
    const recent = await Promise.all(
      [...channels].sort().map(async (ch) => [ch, await store.deliveries.recent(ch, 5)] as const),
    );
    return c.html(
      <Page title="Channels" identity={identity} section="channels">
        <h1>Channels</h1>
        <MessageView message={{ cards: [card] }} />
        <h2>Last deliveries</h2>
        <DataTable
          headings={['Channel', 'What', 'Due', 'Status']}
          rows={recent.flatMap(([channel, deliveries]) =>
            deliveries.map((d) => [
              channel,
              d.kind,
              <When at={d.dueAt} />,
              `${d.status}${d.errorCode ? ` (${d.errorCode})` : ''}`,
            ]),
          )}
        />
      </Page>,
    );
  });

  return app;
}
