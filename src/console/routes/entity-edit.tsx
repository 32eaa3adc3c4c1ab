import { type Context, Hono } from 'hono';
import {
  entityAddForm,
  entityEditForm,
  type FormSubject,
  newStoryForm,
  removeEntity,
  submitEntityForm,
} from '../../core/forms/entity-forms.js';
import type { FormSpec } from '../../core/message.js';
import type { StoryView } from '../../core/story/catalog.js';
import { UserError } from '../../errors.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { answerForm, FormPage, readForm } from '../form-page.js';
import { Banner, FormToken, Page } from '../layout.js';
import { consoleCaller } from './claim-edit.js';
import { StoryCrumbs, storyHref } from './stories.js';

/**
 * Actors, sources and timeline entries (edit, add, remove), the story's own fields and summary
 * tiers, and a new story: the core's entity forms as HTML forms, saved through the one write path
 * as `via: console`, with problems and conflicts beside their fields.
 */

const SECTIONS = { actors: 'actor', sources: 'source', timeline: 'timeline' } as const;
type Section = keyof typeof SECTIONS;

function subjectOf(section: string | undefined): Exclude<FormSubject, 'story'> | undefined {
  return section && section in SECTIONS ? SECTIONS[section as Section] : undefined;
}

export function entityEditRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  /** A form page, or 404 when what it edits is not there. */
  const show = (c: Context<ConsoleEnv>, build: (view: StoryView) => FormSpec) => {
    const view = deps.catalog.get(c.req.param('story') ?? '');
    if (!view) return c.notFound();
    try {
      const form = build(view);
      return c.html(
        <FormPage identity={c.get('identity')} view={view} title={form.title} form={form} action={c.req.path} />,
      );
    } catch (error) {
      if (error instanceof UserError) return c.notFound();
      throw error;
    }
  };

  /** Saves a submitted form and answers with the outcome: done, problems (400) or a conflict (409). */
  const save = async (c: Context<ConsoleEnv>, shown: FormSpec, view: StoryView | undefined, back: string) => {
    const content = deps.services.content;
    if (!content) return c.notFound();
    const { values, state } = await readForm(c, shown);
    const outcome = await submitEntityForm({ kind: shown.kind, state, values }, consoleCaller(c.get('identity')), {
      store: deps.services.store,
      content,
      via: 'console',
    });
    return answerForm(c, outcome, {
      catalog: deps.catalog,
      view,
      title: shown.title,
      form: { ...shown, state },
      values,
      back: { href: back, label: view ? 'Back to the story' : 'To the story' },
    });
  };

  app.get('/new-story', (c) => {
    const form = newStoryForm();
    return c.html(
      <FormPage identity={c.get('identity')} view={undefined} title={form.title} form={form} action={c.req.path} />,
    );
  });
  app.post('/new-story', async (c) => {
    const id = String((await c.req.parseBody()).id ?? '').trim();
    return save(c, newStoryForm(), undefined, id ? storyHref(id) : '/console/');
  });

  app.get('/stories/:story/edit', (c) =>
    show(c, (view) => entityEditForm('story', view.story, undefined, view.revision)),
  );
  app.post('/stories/:story/edit', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    return save(c, entityEditForm('story', view.story, undefined, view.revision), view, storyHref(view.id));
  });

  app.get('/stories/:story/:section/new', (c) => {
    const subject = subjectOf(c.req.param('section'));
    if (!subject) return c.notFound();
    return show(c, (view) => entityAddForm(subject, view.id, view.revision));
  });
  app.post('/stories/:story/:section/new', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    const subject = subjectOf(c.req.param('section'));
    if (!view || !subject) return c.notFound();
    return save(c, entityAddForm(subject, view.id, view.revision), view, storyHref(view.id));
  });

  app.get('/stories/:story/:section/:key/edit', (c) => {
    const subject = subjectOf(c.req.param('section'));
    if (!subject) return c.notFound();
    return show(c, (view) => entityEditForm(subject, view.story, c.req.param('key'), view.revision));
  });
  app.post('/stories/:story/:section/:key/edit', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    const subject = subjectOf(c.req.param('section'));
    if (!view || !subject) return c.notFound();
    try {
      const form = entityEditForm(subject, view.story, c.req.param('key'), view.revision);
      return save(c, form, view, storyHref(view.id));
    } catch (error) {
      if (error instanceof UserError) return c.notFound();
      throw error;
    }
  });

  // Removing asks first, on a page of its own: a form with the revision it was shown on.
  app.get('/stories/:story/:section/:key/remove', (c) => {
    const subject = subjectOf(c.req.param('section'));
    if (!subject) return c.notFound();
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    let form: FormSpec;
    try {
      form = entityEditForm(subject, view.story, c.req.param('key'), view.revision);
    } catch {
      return c.notFound();
    }
    const name = form.fields.find((f) => f.name === 'name' || f.name === 'text')?.value ?? c.req.param('key');
    return c.html(
      <Page title={`Remove · ${view.story.title}`} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} here="Remove" />
        <h1>Remove {subject === 'timeline' ? 'this timeline entry' : `${subject} ${c.req.param('key')}`}?</h1>
        <p class="pre">{name}</p>
        <p>
          It goes in one revision, with its history kept. A claim or entry still naming it stops the removal and says
          where.
        </p>
        <form method="post" action={c.req.path} class="stack">
          <FormToken identity={c.get('identity')} />
          <input type="hidden" name="_state" value={form.state} />
          <button type="submit">Remove</button> <a href={storyHref(view.id)}>Cancel</a>
        </form>
      </Page>,
    );
  });
  app.post('/stories/:story/:section/:key/remove', async (c) => {
    const subject = subjectOf(c.req.param('section'));
    const view = deps.catalog.get(c.req.param('story'));
    const content = deps.services.content;
    if (!subject || !view || !content) return c.notFound();
    const body = await c.req.parseBody();
    if (typeof body._state !== 'string') return c.notFound();
    const outcome = await removeEntity(subject, body._state, consoleCaller(c.get('identity')), {
      store: deps.services.store,
      content,
      via: 'console',
    });
    if (outcome.kind === 'done') {
      return c.html(
        <Page title={`Remove · ${view.story.title}`} identity={c.get('identity')} section="stories">
          <StoryCrumbs view={deps.catalog.get(view.id) ?? view} here="Remove" />
          <h1>Removed</h1>
          <Banner tone="ok">{outcome.message.text}</Banner>
          <p>
            <a href={storyHref(view.id)}>Back to the story</a>
          </p>
        </Page>,
      );
    }
    const problems = Object.values(outcome.errors);
    return c.html(
      <Page title={`Remove · ${view.story.title}`} identity={c.get('identity')} section="stories">
        <StoryCrumbs view={view} here="Remove" />
        <h1>Not removed</h1>
        {problems.map((p) => (
          <Banner tone="error">{p}</Banner>
        ))}
        <p>
          <a href={storyHref(view.id)}>Back to the story</a>
        </p>
      </Page>,
      outcome.kind === 'conflict' ? 409 : 400,
    );
  });

  return app;
}
