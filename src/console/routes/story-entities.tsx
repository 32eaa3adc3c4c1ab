import type { Child } from 'hono/jsx';
import type { StoryView } from '../../core/story/catalog.js';
import type { Actor, Source, Story, TimelineEvent } from '../../core/story/schema.js';
import { storyHref } from './stories.js';

/** How many of a list the story page shows: a story may hold thousands; the page stays light. */
const SHOWN = 500;

/** A story's actors, sources and timeline on its page, each with its edit and remove links. */
export function StoryEntities(props: { view: StoryView }) {
  const { view } = props;
  const base = storyHref(view.id);
  // Labelled by id, never by story text: names are hostile input and stay out of attributes.
  const links = (section: string, key: string, label: string) => (
    <span class="actions">
      <a href={`${base}/${section}/${encodeURIComponent(key)}/edit`} aria-label={`Edit ${label}`}>
        Edit
      </a>{' '}
      <a href={`${base}/${section}/${encodeURIComponent(key)}/remove`} aria-label={`Remove ${label}`}>
        Remove
      </a>
    </span>
  );
  const actorLine = (a: Actor) => (
    <>
      <strong>{a.name}</strong> <code>{a.id}</code> · {a.kind}
      {a.aliases.length > 0 ? ` · also ${a.aliases.join(', ')}` : ''} {links('actors', a.id, `actor ${a.id}`)}
    </>
  );
  const sourceLine = (s: Source) => (
    <>
      <strong>{s.name}</strong> <code>{s.id}</code> · {s.kind} {links('sources', s.id, `source ${s.id}`)}
    </>
  );
  const entryLine = (e: TimelineEvent, i: number) => (
    <>
      <strong>{e.date}</strong> <span class="pre">{e.text}</span>{' '}
      {links('timeline', String(i), `timeline entry ${i + 1}`)}
    </>
  );
  return (
    <>
      <EntitySection view={view} section="actors" title="Actors" add="Add an actor" line={actorLine} />
      <EntitySection view={view} section="sources" title="Sources" add="Add a source" line={sourceLine} />
      <EntitySection view={view} section="timeline" title="Timeline" add="Add a timeline entry" line={entryLine} />
    </>
  );
}

/** One list of the story page: its count, a link to add one, and a line for each of the first few. */
function EntitySection<K extends 'actors' | 'sources' | 'timeline'>(props: {
  view: StoryView;
  /** Which of the story's lists; also its path under the story and the heading's id. */
  section: K;
  title: string;
  add: string;
  line: (item: Story[K][number], index: number) => Child;
}) {
  const { section } = props;
  const items: readonly Story[K][number][] = props.view.story[section];
  return (
    <section aria-labelledby={section}>
      <h2 id={section}>
        {props.title} ({items.length})
      </h2>
      <p>
        <a href={`${storyHref(props.view.id)}/${section}/new`}>{props.add}</a>
      </p>
      <ul>
        {items.slice(0, SHOWN).map((item, i) => (
          <li>{props.line(item, i)}</li>
        ))}
      </ul>
      {items.length > SHOWN && (
        <p class="hint">
          The first {SHOWN} of {items.length}.
        </p>
      )}
    </section>
  );
}
