import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Page } from '../layout.js';
import { DataTable } from '../table.js';

/**
 * The audit log (who did what, through what, and how it ended) for editors and admins.
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

  return app;
}
