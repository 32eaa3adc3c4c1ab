import { UserError } from '../../errors.js';
import { notice } from '../message.js';
import { describeSchedule } from '../scheduler/describe.js';
import type { CommandDef } from './types.js';

export const scheduleRemove: CommandDef = {
  name: 'schedule remove',
  needs: 'manage',
  description: "Remove one of this channel's briefing schedules",
  options: [
    {
      name: 'id',
      description: 'Schedule id, as /sitrep schedule list shows it',
      required: true,
      autocomplete: 'schedule',
    },
  ],
  examples: ['schedule remove s0k3x9a'],
  async run(args, ctx) {
    const id = (args.id ?? '').trim();
    const { store } = ctx.services;
    const channel = ctx.caller.channel;
    const schedule = await store.schedules.get(id);
    if (!schedule || schedule.channel !== channel) {
      throw new UserError(
        `This channel has no schedule "${id}". /sitrep schedule list shows its schedules.`,
        'not_found',
      );
    }
    if (schedule.origin === 'config') {
      throw new UserError(
        `${id} is managed by config: an admin removes it from config/sitrep.yaml (schedules:), not from chat.`,
        'forbidden',
      );
    }
    if (!(await store.schedules.remove(channel, id))) {
      throw new UserError(`Schedule "${id}" was already removed.`, 'not_found');
    }
    const who = `${ctx.caller.platform}:${ctx.caller.userId}`;
    await store.audit.add({
      at: ctx.clock.now(),
      actor: who,
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
      action: 'schedule.remove',
      target: id,
      outcome: 'ok',
      detail: `${channel} ${describeSchedule(schedule)}`,
    });
    return notice(`Removed ${id} (${describeSchedule(schedule)}).`, 'success', ctx.share ? 'channel' : 'private');
  },
};
