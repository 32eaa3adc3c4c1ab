import type { StoryView } from '../../core/story/catalog.js';
import { storyHref } from './stories.js';

/** A story's actors, sources and timeline on its page, each with its edit and remove links. */
export function StoryEntities(props: { view: StoryView }) {
  const { view } = props;
  const { story } = view;
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
  return (
    <>
      <section aria-labelledby="actors">
        <h2 id="actors">Actors ({story.actors.length})</h2>
        <p>
          <a href={`${base}/actors/new`}>Add an actor</a>
        </p>
        <ul>
          {story.actors.slice(0, 500).map((a) => (
            <li>
              <strong>{a.name}</strong> <code>{a.id}</code> · {a.kind}
              {a.aliases.length > 0 ? ` · also ${a.aliases.join(', ')}` : ''} {links('actors', a.id, `actor ${a.id}`)}
            </li>
          ))}
        </ul>
        {story.actors.length > 500 && <p class="hint">The first 500 of {story.actors.length}.</p>}
      </section>
      <section aria-labelledby="sources">
        <h2 id="sources">Sources ({story.sources.length})</h2>
        <p>
          <a href={`${base}/sources/new`}>Add a source</a>
        </p>
        <ul>
          {story.sources.slice(0, 500).map((s) => (
            <li>
              <strong>{s.name}</strong> <code>{s.id}</code> · {s.kind} {links('sources', s.id, `source ${s.id}`)}
            </li>
          ))}
        </ul>
        {story.sources.length > 500 && <p class="hint">The first 500 of {story.sources.length}.</p>}
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline ({story.timeline.length})</h2>
        <p>
          <a href={`${base}/timeline/new`}>Add a timeline entry</a>
        </p>
        <ul>
          {story.timeline.slice(0, 500).map((e, i) => (
            <li>
              <strong>{e.date}</strong> <span class="pre">{e.text}</span>{' '}
              {links('timeline', String(i), `timeline entry ${i + 1}`)}
            </li>
          ))}
        </ul>
        {story.timeline.length > 500 && <p class="hint">The first 500 of {story.timeline.length}.</p>}
      </section>
    </>
  );
}
