import { Hono } from 'hono';
import type { AuditFilter } from '../../core/store.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { When } from '../format.js';
import { Page } from '../layout.js';
import { DataTable } from '../table.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = [
  { name: 'actor', label: 'Who', hint: 'e.g. slack:U0123 or console:slack:U0123' },
  { name: 'via', label: 'How', hint: 'chat, console, cli, file, slack, discord…' },
  { name: 'action', label: 'What', hint: 'an action or its family: set, schedule, console.sign-in' },
  { name: 'text', label: 'Words', hint: 'in the target or the detail' },
  { name: 'since', label: 'From (day)', hint: 'YYYY-MM-DD, UTC' },
  { name: 'until', label: 'To (day, included)', hint: 'YYYY-MM-DD, UTC' },
] as const;

/**
 * The audit log (who did what, through what, and how it ended) for editors and admins, filtered by
 * who, how, what, words and days with a plain GET form (works without script; the filter is in the
 * address, so it can be shared).
 */
export function overviewRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/audit', async (c) => {
    const typed = Object.fromEntries(FILTERS.map((f) => [f.name, (c.req.query(f.name) ?? '').trim()])) as Record<
      (typeof FILTERS)[number]['name'],
      string
    >;
    const filter: AuditFilter = {};
    if (typed.actor) filter.actor = typed.actor;
    if (typed.via) filter.via = typed.via;
    if (typed.action) filter.action = typed.action;
    if (typed.text) filter.text = typed.text;
    if (DAY.test(typed.since)) filter.since = new Date(`${typed.since}T00:00:00Z`);
    if (DAY.test(typed.until)) filter.until = new Date(new Date(`${typed.until}T00:00:00Z`).getTime() + 86_400_000);
    const filtered = Object.keys(filter).length > 0;
    const entries = await deps.services.store.audit.list({ ...filter, limit: 200 });
    return c.html(
      <Page title="Audit log" identity={c.get('identity')} section="audit">
        <h1>Audit log</h1>
        <form method="get" action="/console/audit" class="filters" aria-label="Filter the audit log">
          {FILTERS.map((f) => (
            <div class="field">
              <label for={`audit-${f.name}`}>{f.label}</label>
              <input
                type="text"
                id={`audit-${f.name}`}
                name={f.name}
                value={typed[f.name]}
                aria-describedby={`audit-${f.name}-hint`}
              />
              <p class="hint" id={`audit-${f.name}-hint`}>
                {f.hint}
              </p>
            </div>
          ))}
          <button type="submit">Filter</button> {filtered && <a href="/console/audit">Clear</a>}
        </form>
        <p>
          {filtered ? 'Matching entries' : 'The latest entries'}, newest first ({entries.length}
          {entries.length === 200 ? ', the most shown at once' : ''}): every change, sign-in and refusal.
        </p>
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
