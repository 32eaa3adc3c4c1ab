import { Hono } from 'hono';
import type { StoryView } from '../../core/story/catalog.js';
import { CLAIM_STATUSES, type Claim, CONFIDENCES, HEDGINGS } from '../../core/story/schema.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { query, When } from '../format.js';
import { Page } from '../layout.js';
import { DataTable, wideOnly } from '../table.js';
import { StoryCrumbs, storyHref } from './stories.js';

export const PAGE_SIZE = 50;

export interface ClaimFilter {
  actor?: string;
  status?: string;
  hedging?: string;
  confidence?: string;
  q?: string;
}

/** The claims a filter keeps, in story order. One pass over the story: fast for 10,000 claims. */
export function filterClaims(view: StoryView, filter: ClaimFilter): Claim[] {
  const words = (filter.q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const source = filter.actor ? (view.claimsByActor.get(filter.actor) ?? []) : view.story.claims;
  return source.filter(
    (c) =>
      (!filter.status || c.status === filter.status) &&
      (!filter.hedging || (c.hedging ?? 'none') === filter.hedging) &&
      (!filter.confidence || (c.confidence ?? 'none') === filter.confidence) &&
      (words.length === 0 ||
        words.every(
          (w) => c.text.toLowerCase().includes(w) || c.id.includes(w) || (c.note ?? '').toLowerCase().includes(w),
        )),
  );
}

/** The claims table (filters, pages) and each claim's page with its whole history. */
export function claimRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/stories/:story/claims', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    const filter: ClaimFilter = {
      actor: c.req.query('actor') || undefined,
      status: c.req.query('status') || undefined,
      hedging: c.req.query('hedging') || undefined,
      confidence: c.req.query('confidence') || undefined,
      q: c.req.query('q') || undefined,
    };
    const matching = filterClaims(view, filter);
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const base = `${storyHref(view.id)}/claims`;
    return c.html(
      <Page title={`Claims · ${view.story.title}`} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} here="Claims" />
        <h1>Claims</h1>
        <p>
          <a class="button" href={`${storyHref(view.id)}/new-claim`}>
            Add a claim
          </a>
        </p>
        <form class="filters" method="get" action={base}>
          <div>
            <label for="f-q">Text</label>
            <input id="f-q" name="q" type="search" value={filter.q ?? ''} />
          </div>
          <Choice
            name="actor"
            label="Actor"
            value={filter.actor}
            options={view.story.actors.map((a) => [a.id, a.name])}
          />
          <Choice name="status" label="Status" value={filter.status} options={CLAIM_STATUSES.map((s) => [s, s])} />
          <Choice name="hedging" label="Hedging" value={filter.hedging} options={orNotGiven(HEDGINGS)} />
          <Choice name="confidence" label="Confidence" value={filter.confidence} options={orNotGiven(CONFIDENCES)} />
          <button type="submit">Filter</button>
        </form>
        <p role="status">
          {matching.length} of {view.story.claims.length} claims{pages > 1 ? `, page ${page} of ${pages}` : ''}.
        </p>
        <DataTable
          headings={['Claim', 'Status', wideOnly('Hedging'), wideOnly('Confidence'), wideOnly('Source')]}
          rows={shown.map((claim) => [
            <>
              <a href={`${base}/${encodeURIComponent(claim.id)}`}>{claim.id}</a>
              <div class="pre">{claim.text}</div>
            </>,
            <span class={`badge status-${claim.status}`}>{claim.status}</span>,
            claim.hedging ?? '—',
            claim.confidence ?? '—',
            view.sourceNames(claim).join(', '),
          ])}
        />
        {pages > 1 && (
          <nav class="pager" aria-label="Pages">
            {page > 1 && <a href={`${base}${query({ ...filter, page: page - 1 })}`}>‹ Previous</a>}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages && <a href={`${base}${query({ ...filter, page: page + 1 })}`}>Next ›</a>}
          </nav>
        )}
      </Page>,
    );
  });

  app.get('/stories/:story/claims/:claim', async (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    const claim = view?.claimById.get(c.req.param('claim'));
    if (!view || !claim) return c.notFound();
    const history = await deps.services.history.history(view.id, claim.id);
    return c.html(
      <Page title={`${claim.id} · ${view.story.title}`} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} here={claim.id} />
        <h1>Claim {claim.id}</h1>
        <p>
          <a class="button" href={`${storyHref(view.id)}/claims/${encodeURIComponent(claim.id)}/edit`}>
            Edit this claim
          </a>
        </p>
        <dl class="facts">
          <dt>Text</dt>
          <dd class="pre">{claim.text}</dd>
          <dt>Status</dt>
          <dd>
            <span class={`badge status-${claim.status}`}>{claim.status}</span>
          </dd>
          <dt>Hedging</dt>
          <dd>{claim.hedging ?? '—'}</dd>
          <dt>Confidence</dt>
          <dd>{claim.confidence ?? '—'}</dd>
          <dt>About</dt>
          <dd>{claim.about.map((id) => view.actorName(id)).join(', ')}</dd>
          <dt>Source</dt>
          <dd>{view.sourceNames(claim).join(', ')}</dd>
          <dt>Note</dt>
          <dd class="pre">{claim.note ?? '—'}</dd>
        </dl>
        <h2>History</h2>
        {history.length === 0 ? (
          <p>No change since the story's first revision.</p>
        ) : (
          <DataTable
            headings={['When', 'Who', 'How', 'Change']}
            rows={[...history].reverse().map((entry) => [
              <When at={entry.at} />,
              entry.author,
              entry.via,
              typeof entry.change === 'string' ? (
                entry.change
              ) : (
                <ul>
                  {entry.change.map((f) => (
                    <li class="pre">{`${f.field}: ${f.before || '∅'} → ${f.after || '∅'}`}</li>
                  ))}
                </ul>
              ),
            ])}
          />
        )}
      </Page>,
    );
  });

  return app;
}

/** An enum's values as filter choices, and "not given" for the claims that have none. */
function orNotGiven(values: readonly string[]): Array<[string, string]> {
  return [...values.map((v): [string, string] => [v, v]), ['none', 'not given']];
}

/** A filter's select, named as its query parameter; `f-<name>` labels it. */
function Choice(props: { name: string; label: string; value: string | undefined; options: Array<[string, string]> }) {
  const id = `f-${props.name}`;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">any</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
