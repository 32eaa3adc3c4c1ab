import { Hono } from 'hono';
import type { StoryView } from '../../core/story/catalog.js';
import { removedWorkspaces } from '../../core/views/removed-workspaces.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { Page } from '../layout.js';
import { RemovedWorkspaces } from '../removed-workspaces.js';
import { DataTable, wideOnly } from '../table.js';
import { StoryEntities } from './story-entities.js';

/** The stories being served, and each story's overview: its summary tiers and what it holds. */
export function storyRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/', async (c) => {
    const identity = c.get('identity');
    const views = deps.catalog.list();
    const problems = deps.catalog.problems();
    const uninstalls = identity.role === 'admin' ? await removedWorkspaces(deps.services.store) : undefined;
    return c.html(
      <Page title="Stories" identity={identity} section="stories">
        {uninstalls && <RemovedWorkspaces {...uninstalls} />}
        <h1>Stories</h1>
        <p>
          <a href="/console/new-story">New story</a>
        </p>
        {views.length === 0 && <p>No story is loaded yet.</p>}
        {views.length > 0 && (
          <DataTable
            headings={['Story', 'As of', 'Claims', wideOnly('Actors'), wideOnly('Sources')]}
            rows={views.map((view) => [
              <>
                <a href={storyHref(view.id)}>{view.story.title}</a>
                <div class="hint">{view.id}</div>
              </>,
              view.story.asOf ?? '—',
              <a href={`${storyHref(view.id)}/claims`}>{view.story.claims.length}</a>,
              view.story.actors.length,
              view.story.sources.length,
            ])}
          />
        )}
        {problems.length > 0 && (
          <section aria-labelledby="problems">
            <h2 id="problems">Story files with problems</h2>
            <p>The last valid version of each is still served.</p>
            <ul>
              {problems.map((p) => (
                <li>
                  <code>{p.file}</code>:{' '}
                  {p.problems
                    .slice(0, 3)
                    .map((x) => `${x.line}:${x.col} ${x.message}`)
                    .join('; ')}
                </li>
              ))}
            </ul>
          </section>
        )}
      </Page>,
    );
  });

  app.get('/stories/:story', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    const { story } = view;
    return c.html(
      <Page title={story.title} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} />
        <h1>{story.title}</h1>
        <StoryNav view={view} />
        <h2>Summary</h2>
        <dl class="facts">
          <dt>Headline</dt>
          <dd class="pre">{story.summary.headline}</dd>
          <dt>Short</dt>
          <dd class="pre">{story.summary.short}</dd>
          <dt>Full</dt>
          <dd class="pre">{story.summary.full ?? '—'}</dd>
          <dt>As of</dt>
          <dd>{story.asOf ?? '—'}</dd>
        </dl>
        <p>
          <a href={`${storyHref(view.id)}/edit`}>Edit the title and summaries</a>
        </p>
        <StoryEntities view={view} />
      </Page>,
    );
  });

  return app;
}

export function storyHref(story: string): string {
  return `/console/stories/${encodeURIComponent(story)}`;
}

export function StoryCrumbs(props: { view: StoryView; here?: string }) {
  return (
    <p class="crumbs">
      <a href="/console/">Stories</a> › <a href={storyHref(props.view.id)}>{props.view.story.title}</a>
      {props.here ? ` › ${props.here}` : ''}
    </p>
  );
}

export function StoryNav(props: { view: StoryView }) {
  const base = storyHref(props.view.id);
  const { story } = props.view;
  return (
    <nav aria-label="This story">
      <ul>
        <li>
          <a href={`${base}/claims`}>Claims ({story.claims.length})</a>
        </li>
        <li>
          <a href={`${base}/preview`}>Preview: what channels receive</a>
        </li>
      </ul>
    </nav>
  );
}
