import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { acceptedText } from '../../core/commands/proposal-cards.js';
import type { ConsoleIdentity } from '../../core/console/sign-in.js';
import { proposalHeadline } from '../../core/proposals/render.js';
import type { ProposalReview } from '../../core/proposals/review.js';
import type { StoredProposal } from '../../core/proposals/stored.js';
import { UserError } from '../../errors.js';
import type { ConsoleDeps, ConsoleEnv } from '../deps.js';
import { Banner, FormToken, Page } from '../layout.js';

/**
 * Proposals from articles, reviewed: read an article (a web address or pasted text) against a
 * story, then accept the chosen proposals (with what they need), accept one as edited, or reject
 * them. Every decision goes through the same review service as chat (ADR 0082).
 */

interface Notice {
  tone: 'ok' | 'error' | 'warning';
  text: string;
}

const HEDGINGS = ['firm', 'hedged', 'speculative'] as const;

export function proposalRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const review = (): ProposalReview => {
    const service = deps.services.proposals;
    if (!service) throw new UserError('Proposals are not available on this server.');
    return service;
  };

  const render = async (identity: ConsoleIdentity, notices: Notice[], status: 200 | 400 = 200) => {
    const open = await review().open();
    return {
      page: <ProposalsPage identity={identity} open={open} notices={notices} stories={storyIds(deps)} />,
      status,
    };
  };

  app.get('/proposals', async (c) => {
    const { page } = await render(c.get('identity'), []);
    return c.html(page);
  });

  app.post('/proposals/read', async (c) => {
    const identity = c.get('identity');
    const form = await c.req.parseBody();
    const story = String(form.story ?? '').trim();
    const url = String(form.url ?? '').trim();
    const text = String(form.text ?? '').trim();
    const notices: Notice[] = [];
    try {
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(story))
        throw new UserError('Give a story id, like "port-strike" (a new id drafts a new story).');
      if (!url && !text) throw new UserError('Give the article’s web address, or paste its text.');
      const input = url ? { kind: 'url' as const, url } : { kind: 'text' as const, text, address: 'pasted text' };
      const read = await review().propose(input, { story, by: identity.user });
      notices.push({
        tone: 'ok',
        text: `${read.proposals.length} proposals for ${story} from ${read.batch.title ?? read.batch.address}${
          read.covered.length > 0 ? `; ${read.covered.length} sentences are already in the story` : ''
        }.`,
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      notices.push({ tone: 'error', text: error.message });
    }
    const { page, status } = await render(identity, notices, notices[0]?.tone === 'error' ? 400 : 200);
    return c.html(page, status);
  });

  app.post('/proposals/decide', async (c) => {
    const identity = c.get('identity');
    const form = await c.req.parseBody({ all: true });
    const ids = [form.ids ?? []].flat().map(Number).filter(Number.isInteger);
    const edits = editsFrom(form);
    const notices: Notice[] = [];
    try {
      if (ids.length === 0) throw new UserError('Tick at least one proposal first.');
      if (form.decision === 'reject') {
        const rejected = await review().reject(ids, identity.user);
        notices.push({ tone: 'ok', text: `Rejected ${rejected.map((id) => `#${id}`).join(', ')}.` });
      } else {
        for (const result of await review().accept(ids, identity.user, edits)) {
          notices.push({ tone: result.kind === 'accepted' ? 'ok' : 'warning', text: acceptedText(result) });
        }
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      notices.push({ tone: 'error', text: error.message });
    }
    const { page } = await render(identity, notices);
    return c.html(page);
  });

  return app;
}

function storyIds(deps: ConsoleDeps): string[] {
  return deps.catalog.list().map((v) => v.id);
}

/** `edit.text`, `edit.hedging`, …: the fields of the one proposal accepted as edited. */
function editsFrom(form: Record<string, unknown>): Record<string, string> {
  const edits: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const field = /^edit\.([a-z]+)$/.exec(key)?.[1];
    if (field && typeof value === 'string' && value.trim() !== '') edits[field] = value.trim();
  }
  return edits;
}

function ProposalsPage(props: {
  identity: ConsoleIdentity;
  open: StoredProposal[];
  notices: Notice[];
  stories: string[];
}) {
  const { identity } = props;
  return (
    <Page title="Proposals" identity={identity} section="proposals">
      <h1>Proposals from articles</h1>
      {props.notices.map((n) => (
        <Banner tone={n.tone}>{n.text}</Banner>
      ))}
      <section aria-labelledby="read-heading">
        <h2 id="read-heading">Read an article</h2>
        <form method="post" action="/console/proposals/read" class="stack">
          <FormToken identity={identity} />
          <label>
            Story <input name="story" list="story-ids" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </label>
          <datalist id="story-ids">
            {props.stories.map((id) => (
              <option value={id} />
            ))}
          </datalist>
          <label>
            Web address <input name="url" type="url" placeholder="https://…" />
          </label>
          <label>
            or the article’s text <textarea name="text" rows={6} />
          </label>
          <button type="submit">Read and propose</button>
        </form>
      </section>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Open proposals ({props.open.length})</h2>
        {props.open.length === 0 ? (
          <p>Nothing waiting. Read an article above, or use “/sitrep propose &lt;url&gt;” in chat.</p>
        ) : (
          <form method="post" action="/console/proposals/decide">
            <FormToken identity={identity} />
            <ul class="proposals">
              {props.open.map((p) => (
                <ProposalItem proposal={p} />
              ))}
            </ul>
            <fieldset>
              <legend>Accept one as edited (tick only that one)</legend>
              <label>
                Text <input name="edit.text" />
              </label>
              <label>
                Hedging{' '}
                <select name="edit.hedging">
                  <option value="">as proposed</option>
                  {HEDGINGS.map((h) => (
                    <option value={h}>{h}</option>
                  ))}
                </select>
              </label>
              <label>
                Note <input name="edit.note" />
              </label>
            </fieldset>
            <div class="actions">
              <button type="submit" name="decision" value="accept">
                Accept ticked
              </button>
              <button type="submit" name="decision" value="reject" class="secondary">
                Reject ticked
              </button>
            </div>
          </form>
        )}
      </section>
    </Page>
  );
}

function ProposalItem(props: { proposal: StoredProposal }): Child {
  const { proposal: p } = props;
  const id = `proposal-${p.id}`;
  return (
    <li>
      <input type="checkbox" name="ids" value={String(p.id)} id={id} />{' '}
      <label for={id}>
        <strong>#{p.id}</strong> {p.story}: {proposalHeadline(p.proposal)}
      </label>
      <blockquote>{p.proposal.sentence}</blockquote>
      <p class="why">
        Why: {p.proposal.why}
        {p.proposal.requires.length > 0 ? ` (brings what it needs with it)` : ''}
      </p>
    </li>
  );
}
