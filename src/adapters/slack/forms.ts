import type { HomeView, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { FormField, FormSpec, OutgoingMessage } from '../../core/message.js';
import { renderSlackMessages } from './render.js';

/**
 * The core's forms as Slack modals (docs.slack.dev, surfaces/modals): one input block per field
 * (block_id = the field's name), the form's kind in `callback_id`, its state and the channel it
 * was opened from in `private_metadata`. Submissions come back as `view_submission`.
 */

export const FORM_CALLBACK_PREFIX = 'sitrep-form:';
const ACTION_ID = 'value';
/** An optional choice left empty: Slack options need a non-empty value. */
const NONE = '-';

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max) });

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function inputBlock(field: FormField): InputBlock {
  const base = {
    type: 'input' as const,
    block_id: field.name,
    label: plain(field.label, 2000),
    optional: field.required !== true,
    ...(field.problem || field.hint
      ? { hint: plain(field.problem ? `⚠ ${field.problem}` : (field.hint ?? ''), 2000) }
      : {}),
  };
  if (field.kind === 'choice') {
    const options: PlainTextOption[] = [
      ...(field.required ? [] : [{ text: plain('(none)', 75), value: NONE }]),
      ...(field.choices ?? []).map((c) => ({ text: plain(c, 75), value: c })),
    ];
    const initial = options.find((o) => o.value === (field.value ?? (field.required ? undefined : NONE)));
    return {
      ...base,
      element: {
        type: 'static_select',
        action_id: ACTION_ID,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    };
  }
  return {
    ...base,
    element: {
      type: 'plain_text_input',
      action_id: ACTION_ID,
      multiline: field.kind === 'paragraph',
      ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
      ...(field.value ? { initial_value: field.value } : {}),
    },
  };
}

interface FormMetadata {
  state: string;
  channel: string;
}

export function formView(form: FormSpec, channelId: string): ModalView {
  const problem = form.fields.some((f) => f.problem);
  const blocks: KnownBlock[] = [
    ...(problem
      ? [
          {
            type: 'section' as const,
            text: {
              type: 'mrkdwn' as const,
              text: ':warning: Someone changed this claim since you opened the form. Your values are kept below; the fields marked ⚠ say what they are now. Save again to replace them with yours.',
            },
          },
        ]
      : []),
    ...form.fields.map(inputBlock),
  ];
  const metadata: FormMetadata = { state: form.state, channel: channelId };
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.kind}`,
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** A closing view that says what happened (the answer's text and cards, as blocks). */
export function resultView(message: OutgoingMessage): ModalView {
  const [first] = renderSlackMessages({ ...message, visibility: 'private' });
  const blocks: KnownBlock[] = first?.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: message.text } }];
  return {
    type: 'modal',
    title: plain('Sitrep', 24),
    close: plain('Done', 24),
    blocks: blocks.slice(0, MAX_VIEW_BLOCKS),
  };
}

/** Slack allows 100 blocks in a view. */
const MAX_VIEW_BLOCKS = 100;

/** An answer as the App Home tab: its messages' blocks, one after another, within Slack's limit. */
export function homeView(message: OutgoingMessage): HomeView {
  const blocks: KnownBlock[] = renderSlackMessages({ ...message, visibility: 'private' }).flatMap(
    (payload) => payload.blocks,
  );
  return { type: 'home', blocks: blocks.slice(0, MAX_VIEW_BLOCKS) };
}

/** The parts of a view_submission payload read here. */
export interface ViewSubmissionBody {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  view: {
    callback_id: string;
    private_metadata?: string;
    state: {
      values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
    };
  };
}

export function submissionOf(
  body: ViewSubmissionBody,
): { kind: string; state: string; channel: string; values: Record<string, string> } | undefined {
  const kind = body.view.callback_id.slice(FORM_CALLBACK_PREFIX.length);
  let metadata: FormMetadata;
  try {
    metadata = JSON.parse(body.view.private_metadata ?? '') as FormMetadata;
  } catch {
    return undefined;
  }
  if (typeof metadata.state !== 'string' || typeof metadata.channel !== 'string') return undefined;
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(body.view.state.values)) {
    const input = actions[ACTION_ID];
    if (!input) continue;
    const chosen = input.selected_option?.value;
    values[blockId] = chosen !== undefined ? (chosen === NONE ? '' : chosen) : (input.value ?? '');
  }
  return { kind, state: metadata.state, channel: metadata.channel, values };
}

/** Problems keyed by block id, as `response_action: errors` takes them; one for the whole form goes on the first field. */
export function slackErrors(errors: Record<string, string>, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const block = fields.includes(field) ? field : (fields[0] ?? field);
    out[block] = clip(out[block] ? `${out[block]}; ${message}` : message, 2000);
  }
  return out;
}
