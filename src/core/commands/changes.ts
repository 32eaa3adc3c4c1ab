import { UserError } from '../../errors.js';
import { formatInstant, namer, otherChangeLines } from '../claims/describe.js';
import { diffStories } from '../claims/diff.js';
import { storyOfRevision } from '../claims/revisions.js';
import { changeListBlocks } from '../claims/since-last.js';
import { counted } from '../helpers.js';
import { contextBlock, textBlock } from '../message.js';
import type { Revision } from '../store.js';
import type { CommandContext, CommandDef } from './types.js';

const MAX_ITEMS = 15;
const DEFAULT_WINDOW = '24h';

type Since = { kind: 'instant'; at: Date; label: string } | { kind: 'last-briefing' };

/** "24h", "7d", "2w", "2023-09-05", an ISO instant, "yesterday", "last-briefing". */
export function parseSince(value: string, now: Date): Since | undefined {
  const text = value.trim().toLowerCase();
  if (text === 'last-briefing' || text === 'last briefing' || text === 'briefing') return { kind: 'last-briefing' };
  const span = /^(\d{1,4})\s*(h|d|w)$/.exec(text);
  if (span) {
    const hours = Number(span[1]) * { h: 1, d: 24, w: 168 }[span[2] as 'h' | 'd' | 'w'];
    return {
      kind: 'instant',
      at: new Date(now.getTime() - hours * 3_600_000),
      label: `in the last ${span[1]}${span[2]}`,
    };
  }
  if (text === 'yesterday' || text === 'today') {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (text === 'yesterday') day.setUTCDate(day.getUTCDate() - 1);
    return { kind: 'instant', at: day, label: `since ${day.toISOString().slice(0, 10)} 00:00 UTC` };
  }
  if (/^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?(z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.replace(' ', 'T').toUpperCase());
    if (!Number.isNaN(at.getTime())) return { kind: 'instant', at, label: `since ${formatInstant(at)}` };
  }
  return undefined;
}

/** The revision the window starts from: the story as it stood then. */
async function baseline(
  since: Since,
  revisions: readonly Revision[],
  storyId: string,
  ctx: CommandContext,
): Promise<{ base: Revision | undefined; label: string }> {
  if (since.kind === 'last-briefing') {
    const last = await ctx.services.store.deliveries.lastSentBriefing(ctx.caller.channel, storyId);
    if (!last || last.revisionId === null) {
      throw new UserError('This channel has had no briefing of this story yet. Try /sitrep changes since 24h.');
    }
    return {
      base: revisions.find((r) => r.id === last.revisionId),
      label: `since this channel's last briefing (${formatInstant(last.sentAt ?? last.createdAt)})`,
    };
  }
  // Newest first: the first at or before the start of the window is the story as it stood then.
  return { base: revisions.find((r) => r.createdAt.getTime() <= since.at.getTime()), label: since.label };
}

export const changes: CommandDef = {
  name: 'changes',
  description: 'Claims added, changed and removed in a window, before → after',
  options: [
    { name: 'story', description: 'Which story', autocomplete: 'story' },
    { name: 'since', description: 'A date, 24h, 7d, or last-briefing (default 24h)' },
  ],
  examples: ['changes', 'changes since 7d', 'changes since last-briefing', 'changes since 2023-09-01'],
  split(words, ctx) {
    const rest = [...words];
    const args: Record<string, string | undefined> = {};
    if (rest[0] && rest[0].toLowerCase() !== 'since' && ctx.catalog.isStory(rest[0])) args.story = rest.shift();
    if (rest[0]?.toLowerCase() === 'since') rest.shift();
    if (rest.length > 0) args.since = rest.join(' ');
    return args;
  },
  async run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    const now = ctx.clock.now();
    const since = parseSince(args.since ?? DEFAULT_WINDOW, now);
    if (!since) {
      throw new UserError(`"${args.since}" is not a window I know. Try 24h, 7d, 2023-09-05 or last-briefing.`);
    }
    const revisions = await ctx.services.store.revisions.list(view.id);
    const [latest] = revisions;
    const { base, label } = await baseline(since, revisions, view.id, ctx);
    const oldest = revisions[revisions.length - 1];
    const title = `Changes ${label}: ${view.story.title}`;
    const none = (why: string) => ({
      text: `No changes ${label}`,
      cards: [{ title, tone: 'info' as const, blocks: [textBlock(why)], footer: view.story.title }],
    });
    if (!latest) return none('No revision of this story has been recorded yet.');
    // Recorded only after the window began: its first revision is the baseline, as in a claim's history.
    const start = base ?? oldest;
    if (!start || start.id === latest.id) return none(`No changes ${label}.`);
    const before = storyOfRevision(start);
    const after = storyOfRevision(latest);
    if (!before || !after) return none(`No changes ${label}.`);
    const diff = diffStories(before, after);
    if (diff.claims.length === 0 && otherChangeLines(diff).length === 0) return none(`No changes ${label}.`);
    const blocks = changeListBlocks(diff, namer(after, before), MAX_ITEMS);
    const window = revisions.filter((r) => r.id > start.id);
    const authors = [
      ...new Set(
        window.map((r) => (r.via === 'file' || r.via === 'start' ? 'the story file' : `${r.author} (${r.via})`)),
      ),
    ];
    blocks.push(
      contextBlock(
        `${counted(window.length, 'revision')}, by ${authors.join(', ')}; latest ${formatInstant(latest.createdAt)}.`,
      ),
    );
    if (!base)
      blocks.push(
        contextBlock(`Recorded since ${formatInstant(start.createdAt)}: compared with the first version kept.`),
      );
    const count = diff.claims.length;
    return {
      text: `${counted(count, 'claim change')} ${label}`,
      cards: [{ title, tone: 'info', blocks, footer: view.story.title }],
    };
  },
};
