import { type Context, Hono } from 'hono';
import type { ConsoleIdentity } from '../../core/console/sign-in.js';
import type { DeliveryRequest } from '../../core/delivery/types.js';
import { ADD_CLAIM, addClaimForm, EDIT_CLAIM, editClaimForm, submitClaimForm } from '../../core/forms/claim-forms.js';
import type { FormSpec } from '../../core/message.js';
import type { Caller, Platform } from '../../core/ports.js';
import type { StoryView } from '../../core/story/catalog.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { answerForm, FormPage, readForm } from '../form-page.js';
import { PlatformPreview } from '../platform-preview.js';
import { storyHref } from './stories.js';

/**
 * Editing a claim and adding one, with the same forms chat opens (src/core/forms), saved through
 * the one write path as `via: console`: a bad value is shown beside its field, a field changed
 * since the page was opened comes back marked with what it is now, and nothing typed is lost.
 */
export function claimEditRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const claimHref = (story: string, claim: string) => `${storyHref(story)}/claims/${encodeURIComponent(claim)}`;

  const page = (identity: ConsoleIdentity, view: StoryView, title: string, form: FormSpec, action: string) => (
    <FormPage identity={identity} view={view} title={title} form={form} action={action} secondary={PREVIEW_BUTTON} />
  );

  app.get('/stories/:story/claims/:claim/edit', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    const claim = view?.claimById.get(c.req.param('claim'));
    if (!view || !claim) return c.notFound();
    const action = `${claimHref(view.id, claim.id)}/edit`;
    return c.html(
      page(c.get('identity'), view, `Edit ${claim.id}`, editClaimForm(view.id, claim, view.revision), action),
    );
  });

  app.get('/stories/:story/new-claim', (c) => {
    const view = deps.catalog.get(c.req.param('story'));
    if (!view) return c.notFound();
    return c.html(
      page(
        c.get('identity'),
        view,
        'Add a claim',
        addClaimForm(view.id, view.revision),
        `${storyHref(view.id)}/new-claim`,
      ),
    );
  });

  const save = (kind: typeof EDIT_CLAIM | typeof ADD_CLAIM) => async (c: Context<ConsoleEnv>) => {
    const identity = c.get('identity');
    const view = deps.catalog.get(c.req.param('story') ?? '');
    const content = deps.services.content;
    if (!view || !content) return c.notFound();
    const claim = kind === EDIT_CLAIM ? view.claimById.get(c.req.param('claim') ?? '') : undefined;
    const shown =
      kind === EDIT_CLAIM
        ? claim && editClaimForm(view.id, claim, view.revision)
        : addClaimForm(view.id, view.revision);
    if (!shown) return c.notFound();
    const { body, values, state } = await readForm(c, shown);
    let previewed: DeliveryRequest[] | undefined;
    const outcome = await submitClaimForm({ kind, state, values }, consoleCaller(identity), {
      store: deps.services.store,
      content,
      via: 'console',
      ...(body[PREVIEW_BUTTON.name] ? { preview: (alerts: DeliveryRequest[]) => (previewed = alerts) } : {}),
    });
    const title = kind === EDIT_CLAIM ? `Edit ${claim?.id ?? ''}` : 'Add a claim';
    const form = { ...shown, state };
    if (previewed && outcome.kind === 'done') {
      // Nothing saved: the same form, as typed, under what saving it would send.
      return c.html(
        <FormPage
          identity={identity}
          view={view}
          title={title}
          form={form}
          action={c.req.path}
          values={values}
          secondary={PREVIEW_BUTTON}
        >
          <AlertsPreview alerts={previewed} />
        </FormPage>,
      );
    }
    return answerForm(c, outcome, {
      catalog: deps.catalog,
      view,
      title,
      form,
      values,
      secondary: PREVIEW_BUTTON,
      back:
        kind === EDIT_CLAIM && claim
          ? { href: claimHref(view.id, claim.id), label: 'Back to the claim' }
          : { href: `${storyHref(view.id)}/claims`, label: 'Back to the claims' },
    });
  };
  app.post('/stories/:story/claims/:claim/edit', save(EDIT_CLAIM));
  app.post('/stories/:story/new-claim', save(ADD_CLAIM));
  return app;
}

const PREVIEW_BUTTON = { name: '_preview', label: 'Preview the alert' };

/** The alerts saving would send: which channels, and the message as each platform shows it. */
function AlertsPreview(props: { alerts: DeliveryRequest[] }) {
  const { alerts } = props;
  const first = alerts[0];
  return (
    <section class="banner warning" aria-labelledby="alert-preview">
      <h2 id="alert-preview">Preview: nothing is saved yet</h2>
      {alerts.length === 0 ? (
        <p>Saving this raises no alert: no channel tracks what it changes.</p>
      ) : (
        <>
          <p>
            Saving this alerts {alerts.length} channel{alerts.length === 1 ? '' : 's'}:{' '}
            {alerts.map((a, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <code>{a.channel}</code>
              </>
            ))}
            .
          </p>
          {first && <PlatformPreview message={first.message} label="The alert" />}
        </>
      )}
    </section>
  );
}

/** The console's user as the write path records them: `console:<user>` is the author. */
export function consoleCaller(identity: ConsoleIdentity): Caller {
  const [platform = 'shell', ...rest] = identity.user.split(':');
  return {
    platform: (['slack', 'discord', 'shell'].includes(platform) ? platform : 'shell') as Platform,
    userId: rest.join(':') || identity.user,
    channel: 'shell:local',
  };
}
