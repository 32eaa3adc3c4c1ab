import { buildBriefing } from '../briefing/build.js';
import type { DeliveryRequest } from '../delivery/types.js';
import type { Card } from '../message.js';
import type { ChannelAddress } from '../ports.js';
import type { Slot } from '../schedule/slots.js';
import type { Schedule } from '../store.js';
import type { StoryView } from '../story/catalog.js';
import { describeInstant } from './describe.js';
import { briefingDeliveryId } from './ids.js';

/** The loaded stories, as the scheduler needs them (`StoryCatalog` is one). */
export interface StorySource {
  get(id: string): StoryView | undefined;
  list(): StoryView[];
}

export interface BriefingInputs {
  stories: StorySource;
  /** "What changed since your last briefing" for this channel, or undefined to leave it out. */
  sinceLastBriefing(channel: ChannelAddress, story: string): Promise<Card | undefined>;
  /** The story's latest revision id, recorded with the delivery so the next "since last" counts from it. */
  currentRevision(story: string): Promise<number | undefined>;
}

export type BriefingPlan =
  | { ok: true; request: DeliveryRequest }
  | { ok: false; code: 'story_not_found' | 'story_ambiguous'; message: string };

/** The story a schedule briefs: the one it names, or the only one loaded when it names none. */
export function storyFor(schedule: Schedule, stories: StorySource): StoryView | BriefingPlan {
  if (schedule.story !== null) {
    return (
      stories.get(schedule.story) ?? {
        ok: false,
        code: 'story_not_found',
        message: `story "${schedule.story}" is not loaded`,
      }
    );
  }
  const loaded = stories.list();
  const only = loaded.length === 1 ? loaded[0] : undefined;
  if (only) return only;
  return loaded.length === 0
    ? { ok: false, code: 'story_not_found', message: 'no story is loaded' }
    : { ok: false, code: 'story_ambiguous', message: `the schedule names no story and ${loaded.length} are loaded` };
}

/** The delivery request for one slot of a schedule, with the briefing built as it stands now. */
export async function briefingRequest(
  schedule: Schedule,
  slot: Slot,
  late: boolean,
  inputs: BriefingInputs,
): Promise<BriefingPlan> {
  const view = storyFor(schedule, inputs.stories);
  if ('ok' in view) return view;
  const [sinceLast, revisionId] = await Promise.all([
    inputs.sinceLastBriefing(schedule.channel, view.id),
    inputs.currentRevision(view.id),
  ]);
  const message = buildBriefing(view, {
    tier: schedule.tier,
    ...(sinceLast ? { sinceLast } : {}),
    ...(late ? { lateFor: describeInstant(slot.at, schedule.timezone) } : {}),
  });
  return {
    ok: true,
    request: {
      id: briefingDeliveryId(schedule.id, slot.key),
      kind: 'briefing',
      channel: schedule.channel,
      story: view.id,
      scheduleId: schedule.id,
      slotKey: slot.key,
      ...(revisionId === undefined ? {} : { revisionId }),
      dueAt: slot.at,
      late,
      message,
    },
  };
}
