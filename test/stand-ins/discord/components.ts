// Message components as Discord checks them (docs: "Component Reference", action rows, buttons and
// string selects): what the stand-in refuses with 50035 Invalid Form Body, keyed by field path.
import type { Json } from './fixtures.js';
import { fieldError } from './http.js';

const ACTION_ROW = 1;
const BUTTON = 2;
const STRING_SELECT = 3;
const LINK = 5;

function tooLong(value: unknown, max: number, min = 1): boolean {
  return typeof value !== 'string' || value.length < min || value.length > max;
}

function lengthError(max: number, min = 1): Json {
  return fieldError('BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
}

/** Problems of a message's `components`, as Discord's form errors (empty when it would accept them). */
export function componentErrors(components: unknown): Json {
  const errs: Json = {};
  if (components === undefined) return errs;
  if (!Array.isArray(components)) return { components: fieldError('MODEL_TYPE_CONVERT', 'Must be an array.') };
  if (components.length > 5) errs.components = lengthError(5, 0);
  const customIds = new Set<string>();
  components.forEach((row: Json, r: number) => {
    const at = `components.${r}`;
    const inner = Array.isArray(row?.components) ? (row.components as Json[]) : [];
    if (row?.type !== ACTION_ROW) errs[`${at}.type`] = fieldError('BASE_TYPE_CHOICES', 'Value must be one of (1,).');
    if (inner.length < 1 || inner.length > 5) errs[`${at}.components`] = lengthError(5);
    // A select menu fills its action row: nothing may sit beside it.
    if (inner.some((c) => c?.type === STRING_SELECT) && inner.length > 1)
      errs[`${at}.components`] = fieldError(
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
    inner.forEach((c: Json, i: number) => {
      const here = `${at}.components.${i}`;
      if (c?.type !== LINK) {
        if (tooLong(c?.custom_id, 100)) errs[`${here}.custom_id`] = lengthError(100);
        else if (customIds.has(c.custom_id as string))
          errs[`${here}.custom_id`] = fieldError(
            'COMPONENT_CUSTOM_ID_DUPLICATED',
            'Component custom id cannot be duplicated',
          );
        else customIds.add(c.custom_id as string);
      }
      if (c?.type === BUTTON || c?.type === LINK) {
        if (c.label !== undefined && tooLong(c.label, 80)) errs[`${here}.label`] = lengthError(80);
      } else if (c?.type === STRING_SELECT) {
        const options = Array.isArray(c.options) ? (c.options as Json[]) : [];
        if (options.length < 1 || options.length > 25) errs[`${here}.options`] = lengthError(25);
        if (c.placeholder !== undefined && tooLong(c.placeholder, 150, 0))
          errs[`${here}.placeholder`] = lengthError(150, 0);
        const values = new Set<unknown>();
        options.forEach((o: Json, j: number) => {
          const opt = `${here}.options.${j}`;
          if (tooLong(o?.label, 100)) errs[`${opt}.label`] = lengthError(100);
          if (tooLong(o?.value, 100)) errs[`${opt}.value`] = lengthError(100);
          if (o?.description !== undefined && tooLong(o.description, 100, 0))
            errs[`${opt}.description`] = lengthError(100, 0);
          if (values.has(o?.value))
            errs[`${opt}.value`] = fieldError('SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Duplicate value');
          values.add(o?.value);
        });
      } else {
        errs[`${here}.type`] = fieldError('UNKNOWN_COMPONENT_TYPE', 'Unknown component type');
      }
    });
  });
  return errs;
}
