import { subscriptionsOfChannel } from '../claims/subscriptions.js';
import { describeTarget } from '../claims/targets.js';
import { counted } from '../helpers.js';
import { contextBlock, type Inline, italic, textBlock } from '../message.js';
import { channelReportCommand } from './builders.js';

export const tracking = channelReportCommand({
  name: 'tracking',
  description: "This channel's alert subscriptions",
  async answer(ctx) {
    const { store, config } = ctx.services;
    const subscriptions = await subscriptionsOfChannel(store, config.tracking, ctx.caller.channel);
    if (subscriptions.length === 0) {
      return {
        text: 'This channel tracks nothing yet.',
        visibility: 'private',
        cards: [
          {
            title: 'Alert subscriptions',
            tone: 'info',
            blocks: [
              textBlock('This channel tracks nothing yet.'),
              contextBlock(
                'Start with /sitrep track story <id>, /sitrep track actor <name> or /sitrep track claim <id>.',
              ),
            ],
          },
        ],
      };
    }
    const items: Inline[][] = subscriptions.map((s) => {
      const what = describeTarget(s.kind, s.target, ctx.catalog, s.story);
      const story = s.kind !== 'story' && s.story ? ` in ${s.story}` : '';
      const who =
        s.managedBy === 'config' ? 'managed by config' : s.createdBy ? `added by ${s.createdBy}` : 'added in chat';
      return [what, story, s.thread ? ', in threads' : '', ' ', italic(`(${who})`)];
    });
    const count = `${counted(subscriptions.length, 'subscription')}`;
    return {
      text: `This channel has ${count}.`,
      visibility: ctx.share ? 'channel' : 'private',
      cards: [
        {
          title: 'Alert subscriptions',
          tone: 'info',
          blocks: [
            { type: 'list', items },
            contextBlock(
              'Config subscriptions are changed in config/sitrep.yaml; others with /sitrep untrack <kind> <id>.',
            ),
          ],
        },
      ],
    };
  },
});
