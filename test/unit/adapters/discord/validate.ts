import {
  ActionRowBuilder,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIStringSelectComponent,
  ButtonBuilder,
  type ButtonStyle,
  ComponentType,
  EmbedBuilder,
  embedLength,
  isValidationEnabled,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
} from 'discord.js';
import { expect } from 'vitest';
import { DISCORD_LIMITS, type DiscordPayload } from '../../../../src/adapters/discord/render.js';

/** Drops `undefined` properties, as JSON would. */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Checks one payload the way Discord would: each embed rebuilt through discord.js's EmbedBuilder
 * setters (which validate every length), each row through ActionRowBuilder/ButtonBuilder with
 * `.toJSON()` (which validates buttons), plus the limits the builders do not check (6,000 characters
 * across a message's embeds, 10 embeds, 2,000 characters of content, 5 rows of 5 buttons, unique
 * custom_ids, no empty message).
 */
export function expectValidPayload(payload: DiscordPayload): void {
  expect(isValidationEnabled()).toBe(true);
  expect(payload.allowed_mentions).toEqual({ parse: [] });
  expect(payload.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  expect(payload.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
  const total = payload.embeds.reduce((sum, e) => sum + embedLength(e), 0);
  expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  const nonEmpty = payload.content.length > 0 || payload.embeds.length > 0 || (payload.components?.length ?? 0) > 0;
  expect(nonEmpty).toBe(true);

  for (const embed of payload.embeds) expectValidEmbed(embed);

  const rows = payload.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(DISCORD_LIMITS.rowsPerMessage);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    expect(plainJson(new ActionRowBuilder(row).toJSON())).toEqual(plainJson(row));
    const selects = row.components.filter(isSelect);
    // A select menu fills its row: nothing beside it (Discord's rule for action rows).
    if (selects.length > 0) expect(row.components).toHaveLength(1);
    for (const select of selects) {
      const rebuilt = new StringSelectMenuBuilder().setCustomId(select.custom_id).setOptions(
        select.options.map((o) => {
          const option = new StringSelectMenuOptionBuilder().setLabel(o.label).setValue(o.value);
          return o.description === undefined ? option : option.setDescription(o.description);
        }),
      );
      if (select.placeholder !== undefined) rebuilt.setPlaceholder(select.placeholder);
      expect(plainJson(rebuilt.toJSON())).toEqual(plainJson(select));
      expect(select.options.length).toBeLessThanOrEqual(DISCORD_LIMITS.selectOptions);
      expect(ids.has(select.custom_id)).toBe(false);
      ids.add(select.custom_id);
    }
    for (const button of row.components.filter(isButton)) {
      const rebuilt = new ButtonBuilder()
        .setCustomId(button.custom_id)
        .setLabel(button.label ?? '')
        .setStyle(button.style as ButtonStyle)
        .toJSON();
      expect(plainJson(rebuilt)).toEqual(plainJson(button));
      expect(ids.has(button.custom_id)).toBe(false);
      ids.add(button.custom_id);
    }
  }
}

export function isButton(
  c: APIButtonComponentWithCustomId | APIStringSelectComponent,
): c is APIButtonComponentWithCustomId {
  return c.type === ComponentType.Button;
}

export function isSelect(c: APIButtonComponentWithCustomId | APIStringSelectComponent): c is APIStringSelectComponent {
  return c.type === ComponentType.StringSelect;
}

export function expectValidEmbed(embed: APIEmbed): void {
  expect(embed.title || embed.description || embed.fields?.length || embed.footer).toBeTruthy();
  const rebuilt = new EmbedBuilder();
  if (embed.color !== undefined) rebuilt.setColor(embed.color);
  if (embed.title !== undefined) rebuilt.setTitle(embed.title);
  if (embed.description !== undefined) rebuilt.setDescription(embed.description);
  if (embed.fields !== undefined) rebuilt.setFields(embed.fields);
  if (embed.footer !== undefined) rebuilt.setFooter({ text: embed.footer.text });
  expect(plainJson(rebuilt.toJSON())).toEqual(plainJson(new EmbedBuilder(embed).toJSON()));
  expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const field of embed.fields ?? []) {
    // Discord refuses blank names and values, which the builders allow.
    expect(field.name.trim().length).toBeGreaterThan(0);
    expect(field.value.trim().length).toBeGreaterThan(0);
  }
  if (embed.description !== undefined) expect(embed.description.trim().length).toBeGreaterThan(0);
}

/** Everything a reader sees, in order, with escapes, markers, zero-width spaces and spaces gone. */
export function visibleText(payloads: readonly DiscordPayload[]): string {
  const parts: string[] = [];
  for (const p of payloads) {
    parts.push(p.content);
    for (const e of p.embeds) {
      parts.push(e.title ?? '', e.description ?? '');
      for (const f of e.fields ?? []) parts.push(f.name, f.value);
      parts.push(e.footer?.text ?? '');
    }
  }
  return normalize(parts.join(' ').replace(/\\([^\w\s])/g, '$1'));
}

/** The same normalisation for source text: no whitespace, no emphasis markers. */
export function normalize(text: string): string {
  return text.replace(/[\u200B\s*`ˋ]/g, '');
}
