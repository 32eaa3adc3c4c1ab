import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { FormOutcome, FormSpec } from '../core/message.js';
import type { StoryCatalog, StoryView } from '../core/story/catalog.js';
import type { ConsoleEnv } from './deps.js';
import { CoreForm, type CoreFormProps } from './form.js';
import { Banner, Page } from './layout.js';
import { StoryCrumbs } from './routes/stories.js';

/**
 * A core form's page and what happens when it is sent: the one shape of every editing page in the
 * console (claims, actors, sources, timeline entries, the story's own fields, a new story).
 */

export interface FormPageProps extends CoreFormProps {
  /** The story the form edits; none for a new story. */
  view: StoryView | undefined;
  title: string;
  /** Shown above the form (a preview of what saving would send). */
  children?: Child;
}

export function FormPage(props: FormPageProps) {
  const { view, title, children, ...formProps } = props;
  const { identity } = formProps;
  return (
    <Page title={view ? `${title} · ${view.story.title}` : title} identity={identity} section="stories">
      {view ? (
        <StoryCrumbs view={view} here={title} />
      ) : (
        <p class="crumbs">
          <a href="/console/">Stories</a>
        </p>
      )}
      <h1>{title}</h1>
      {children}
      <CoreForm {...formProps} />
    </Page>
  );
}

/** What a form sent: the values of its own fields (nothing else), its state, and the whole body. */
export async function readForm(c: Context<ConsoleEnv>, shown: FormSpec) {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const field of shown.fields) {
    const value = body[field.name];
    if (typeof value === 'string') values[field.name] = value;
  }
  const state = typeof body._state === 'string' ? body._state : shown.state;
  return { body, values, state };
}

/**
 * The page after a form was sent: saved (with a link back), problems beside their fields (400,
 * what was typed kept), or the form on the latest revision with the conflicting fields marked (409).
 */
export function answerForm(
  c: Context<ConsoleEnv>,
  outcome: FormOutcome,
  page: Omit<FormPageProps, 'identity' | 'action' | 'errors' | 'children'> & {
    catalog: StoryCatalog;
    back: { href: string; label: string };
  },
) {
  const identity = c.get('identity');
  const { catalog, back, ...shown } = page;
  switch (outcome.kind) {
    case 'done': {
      // The story as saved: its title may be what just changed.
      const view = shown.view && (catalog.get(shown.view.id) ?? shown.view);
      return c.html(
        <Page title={shown.title} identity={identity} section="stories">
          {view && <StoryCrumbs view={view} here={shown.title} />}
          <h1>{shown.title}</h1>
          <Banner tone="ok">{outcome.message.text}</Banner>
          <p>
            <a href={back.href}>{back.label}</a>
          </p>
        </Page>,
      );
    }
    case 'invalid':
      return c.html(<FormPage {...shown} identity={identity} action={c.req.path} errors={outcome.errors} />, 400);
    case 'conflict':
      return c.html(
        <FormPage {...shown} identity={identity} action={c.req.path} form={outcome.retry} values={{}} />,
        409,
      );
  }
}
