import { counted } from '../helpers.js';
import { type Block, contextBlock, notice } from '../message.js';
import { scheduleLine } from '../views/schedules.js';
import { channelReportCommand } from './builders.js';

export const scheduleList = channelReportCommand({
  name: 'schedule list',
  description: "This channel's briefing schedules and when each fires next",
  async answer(ctx) {
    const schedules = await ctx.services.store.schedules.list({ channel: ctx.caller.channel, includePaused: true });
    const visibility = ctx.share ? 'channel' : 'private';
    if (schedules.length === 0) {
      return notice(
        'No briefings are scheduled in this channel. Add one: /sitrep schedule add daily 09:00',
        'info',
        visibility,
      );
    }
    const now = ctx.clock.now();
    const paused = schedules.filter((s) => s.paused).length;
    const blocks: Block[] = [{ type: 'list', items: schedules.map((s) => scheduleLine(s, now)) }];
    if (schedules.some((s) => s.origin === 'config')) {
      blocks.push(contextBlock('Schedules managed by config are changed in config/sitrep.yaml by an admin.'));
    }
    if (paused > 0) {
      blocks.push(
        contextBlock('Paused schedules resume when the bot can post here again; /sitrep why shows what failed.'),
      );
    }
    return {
      text: `${counted(schedules.length, 'schedule')} in this channel${paused > 0 ? `, ${paused} paused` : ''}.`,
      visibility,
      cards: [{ title: 'Scheduled briefings', tone: paused > 0 ? 'warning' : 'info', blocks }],
    };
  },
});
