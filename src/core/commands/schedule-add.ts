import { UserError } from '../../errors.js';
import { counted } from '../helpers.js';
import { code, contextBlock, type OutgoingMessage, textBlock } from '../message.js';
import { parseScheduleSpec, splitScheduleArgs, validateTimeZone } from '../schedule/spec.js';
import { describeSchedule, nextFireTimes, upcomingSlots } from '../scheduler/describe.js';
import type { Schedule } from '../store.js';
import type { StoryView } from '../story/catalog.js';
import { TIERS, type Tier } from '../story/schema.js';
import type { CommandContext, CommandDef } from './types.js';

/** A guard against runaway scripts: far more than any team needs in one channel. */
const MAX_SCHEDULES_PER_CHANNEL = 25;
/** Schedules typed in chat fire at most this often (admins may go lower): no `* * * * *` briefings. */
export const MIN_CHAT_INTERVAL_MINUTES = 15;

/** The shortest gap between the next fire times (enough of them to see every-five-minutes within an hour). */
function shortestGapMinutes(spec: string, timezone: string, now: Date): number {
  const slots = upcomingSlots({ spec, timezone }, now, 60);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < slots.length; i++) {
    gap = Math.min(gap, ((slots[i]?.at.getTime() ?? 0) - (slots[i - 1]?.at.getTime() ?? 0)) / 60_000);
  }
  return gap;
}

function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** The story named (its canonical id), or null for "the only loaded story" when none is named. */
function chooseStory(word: string | undefined, ctx: CommandContext): { story: string | null; view: StoryView } {
  if (word === undefined || word === '') return { story: null, view: ctx.catalog.resolve(undefined) };
  try {
    const view = ctx.catalog.resolve(word);
    return { story: view.id, view };
  } catch (error) {
    // `Londn` was read as a story id; if it is close to a zone name, say that instead.
    const asZone = validateTimeZone(word);
    if (!asZone.ok && asZone.message.includes('did you mean')) {
      throw new UserError(`"${word}" is neither a loaded story nor a time zone: ${asZone.message}.`);
    }
    throw error;
  }
}

function scheduledReply(schedule: Schedule, next: string[], ctx: CommandContext, already: boolean): OutgoingMessage {
  const headline = already
    ? `This channel already has that schedule: ${schedule.id}.`
    : `Scheduled ${schedule.id}: ${schedule.spec} (${schedule.timezone}), ${schedule.tier} briefing.`;
  return {
    text: headline,
    visibility: ctx.share ? 'channel' : 'private',
    cards: [
      {
        title: already ? 'Already scheduled' : 'Briefing scheduled',
        tone: already ? 'info' : 'success',
        blocks: [
          textBlock(code(schedule.id), ` ${describeSchedule(schedule)}`),
          textBlock('Next: '),
          { type: 'list', items: next.map((at) => [at]) },
          contextBlock(`Remove it with /sitrep schedule remove ${schedule.id}; see all with /sitrep schedule list.`),
        ],
      },
    ],
  };
}

export const scheduleAdd: CommandDef = {
  name: 'schedule add',
  needs: 'manage',
  description: "Schedule this channel's briefing: cron, daily HH:MM or weekdays HH:MM",
  options: [
    { name: 'schedule', description: '5-field cron, "daily HH:MM" or "weekdays HH:MM"', required: true },
    {
      name: 'tz',
      description: 'IANA time zone, e.g. Europe/London (default: the configured one)',
      autocomplete: 'timezone',
    },
    { name: 'story', description: 'Which story (optional when only one is loaded)', autocomplete: 'story' },
    { name: 'tier', description: 'How long: headline, short or full', choices: TIERS, autocomplete: 'tier' },
  ],
  examples: [
    'schedule add daily 09:00',
    'schedule add weekdays 07:30 America/New_York full',
    'schedule add 0 */6 * * * UTC',
  ],
  // The spec's length depends on its first word (keyword + time, or 5 cron fields), which positional
  // options cannot express. A quoted cron arrives as one word, hence the re-split.
  split(words) {
    const tokens = words.flatMap((word) => word.split(/\s+/)).filter(Boolean);
    const split = splitScheduleArgs(tokens);
    if (!split.ok) {
      // Too short for a cron: the spec parser explains better (`9:00` → write "daily 9:00").
      const whole = parseScheduleSpec(tokens.join(' '));
      const short = tokens.length > 0 && tokens.length < 5 && !/^(daily|weekdays)$/i.test(tokens[0] ?? '');
      return { error: short && !whole.ok ? whole.message : split.message };
    }
    return { schedule: split.specText, tz: split.zone, story: split.story, tier: split.tier };
  },
  async run(args, ctx) {
    const text = (args.schedule ?? '').trim();
    const parsed = parseScheduleSpec(text);
    if (!parsed.ok) throw new UserError(`Can't schedule "${text}": ${parsed.message}.`);
    const zone = validateTimeZone(args.tz?.trim() || ctx.services.config.timezone);
    if (!zone.ok) throw new UserError(`Can't schedule: ${zone.message}.`);
    const tierWord = (args.tier ?? 'short').toLowerCase();
    if (!isTier(tierWord)) throw new UserError(`Can't schedule: tier must be ${TIERS.join(', ')}, not "${args.tier}".`);
    const { story } = chooseStory(args.story, ctx);

    const { store } = ctx.services;
    const channel = ctx.caller.channel;
    const existing = await store.schedules.list({ channel, includePaused: true });
    const same = existing.find(
      (s) => s.spec === parsed.spec.text && s.timezone === zone.zone && s.story === story && s.tier === tierWord,
    );
    const now = ctx.clock.now();
    if (!ctx.roles.includes('admin')) {
      const gap = shortestGapMinutes(parsed.spec.text, zone.zone, now);
      if (gap < MIN_CHAT_INTERVAL_MINUTES) {
        throw new UserError(
          `Can't schedule "${text}": it fires every ${counted(gap, 'minute')}; schedules from chat fire at most every ${MIN_CHAT_INTERVAL_MINUTES} minutes (an admin may set a shorter one).`,
        );
      }
    }
    if (same) return scheduledReply(same, nextFireTimes(same, now, 3), ctx, true);
    if (existing.length >= MAX_SCHEDULES_PER_CHANNEL) {
      throw new UserError(
        `This channel has ${existing.length} schedules already; remove one first (/sitrep schedule list).`,
      );
    }
    const who = `${ctx.caller.platform}:${ctx.caller.userId}`;
    const schedule = await store.schedules.add({
      channel,
      story,
      spec: parsed.spec.text,
      timezone: zone.zone,
      tier: tierWord,
      createdBy: who,
      createdAt: now,
    });
    await store.audit.add({
      at: now,
      actor: who,
      via: ctx.caller.platform === 'shell' ? 'cli' : 'chat',
      action: 'schedule.add',
      target: schedule.id,
      outcome: 'ok',
      detail: `${channel} ${describeSchedule(schedule)}`,
    });
    return scheduledReply(schedule, nextFireTimes(schedule, now, 3), ctx, false);
  },
};
