import { findClaimById } from '../claims/targets.js';
import { editClaimForm, formAnswer } from '../forms/claim-forms.js';
import type { OutgoingMessage } from '../message.js';
import type { CommandDef } from './types.js';

/** `/sitrep edit <claim>`: a form with the claim's fields (Slack and Discord modals); `set` where none opens. */
export const edit: CommandDef = {
  name: 'edit',
  description: 'Editors: open a form to change a claim (text, status, hedging, sources, …)',
  needs: 'edit',
  privateOnly: true,
  options: [
    {
      name: 'claim',
      description: 'Claim id (story:claim when several stories have it)',
      required: true,
      autocomplete: 'claim',
    },
  ],
  examples: ['edit kim-to-visit-russia'],
  run(args, ctx): OutgoingMessage {
    const { view, claim } = findClaimById(args.claim ?? '', ctx.catalog);
    return formAnswer(
      editClaimForm(view.id, claim, view.revision),
      `Editing ${claim.id} opens a form in Slack and Discord; here, use "/sitrep set ${claim.id} field=value" (e.g. status=confirmed).`,
    );
  },
};
