import { counted } from '../helpers.js';
import {
  type Block,
  bold,
  type Card,
  contextBlock,
  italic,
  type OutgoingMessage,
  STATUS_MARK,
  textBlock,
} from '../message.js';
import type { Revision } from '../store.js';
import type { Story } from '../story/schema.js';
import { hedgingLabel, noteLine } from '../views/claim.js';
import {
  beforeAfter,
  claimChangeLine,
  countChanges,
  displayValue,
  fieldLabel,
  formatInstant,
  type Namer,
  namer,
  otherChangeLines,
} from './describe.js';
import type { ClaimChange, StoryDiff } from './diff.js';

/** Discord allows 10 embeds a message: at most 8 claim cards, then a list, then other changes. */
const MAX_CLAIM_CARDS = 8;

export interface AlertContext {
  revision: Pick<Revision, 'author' | 'via' | 'createdAt'>;
  before: Story;
  after: Story;
}

function editedBy(ctx: AlertContext): string {
  const { author, via, createdAt } = ctx.revision;
  const who = {
    file: 'Edited in the story file',
    start: 'Edited in the story file while the bot was stopped',
    chat: `Edited by ${author} in chat`,
    cli: `Edited by ${author} from the command line`,
    console: `Edited by ${author} in the console`,
    import: `Imported by ${author}`,
    proposal: `Proposed from an article, accepted by ${author}`,
  }[via];
  return `${who} · ${formatInstant(createdAt)}`;
}

/** The order a reader checks a changed claim in: how sure, then who says so, then the rest. */
const DISPLAY_ORDER = ['status', 'confidence', 'hedging', 'source', 'about', 'note'];

function claimCard(change: ClaimChange, ctx: AlertContext, names: Namer): Card {
  const claim = change.after ?? change.before;
  if (!claim) throw new Error(`claim change ${change.id} has no version`);
  const mark = STATUS_MARK[claim.status];
  const verb = { added: 'New claim', removed: 'Claim removed', changed: 'Claim updated' }[change.kind];
  const blocks: Block[] = [textBlock(change.kind === 'removed' ? italic(claim.text) : claim.text)];
  const fields = change.fields
    .filter((f) => f.field !== 'text')
    .sort((a, b) => DISPLAY_ORDER.indexOf(a.field) - DISPLAY_ORDER.indexOf(b.field))
    .map((f) => ({ label: fieldLabel(f.field), value: beforeAfter(f, names) }));
  const wording = change.fields.find((f) => f.field === 'text');
  if (wording) blocks.push(contextBlock(bold('Wording before: '), displayValue('text', wording.before, names)));
  // Every claim shown carries its status and source, and says when the source hedged it.
  const unchanged = (field: string) => !change.fields.some((f) => f.field === field);
  const hedge = hedgingLabel(claim);
  if (change.kind !== 'removed') {
    if (unchanged('status')) fields.push({ label: 'Status', value: `${mark} ${claim.status}` });
    if (hedge && unchanged('hedging')) fields.push({ label: fieldLabel('hedging'), value: hedge });
    if (unchanged('source')) fields.push({ label: 'Source', value: displayValue('source', claim.source, names) });
  }
  if (fields.length > 0) blocks.push({ type: 'fields', fields });
  if (change.kind === 'removed') {
    const how = hedge ? `, ${hedge}` : '';
    blocks.push(contextBlock(`It was ${claim.status}${how} (source: ${displayValue('source', claim.source, names)}).`));
  }
  // The editors' caveat goes with the claim even when it is not what changed (a removed claim's too:
  // it may say why the claim was doubtful).
  const note = unchangedNote(change);
  if (note) blocks.push(contextBlock(bold('Note: '), note));
  blocks.push(contextBlock(editedBy(ctx)));
  return {
    title: `${mark} ${verb}: ${claim.id}`,
    tone: change.kind === 'removed' ? 'warning' : claim.status,
    blocks,
    footer: ctx.after.title,
  };
}

/** The claim's note when the change does not already show it (before → after). */
function unchangedNote(change: ClaimChange): string | undefined {
  if (change.fields.some((f) => f.field === 'note')) return undefined;
  return (change.after ?? change.before)?.note;
}

/** The notification line: what a phone shows before the message is opened. */
function headline(changes: StoryDiff, ctx: AlertContext): string {
  const [only] = changes.claims;
  const title = ctx.after.title;
  if (changes.claims.length !== 1 || countChanges(changes) !== 1 || !only)
    return `${title}: ${counted(countChanges(changes), 'change')}`;
  if (only.kind === 'added') return `${title}: new claim ${only.id} (${only.after?.status})`;
  if (only.kind === 'removed') return `${title}: claim ${only.id} removed`;
  const status = only.fields.find((f) => f.field === 'status');
  const what = only.fields.map((f) => fieldLabel(f.field).toLowerCase()).join(', ');
  return status
    ? `${title}: ${only.id} is now ${only.after?.status} (${what} changed)`
    : `${title}: ${only.id} changed (${what})`;
}

/** One channel's alert for one revision: every change it tracks, in a single message. */
export function alertMessage(changes: StoryDiff, ctx: AlertContext): OutgoingMessage {
  const names = namer(ctx.after, ctx.before);
  const cards = changes.claims.slice(0, MAX_CLAIM_CARDS).map((c) => claimCard(c, ctx, names));
  const overflow = changes.claims.slice(MAX_CLAIM_CARDS);
  if (overflow.length > 0) {
    cards.push({
      title: counted(overflow.length, 'more claim change'),
      tone: 'info',
      blocks: [
        {
          type: 'list',
          items: overflow.map((c) => {
            const note = unchangedNote(c);
            return [bold(c.id), `: ${claimChangeLine(c, names)}`, ...(note ? noteLine(note) : [])];
          }),
        },
        contextBlock('Each claim with its history: /sitrep claim <id>'),
      ],
    });
  }
  const others = otherChangeLines(changes);
  if (others.length > 0) {
    cards.push({
      title: changes.claims.length > 0 ? 'Other changes' : `Story updated: ${ctx.after.title}`,
      tone: 'info',
      blocks: [{ type: 'list', items: others.map((line) => [line]) }, contextBlock(editedBy(ctx))],
    });
  }
  return { text: headline(changes, ctx), cards, visibility: 'channel' };
}
