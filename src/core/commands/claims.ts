import { UserError } from '../../errors.js';
import { capitalise, counted } from '../helpers.js';
import { CHOICE_SLOT, contextBlock, type OutgoingMessage, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import { type Claim, CONFIDENCES, HEDGINGS } from '../story/schema.js';
import { claimList } from '../views/claim.js';
import { pickList } from '../views/pick.js';
import {
  type ClaimFilters,
  describeFilters,
  matchesFilters,
  nearKeyword,
  STATUS_FILTERS,
  splitFilters,
} from './claim-filters.js';
import { joinWords } from './tokenize.js';
import type { CommandContext, CommandDef } from './types.js';

type Selection = { view: StoryView; claims: readonly Claim[]; label: string; also?: string } | OutgoingMessage;

/** The claims an actor or a source names: about the actor, on the source's word, or both when one speaks for the other. */
function select(filters: ClaimFilters, ctx: CommandContext): Selection {
  const who = filters.who;
  const views = filters.story ? [ctx.catalog.resolve(filters.story)] : ctx.catalog.listFor(who ?? '');
  if (!who) {
    const view = ctx.catalog.resolve(filters.story);
    return { view, claims: view.story.claims, label: '' };
  }
  for (const view of views) {
    const actor = view.findActor(who);
    const source = view.findSource(who);
    if (actor.kind === 'found') {
      const about = view.claimsByActor.get(actor.item.id) ?? [];
      if (source.kind === 'found' && source.item.affiliation === actor.item.id) {
        const own = new Set([...about, ...(view.claimsBySource.get(source.item.id) ?? [])]);
        const claims = view.story.claims.filter((c) => own.has(c));
        return { view, claims, label: `about or from ${actor.item.name}` };
      }
      const also =
        source.kind === 'found' ? `${source.item.name} is also a source: /sitrep source ${source.item.id}` : undefined;
      return { view, claims: about, label: `about ${actor.item.name}`, ...(also ? { also } : {}) };
    }
    if (source.kind === 'found') {
      return { view, claims: view.claimsBySource.get(source.item.id) ?? [], label: `from ${source.item.name}` };
    }
    // Several match: the choices, keeping the other filters (and the story, and share), never a guess.
    const choices =
      actor.kind === 'ambiguous'
        ? { noun: 'actors', list: actor.candidates.map((a) => ({ label: a.name, detail: a.role, value: a.id })) }
        : source.kind === 'ambiguous'
          ? { noun: 'sources', list: source.candidates.map((s) => ({ label: s.name, detail: s.kind, value: s.id })) }
          : undefined;
    if (choices) {
      const story = filters.story ? [filters.story] : [];
      const command = joinWords([
        'claims',
        ...story,
        CHOICE_SLOT,
        ...filterWords(filters),
        ...(ctx.share ? ['share'] : []),
      ]);
      const list = choices.list.map(({ detail, ...c }) => (detail ? { ...c, detail } : c));
      return pickList(`"${who}" matches several ${choices.noun}. Which one?`, who, command, list, view.story.title);
    }
  }
  throw new UserError(noMatch(who, views), 'not_found');
}

function filterWords(filters: ClaimFilters): string[] {
  return [filters.status, filters.hedging, filters.confidence].filter((w): w is string => w !== undefined);
}

function noMatch(who: string, views: readonly StoryView[]): string {
  const near = who.split(/\s+/).map(nearKeyword).find(Boolean);
  if (near) return `No actor or source matches "${who}". Did you mean the filter "${near}"?`;
  const hints = [
    ...new Set(
      views.flatMap((v) => [
        ...v.actors.search(who, 3).map((a) => a.actor.name),
        ...v.sources.search(who, 2).map((s) => s.source.name),
      ]),
    ),
  ].slice(0, 3);
  const tail = hints.length > 0 ? ` Did you mean ${hints.join(', ')}?` : ' Try /sitrep actors or /sitrep sources.';
  return `No actor or source matches "${who}".${tail}`;
}

export const claims: CommandDef = {
  name: 'claims',
  description: 'Claims, filtered by actor or source, status, hedging and confidence, in any order',
  options: [
    {
      name: 'actor',
      description: 'Only claims about this actor or on this source’s word',
      rest: true,
      autocomplete: 'actor',
    },
    { name: 'status', description: 'Status, or "unconfirmed" for all but confirmed', choices: STATUS_FILTERS },
    { name: 'hedging', description: 'How the source put it', choices: HEDGINGS },
    { name: 'confidence', description: "The editors' confidence", choices: CONFIDENCES },
  ],
  examples: [
    'claims kim speculative',
    'claims',
    'claims russia reported hedged',
    'claims putin high',
    'claims unconfirmed',
  ],
  cacheable: true,
  split(words, ctx) {
    const filters = splitFilters(words, ctx.catalog);
    if ('error' in filters) return filters;
    const { who, ...rest } = filters;
    return { ...rest, actor: who };
  },
  run(args, ctx) {
    // Typed options (Discord) may still carry filter words in the actor field: sort them the same way.
    const typed = splitFilters(args.actor ? args.actor.split(/\s+/) : [], ctx.catalog);
    if ('error' in typed) throw new UserError(`${capitalise(typed.error)}.`);
    const filters: ClaimFilters = {
      ...typed,
      ...(args.story ? { story: args.story } : {}),
      ...(args.status ? { status: args.status } : {}),
      ...(args.hedging ? { hedging: args.hedging } : {}),
      ...(args.confidence ? { confidence: args.confidence } : {}),
    };
    const selected = select(filters, ctx);
    if ('cards' in selected) return selected;
    const { view, also } = selected;
    const list = selected.claims.filter((c) => matchesFilters(c, filters));
    const described = describeFilters(filters);
    const joiner = /^(with|not) /.test(described) ? ' ' : ', ';
    const label = selected.label && described ? `${selected.label}${joiner}${described}` : selected.label || described;
    const title = `Claims${label ? ` ${label}` : ''}`;
    const body =
      list.length > 0
        ? [claimList(list, view), contextBlock('One claim and its history: /sitrep claim <id>')]
        : [textBlock(`No claims ${label || 'in this story'}.`)];
    if (also) body.push(contextBlock(also));
    return {
      // Names keep their case ("about Vladimir Putin"), and one claim is "1 claim".
      text: `${counted(list.length, 'claim')}${label ? ` ${label}` : ''}`,
      cards: [{ title, tone: 'info', blocks: body, footer: view.story.title }],
    };
  },
};
