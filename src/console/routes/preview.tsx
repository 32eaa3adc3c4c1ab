import { Hono } from 'hono';
import { buildBriefing } from '../../core/briefing/build.js';
import { alertMessage } from '../../core/claims/alert-message.js';
import { countChanges } from '../../core/claims/describe.js';
import { diffStories } from '../../core/claims/diff.js';
import { storyOfRevision } from '../../core/claims/revisions.js';
import type { OutgoingMessage } from '../../core/message.js';
import { TIERS, type Tier } from '../../core/story/schema.js';
import { actorCard } from '../../core/views/actor.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { Page } from '../layout.js';
import { PlatformPreview } from '../platform-preview.js';
import { StoryCrumbs, storyHref } from './stories.js';

/**
 * What channels receive, before they do: the briefing at each tier, an actor's card and the story's
 * latest alert, as Slack, Discord and the shell show them, from the payloads the adapters send.
 */
export function previewRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/stories/:story/preview', async (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    const tier: Tier = (TIERS as readonly string[]).includes(c.req.query('tier') ?? '')
      ? (c.req.query('tier') as Tier)
      : 'short';
    const actor = view.actorById.get(c.req.query('actor') ?? '') ?? view.story.actors[0];
    const briefing = buildBriefing(view, { tier });
    const card: OutgoingMessage | undefined = actor && {
      text: actor.name,
      cards: [actorCard(actor, view)],
      visibility: 'channel',
    };
    const alert = await latestAlert(deps, view.id);
    const base = `${storyHref(view.id)}/preview`;
    return c.html(
      <Page title={`Preview · ${view.story.title}`} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} here="Preview" />
        <h1>What channels receive</h1>
        <section aria-labelledby="briefing">
          <h2 id="briefing">Briefing: {tier}</h2>
          <nav aria-label="Tiers">
            <ul>
              {TIERS.map((t) => (
                <li>
                  <a href={`${base}?tier=${t}`} aria-current={t === tier ? 'page' : undefined}>
                    {t}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <PlatformPreview message={briefing} label={`The ${tier} briefing`} />
        </section>
        {card && actor && (
          <section aria-labelledby="actor-card">
            <h2 id="actor-card">Actor card: {actor.name}</h2>
            <form method="get" action={base} class="inline">
              <input type="hidden" name="tier" value={tier} />
              <label for="preview-actor">Actor</label>{' '}
              <select id="preview-actor" name="actor">
                {view.story.actors.slice(0, 500).map((a) => (
                  <option value={a.id} selected={a.id === actor.id}>
                    {a.name}
                  </option>
                ))}
              </select>{' '}
              <button type="submit" class="secondary">
                Show
              </button>
            </form>
            <PlatformPreview message={card} label="The actor card" />
          </section>
        )}
        <section aria-labelledby="alert">
          <h2 id="alert">Alert for the latest change</h2>
          {alert ? (
            <PlatformPreview message={alert} label="The latest alert" />
          ) : (
            <p>No change to this story yet: its first version raises no alert.</p>
          )}
        </section>
      </Page>,
    );
  });

  return app;
}

/** The alert a channel tracking the whole story got for its latest revision, if it changed anything. */
async function latestAlert(deps: ConsoleDeps, story: string): Promise<OutgoingMessage | undefined> {
  const { store } = deps.services;
  const latest = await store.revisions.latest(story);
  const previous = latest && (await store.revisions.previous(story, latest.id));
  const before = previous && storyOfRevision(previous);
  const after = latest && storyOfRevision(latest);
  if (!latest || !before || !after) return undefined;
  const diff = diffStories(before, after);
  return countChanges(diff) > 0 ? alertMessage(diff, { revision: latest, before, after }) : undefined;
}
