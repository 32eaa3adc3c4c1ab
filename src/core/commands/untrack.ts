import { UserError } from '../../errors.js';
import { configSubscriptions } from '../claims/subscriptions.js';
import { resolveTrackTarget, type TrackTarget } from '../claims/targets.js';
import { failedNotice, notice } from '../message.js';
import type { TrackingKind } from '../store.js';
import { callerId, TRACK_OPTIONS } from './track.js';
import type { CommandDef } from './types.js';

export const untrack: CommandDef = {
  name: 'untrack',
  needs: 'manage',
  description: 'Stop alerts for a claim, actor or story in this channel',
  options: TRACK_OPTIONS,
  examples: ['untrack claim kim-to-visit-russia', 'untrack actor putin', 'untrack story kim-putin-summit'],
  async run(args, ctx) {
    const kind = args.kind as TrackingKind;
    const typed = args.id?.trim() ?? '';
    let target: Pick<TrackTarget, 'target' | 'label'> & { story?: string };
    try {
      target = resolveTrackTarget(kind, typed, ctx.catalog);
    } catch (error) {
      // A claim or actor may have left the story since it was tracked: its id still untracks it.
      if (!(error instanceof UserError) || !typed) throw error;
      target = { target: typed, label: `${kind} ${typed}` };
    }
    const { channel } = ctx.caller;
    const removed = await ctx.services.store.tracking.remove(channel, kind, target.target, target.story);
    if (!removed) {
      const managed = configSubscriptions(ctx.services.config.tracking).some(
        (s) => s.channel === channel && s.kind === kind && s.target === target.target,
      );
      if (managed) {
        return failedNotice(
          'invalid',
          `This channel tracks ${target.label} because config/sitrep.yaml says so; an admin can remove it there.`,
        );
      }
      return notice(`This channel was not tracking ${target.label}. See /sitrep tracking.`, 'info');
    }
    await ctx.services.store.audit.add({
      at: ctx.clock.now(),
      actor: callerId(ctx),
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
      action: 'untrack',
      target: `${kind} ${target.target} in ${channel}`,
      outcome: 'ok',
    });
    return notice(`This channel no longer gets alerts for ${target.label}.`, 'success');
  },
};
