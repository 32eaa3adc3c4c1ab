import { Hono } from 'hono';
import type { ChannelAddress } from '../../core/ports.js';
import { channelsCard } from '../../core/views/home.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Page } from '../layout.js';
import { MessageView } from '../message.js';

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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">How</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    <When at={e.at} />
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.via}</td>
                  <td class="pre">{[e.action, e.target, e.detail].filter(Boolean).join(' · ')}</td>
                  <td>{e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">What</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {recent.flatMap(([channel, deliveries]) =>
                deliveries.map((d) => (
                  <tr>
                    <td>{channel}</td>
                    <td>{d.kind}</td>
                    <td>
                      <When at={d.dueAt} />
                    </td>
                    <td>
                      {d.status}
                      {d.errorCode ? ` (${d.errorCode})` : ''}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </Page>,
    );
  });

  return app;
}
