import type { ConsoleIdentity } from '../core/console/sign-in.js';
import type { FormField, FormSpec } from '../core/message.js';
import { Banner, FormToken } from './layout.js';

/**
 * A core form (the same one Slack and Discord open as modals) as an HTML form: each field labelled,
 * its problem beside it, the form's state in a hidden field. What the editor typed is shown again
 * when the save is refused, so nothing is lost.
 */
export interface CoreFormProps {
  form: FormSpec;
  action: string;
  identity: ConsoleIdentity;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  /** A second submit button, e.g. "Preview the alert" (its `name` is sent with the form). */
  secondary?: { name: string; label: string };
}

export function CoreForm(props: CoreFormProps) {
  const { form, values = {}, errors = {} } = props;
  const conflict = form.fields.some((f) => f.problem);
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <FormToken identity={props.identity} />
      <input type="hidden" name="_state" value={form.state} />
      {conflict && (
        <Banner tone="warning">
          Someone changed this since you opened the form. Your values are kept below; each marked field says what it is
          now. Save again to replace them with yours.
        </Banner>
      )}
      {errors._form && <Banner tone="error">{errors._form}</Banner>}
      {form.fields.map((field) => (
        <Field
          field={field}
          value={values[field.name] ?? field.value ?? ''}
          problem={errors[field.name] ?? field.problem}
        />
      ))}
      <button type="submit">{form.submitLabel}</button>{' '}
      {props.secondary && (
        <button type="submit" class="secondary" name={props.secondary.name} value="1">
          {props.secondary.label}
        </button>
      )}
    </form>
  );
}

function Field(props: { field: FormField; value: string; problem: string | undefined }) {
  const { field, value, problem } = props;
  const id = `field-${field.name}`;
  const described = [field.hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.name,
    ...(field.required ? { required: true } : {}),
    ...(described ? { 'aria-describedby': described } : {}),
    ...(problem ? { 'aria-invalid': 'true' } : {}),
  };
  return (
    <div class="field">
      <label for={id}>
        {field.label}
        {field.required ? '' : ' (optional)'}
      </label>
      {field.kind === 'choice' ? (
        <select {...common}>
          {!field.required && <option value="">none</option>}
          {(field.choices ?? []).map((choice) => (
            <option value={choice} selected={choice === value}>
              {choice}
            </option>
          ))}
        </select>
      ) : field.kind === 'paragraph' ? (
        <textarea {...common} maxlength={field.maxLength} rows={4}>
          {value}
        </textarea>
      ) : (
        <input type="text" {...common} value={value} maxlength={field.maxLength} />
      )}
      {field.hint && (
        <p class="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      )}
      {problem && (
        <p class="problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}
