import {
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import type { FormField, FormOutcome, FormSpec, OutgoingMessage } from '../../core/message.js';
import { notice } from '../../core/message.js';

/**
 * The core's forms as Discord modals (interaction response type 9): each field a Label around a
 * text input or a string select, at most five, the form's kind and state in the modal's custom_id
 * (100 characters). A submission arrives as a MODAL_SUBMIT interaction (type 5).
 */

export const FORM_ID_PREFIX = 'sitrep-form:';
/** Discord's limits for a modal (docs: interactions/receiving-and-responding#interaction-response-object-modal). */
const MAX_FIELDS = 5;
const MAX_CUSTOM_ID = 100;
const MAX_TITLE = 45;
const MAX_LABEL = 45;
const MAX_DESCRIPTION = 100;
const MAX_INPUT = 4000;
/** An optional choice left empty (a select's option value must not be empty). */
const NONE = '-';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function label(field: FormField): APILabelComponent {
  const description = field.problem ?? field.hint;
  const base = {
    type: ComponentType.Label as const,
    label: clip(field.label, MAX_LABEL),
    ...(description ? { description: clip(description, MAX_DESCRIPTION) } : {}),
  };
  if (field.kind === 'choice') {
    const choices = [...(field.required ? [] : [NONE]), ...(field.choices ?? [])];
    const selected = field.value ?? (field.required ? undefined : NONE);
    return {
      ...base,
      component: {
        type: ComponentType.StringSelect,
        custom_id: field.name,
        required: field.required === true,
        options: choices.map((c) => ({
          label: c === NONE ? '(none)' : c,
          value: c,
          ...(c === selected ? { default: true } : {}),
        })),
      },
    };
  }
  return {
    ...base,
    component: {
      type: ComponentType.TextInput,
      custom_id: field.name,
      style: field.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: field.required === true,
      max_length: Math.min(field.maxLength ?? MAX_INPUT, MAX_INPUT),
      ...(field.value ? { value: clip(field.value, MAX_INPUT) } : {}),
    },
  };
}

/** The modal for a form, or undefined when its state does not fit Discord's 100-character id. */
export function modalOf(form: FormSpec): APIModalInteractionResponseCallbackData | undefined {
  const customId = `${FORM_ID_PREFIX}${form.kind}:${form.state}`;
  if (customId.length > MAX_CUSTOM_ID) return undefined;
  return {
    custom_id: customId,
    title: clip(form.title, MAX_TITLE),
    components: form.fields.slice(0, MAX_FIELDS).map(label),
  };
}

/** The fields a modal leaves out (Discord shows five): said in the answer, so nobody wonders. */
export function fieldsLeftOut(form: FormSpec): string[] {
  return form.fields.slice(MAX_FIELDS).map((f) => f.name);
}

/** A submitted modal's components, in the API's shape (labels around inputs, or action rows). */
export interface SubmittedComponent {
  type: number;
  custom_id?: string;
  value?: string | null;
  values?: string[];
  component?: SubmittedComponent;
  components?: SubmittedComponent[];
}

export function submissionOf(
  customId: string,
  components: readonly SubmittedComponent[],
): { kind: string; state: string; values: Record<string, string> } | undefined {
  if (!customId.startsWith(FORM_ID_PREFIX)) return undefined;
  const rest = customId.slice(FORM_ID_PREFIX.length);
  const at = rest.indexOf(':');
  if (at <= 0) return undefined;
  const values: Record<string, string> = {};
  const visit = (c: SubmittedComponent) => {
    if (c.component) visit(c.component);
    for (const inner of c.components ?? []) visit(inner);
    if (!c.custom_id) return;
    if (c.type === ComponentType.TextInput) values[c.custom_id] = c.value ?? '';
    if (c.type === ComponentType.StringSelect) {
      const picked = c.values?.[0] ?? '';
      values[c.custom_id] = picked === NONE ? '' : picked;
    }
  };
  for (const c of components) visit(c);
  return { kind: rest.slice(0, at), state: rest.slice(at + 1), values };
}

/**
 * What the person sees after submitting. A modal cannot stay open with errors on Discord: the
 * problems are listed, with what was typed, so nothing is lost; a conflict says what changed and
 * that `/sitrep edit` opens the form on the latest version.
 */
export function answerOf(outcome: FormOutcome, values: Record<string, string>): OutgoingMessage {
  if (outcome.kind === 'done') return outcome.message;
  const problems = Object.entries(outcome.errors).map(([field, message]) => `${field}: ${message}`);
  const typed = Object.entries(values)
    .filter(([, v]) => v.trim() !== '')
    .map(([field, v]) => `${field}: ${clip(v, 300)}`);
  const lead =
    outcome.kind === 'conflict'
      ? 'Not saved: someone changed this claim since the form opened. Open the form again to see it as it is now.'
      : 'Not saved:';
  return notice([lead, ...problems, '', 'What you typed:', ...typed].join('\n'), 'warning');
}
