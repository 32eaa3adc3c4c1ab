import { resolveTrackTarget, TRACK_KINDS } from '../claims/targets.js';
import { notice } from '../message.js';
import type { TrackingKind } from '../store.js';
import type { CommandContext, CommandDef } from './types.js';

export function callerId(ctx: CommandContext): string {
  return `${ctx.caller.platform}:${ctx.caller.userId}`;
}

/** What `track` and `untrack` take: the same words, so one can undo the other as typed. */
export const TRACK_OPTIONS: CommandDef['options'] = [
  {
    name: 'kind',
    description: 'claim, actor or story',
    required: true,
    choices: TRACK_KINDS,
    autocomplete: 'track-kind',
  },
  { name: 'id', description: 'The claim id, actor name or id, or story id', rest: true },
];

const ALERTS_IN = ['thread', 'channel'] as const;

export const track: CommandDef = {
  name: 'track',
  needs: 'manage',
  description: 'Alert this channel when a claim, an actor’s claims or a whole story change',
  options: [
    ...TRACK_OPTIONS,
    {
      name: 'in',
      description: 'thread: each claim’s alerts in a thread of their own; channel: as messages (the default)',
      choices: ALERTS_IN,
    },
  ],
  // The first example is the one help shows: it names `thread`, which `[in]` alone does not explain.
  examples: ['track claim kim-to-visit-russia thread', 'track actor putin', 'track story kim-putin-summit'],
  async run(args, ctx) {
    const target = resolveTrackTarget(args.kind as TrackingKind, args.id, ctx.catalog);
    const thread = args.in === undefined ? undefined : args.in === 'thread';
    const outcome = await ctx.services.store.tracking.add({
      channel: ctx.caller.channel,
      kind: target.kind,
      target: target.target,
      story: target.story,
      ...(thread === undefined ? {} : { thread }),
      createdBy: callerId(ctx),
      createdAt: ctx.clock.now(),
    });
    await ctx.services.store.audit.add({
      at: ctx.clock.now(),
      actor: callerId(ctx),
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
      action: 'track',
      target: `${target.kind} ${target.target} in ${ctx.caller.channel}${thread ? ' (threads)' : ''}`,
      outcome: 'ok',
      detail: outcome === 'unchanged' ? 'already tracked' : outcome === 'changed' ? `alerts in ${args.in}` : null,
    });
    const where = thread
      ? ' Alerts about each claim go in a thread of their own: the first one starts it, later ones reply in it.'
      : '';
    if (outcome === 'unchanged') return notice(`This channel already tracks ${target.label}.`, 'info');
    if (outcome === 'changed') {
      return notice(
        thread
          ? `This channel tracks ${target.label}.${where}`
          : `This channel tracks ${target.label}; its alerts now come as messages in the channel, not in threads.`,
        'success',
      );
    }
    return notice(
      `This channel now gets an alert whenever ${target.label} changes.${where} Undo: /sitrep untrack ${target.kind} ${target.target}`,
      'success',
    );
  },
};
