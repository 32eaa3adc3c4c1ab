import { type Block, bold, code, contextBlock, type Inline, textBlock } from '../message.js';
import { formatFireTime } from '../schedule/format.js';
import { describeSchedule, upcomingSlots } from '../scheduler/describe.js';
import type { Delivery, Schedule } from '../store.js';
import { channelReportCommand } from './builders.js';

const SHOWN_DELIVERIES = 10;

function when(at: Date, zone: string): string {
  try {
    return formatFireTime(at, zone);
  } catch {
    return at.toISOString();
  }
}

function what(delivery: Delivery): string {
  if (delivery.kind === 'alert')
    return `alert${delivery.revisionId === null ? '' : ` (revision ${delivery.revisionId})`}`;
  return `briefing${delivery.scheduleId ? ` ${delivery.scheduleId}` : ''}`;
}

function outcome(delivery: Delivery): Inline[] {
  const attempts = delivery.attempts > 1 ? ` after ${delivery.attempts} attempts` : '';
  const reason = delivery.errorMessage ?? delivery.errorCode ?? 'unknown reason';
  switch (delivery.status) {
    case 'sent':
      return [bold(delivery.late ? 'sent late' : 'sent'), attempts];
    case 'pending':
      return delivery.errorCode
        ? [bold('retrying'), ` (${delivery.attempts} failed: ${delivery.errorCode})`]
        : [bold('sending')];
    case 'failed':
      return [bold('failed'), attempts, ': ', code(delivery.errorCode ?? 'error'), ` ${reason}`];
    case 'missed':
      return [bold('missed'), `: ${reason}`];
    case 'skipped':
      return [bold('skipped'), `: ${reason}`];
  }
}

function nextScheduled(schedules: readonly Schedule[], now: Date): Block {
  let best: { schedule: Schedule; at: Date } | undefined;
  for (const schedule of schedules) {
    if (schedule.paused) continue;
    const at = upcomingSlots(schedule, now, 1)[0]?.at;
    if (at && (!best || at < best.at)) best = { schedule, at };
  }
  if (!best) {
    const paused = schedules.some((s) => s.paused);
    return textBlock(bold('Next: '), paused ? 'nothing — every schedule here is paused.' : 'nothing scheduled here.');
  }
  return textBlock(
    bold('Next: '),
    when(best.at, best.schedule.timezone),
    ' — ',
    code(best.schedule.id),
    ` ${describeSchedule(best.schedule)}`,
  );
}

export const why = channelReportCommand({
  name: 'why',
  description: "This channel's last deliveries and failures, and the next scheduled one",
  async answer(ctx) {
    const { store, config } = ctx.services;
    const channel = ctx.caller.channel;
    const now = ctx.clock.now();
    const [deliveries, health, schedules] = await Promise.all([
      store.deliveries.recent(channel, SHOWN_DELIVERIES),
      store.channels.get(channel),
      store.schedules.list({ channel, includePaused: true }),
    ]);
    const zoneOf = new Map(schedules.map((s) => [s.id, s.timezone]));
    const blocks: Block[] = [];
    if (health?.failing) {
      const since = health.since ? ` since ${when(health.since, config.timezone)}` : '';
      blocks.push(
        textBlock(
          bold('Posting here fails'),
          `${since}: `,
          code(health.code ?? 'error'),
          ` ${health.message ?? ''}`.trimEnd(),
          '. Scheduled briefings here are paused until it works again.',
        ),
      );
    }
    for (const schedule of schedules.filter((s) => s.paused)) {
      blocks.push(textBlock(code(schedule.id), ` paused: ${schedule.pausedReason ?? 'no reason recorded'}`));
    }
    if (deliveries.length === 0) {
      blocks.push(textBlock('Nothing has been delivered to this channel yet.'));
    } else {
      const items = deliveries.map((d): Inline[] => [
        when(d.dueAt, (d.scheduleId && zoneOf.get(d.scheduleId)) || config.timezone),
        ` · ${what(d)} · `,
        ...outcome(d),
      ]);
      blocks.push(textBlock(bold('Last deliveries'), ' (latest first)'), { type: 'list', items });
    }
    blocks.push(nextScheduled(schedules, now));
    blocks.push(contextBlock('Times are due times. /sitrep schedule list shows every schedule.'));
    const failed = deliveries.filter((d) => d.status === 'failed').length;
    const summary = health?.failing
      ? `Posting to this channel fails (${health.code ?? 'error'}).`
      : `${deliveries.length} recent deliveries${failed > 0 ? `, ${failed} failed` : ''}.`;
    return {
      text: summary,
      visibility: ctx.share ? 'channel' : 'private',
      cards: [{ title: 'Why (deliveries in this channel)', tone: health?.failing ? 'warning' : 'info', blocks }],
    };
  },
});
