import { addClaimForm, formAnswer } from '../forms/claim-forms.js';
import type { OutgoingMessage } from '../message.js';
import type { CommandDef } from './types.js';

/** `/sitrep add claim [story]`: a form for a new claim, with its source, actors, status and hedging. */
export const addClaim: CommandDef = {
  name: 'add claim',
  description: 'Editors: open a form to add a claim to a story',
  needs: 'edit',
  privateOnly: true,
  options: [{ name: 'story', description: 'Story id', autocomplete: 'story' }],
  examples: ['add claim', 'add claim kim-putin-summit'],
  run(args, ctx): OutgoingMessage {
    const view = ctx.catalog.resolve(args.story);
    return formAnswer(
      addClaimForm(view.id, view.revision),
      `Adding a claim opens a form in Slack and Discord; here, use the console or edit ${view.id}'s story file.`,
    );
  },
};
