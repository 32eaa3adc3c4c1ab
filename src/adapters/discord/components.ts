import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { type Block, type Button, type Card, choiceCommand } from '../../core/message.js';

/**
 * The neutral tree's buttons and pick lists → Discord message components: buttons, and string
 * select menus, in action rows.
 */

export const COMPONENT_LIMITS = {
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectPlaceholder: 150,
  /** An option's label, value and description each. */
  selectOptionText: 100,
} as const;

/**
 * Buttons carry the command they run: `sitrep:<command text>`. A pick list's select menu carries
 * its command the same way, with CHOICE_SLOT where the picked value goes (`sitrep:actor {choice}`).
 */
export const CUSTOM_ID_PREFIX = 'sitrep:';

export type ComponentRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIStringSelectComponent>;

function customId(command: string): string {
  return `${CUSTOM_ID_PREFIX}${command}`;
}

function oneLine(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length === 0) return '…';
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function button(command: string, label: string, style?: Button['style']): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: style === 'danger' ? ButtonStyle.Danger : style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: oneLine(label, COMPONENT_LIMITS.buttonLabel),
    custom_id: customId(command),
  };
}

/** A pick list as a string select: one pick, run as whoever picks. Undefined when it cannot travel. */
function choiceSelect(block: Extract<Block, { type: 'choices' }>): APIStringSelectComponent | undefined {
  const id = customId(block.command);
  const max = COMPONENT_LIMITS.selectOptionText;
  const options = block.choices
    .filter((c) => c.value.length <= max)
    .slice(0, COMPONENT_LIMITS.selectOptions)
    .map((c) => ({
      label: oneLine(c.label, max),
      value: c.value,
      ...(c.detail?.trim() ? { description: oneLine(c.detail, max) } : {}),
    }));
  if (id.length > COMPONENT_LIMITS.customId || options.length === 0) return undefined;
  return {
    type: ComponentType.StringSelect,
    custom_id: id,
    placeholder: oneLine(block.placeholder, COMPONENT_LIMITS.selectPlaceholder),
    options,
  };
}

/**
 * A card's component rows, in order: a select menu fills a row of its own (Discord allows nothing
 * beside it); buttons share rows of five. A button or menu whose command is too long for a
 * custom_id, or a repeat, is dropped; a pick list that cannot be a menu becomes buttons.
 */
export function cardRows(card: Card): ComponentRow[] {
  const rows: ComponentRow[] = [];
  const seen = new Set<string>();
  let buttons: APIButtonComponentWithCustomId[] = [];
  const endButtons = () => {
    for (let i = 0; i < buttons.length; i += COMPONENT_LIMITS.buttonsPerRow)
      rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + COMPONENT_LIMITS.buttonsPerRow) });
    buttons = [];
  };
  const addButton = (b: APIButtonComponentWithCustomId) => {
    if (b.custom_id.length > COMPONENT_LIMITS.customId || seen.has(b.custom_id)) return;
    seen.add(b.custom_id);
    buttons.push(b);
  };
  for (const block of card.blocks) {
    if (block.type === 'buttons') for (const b of block.buttons) addButton(button(b.command, b.label, b.style));
    if (block.type !== 'choices') continue;
    const select = choiceSelect(block);
    if (select && !seen.has(select.custom_id)) {
      endButtons();
      seen.add(select.custom_id);
      rows.push({ type: ComponentType.ActionRow, components: [select] });
    } else if (!select) {
      for (const c of block.choices) addButton(button(choiceCommand(block.command, c.value), c.label));
    }
  }
  endButtons();
  return rows;
}
