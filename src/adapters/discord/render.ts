import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Block, Card, OutgoingMessage, Tone } from '../../core/message.js';
import { COMPONENT_LIMITS, type ComponentRow, cardRows } from './components.js';
import { neutralizeMentions, packRuns, plainPieces, toRuns, ZWSP } from './markdown.js';

/**
 * The neutral message tree → Discord message payloads (`content`, `embeds`, `components`).
 *
 * Discord's limits are met by SPLITTING, never by failing or cutting text off: a long description
 * continues in another embed of the same colour, embeds beyond 10 (or 6,000 characters) continue in
 * another message, a long `content` becomes several messages. Lengths are counted in UTF-16 code
 * units (JavaScript's `.length`), which is never less than what Discord counts.
 *
 * Every string from the tree is plain text: Markdown is escaped, mentions are broken with a
 * zero-width space, and bare URLs in text are made unclickable, so story text can neither ping
 * anyone nor disguise a link. Links come only from `Span.url`. Every payload carries
 * `allowed_mentions: { parse: [] }` as well.
 */

export interface DiscordPayload {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
  components?: ComponentRow[];
}

export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  ...COMPONENT_LIMITS,
} as const;

/** Embed colours: claim statuses read like traffic lights; the rest follow Discord's palette. */
export const TONE_COLOURS: Record<Tone, number> = {
  reported: 0xf1c40f,
  confirmed: 0x2ecc71,
  disputed: 0xe67e22,
  denied: 0xe74c3c,
  retracted: 0x2c2f33,
  outdated: 0x95a5a6,
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

// --------------------------------------------------------------------------------------- embeds

interface Piece {
  text: string;
  /** What goes between this piece and the one before it in a description. */
  sep: string;
}

function blockPieces(block: Exclude<Block, { type: 'fields' } | { type: 'buttons' } | { type: 'choices' }>): Piece[] {
  const max = DISCORD_LIMITS.description;
  switch (block.type) {
    case 'text':
      return packRuns(toRuns(block.content), max).map((text, i) => ({ text, sep: i === 0 ? '\n\n' : '' }));
    case 'context':
      return packRuns(toRuns(block.content, true), max).map((text, i) => ({ text, sep: i === 0 ? '\n\n' : '' }));
    case 'list':
      return block.items.flatMap((item, n) =>
        packRuns([{ text: '• ', style: 'plain' }, ...toRuns(item)], max).map((text, i) => ({
          text,
          sep: i > 0 ? '' : n === 0 ? '\n\n' : '\n',
        })),
      );
    case 'divider':
      return [{ text: '─'.repeat(24), sep: '\n\n' }];
  }
}

function fieldsOf(block: Extract<Block, { type: 'fields' }>): APIEmbedField[] {
  const out: APIEmbedField[] = [];
  for (const field of block.fields) {
    const names = plainPieces(field.label, DISCORD_LIMITS.fieldName);
    const name = names[0] ?? ZWSP;
    // A label too long for a field name keeps its tail at the start of the value.
    const values = [...names.slice(1), ...plainPieces(field.value, DISCORD_LIMITS.fieldValue)];
    if (values.length === 0) values.push('—');
    const inline = name.length <= 40 && values.length === 1 && (values[0] ?? '').length <= 40;
    out.push({ name, value: values[0] as string, inline });
    if (values.length === 1) continue;
    const contName = plainPieces(`${field.label} (cont.)`, DISCORD_LIMITS.fieldName)[0] ?? ZWSP;
    for (const value of values.slice(1)) out.push({ name: contName, value, inline });
  }
  return out;
}

export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/** Builds a card's embeds, opening a continuation embed whenever one would exceed a limit. */
class CardEmbeds {
  readonly embeds: APIEmbed[] = [];
  private current: APIEmbed;

  constructor(private readonly color: number) {
    this.current = this.open();
  }

  private open(title?: string): APIEmbed {
    const embed: APIEmbed = { color: this.color };
    if (title) embed.title = title;
    this.embeds.push(embed);
    this.current = embed;
    return embed;
  }

  setTitle(title: string): void {
    this.current.title = title;
  }

  addPiece(piece: Piece): void {
    let embed = this.current;
    if (embed.fields?.length) embed = this.open();
    const joined = embed.description ? `${embed.description}${piece.sep}${piece.text}` : piece.text;
    const total = embedLength(embed) - (embed.description?.length ?? 0) + joined.length;
    if (joined.length > DISCORD_LIMITS.description || total > DISCORD_LIMITS.embedTotal) {
      embed = this.open();
      embed.description = piece.text;
      return;
    }
    embed.description = joined;
  }

  addField(field: APIEmbedField): void {
    let embed = this.current;
    const size = field.name.length + field.value.length;
    if ((embed.fields?.length ?? 0) >= DISCORD_LIMITS.fields || embedLength(embed) + size > DISCORD_LIMITS.embedTotal) {
      embed = this.open();
    }
    embed.fields = [...(embed.fields ?? []), field];
  }

  setFooter(text: string): void {
    let embed = this.current;
    if (embedLength(embed) + text.length > DISCORD_LIMITS.embedTotal) embed = this.open();
    embed.footer = { text };
  }

  result(): APIEmbed[] {
    return this.embeds.filter((e) => e.title || e.description || e.fields?.length || e.footer);
  }
}

function cardEmbeds(card: Card): APIEmbed[] {
  const out = new CardEmbeds(TONE_COLOURS[card.tone ?? 'info']);
  if (card.title) {
    // A title too long for Discord continues as the first lines of the description.
    const [title, ...rest] = plainPieces(card.title, DISCORD_LIMITS.title);
    if (title) out.setTitle(title);
    for (const text of rest) out.addPiece({ text, sep: '' });
  }
  for (const block of card.blocks) {
    if (block.type === 'buttons' || block.type === 'choices') continue;
    if (block.type === 'fields') {
      for (const field of fieldsOf(block)) out.addField(field);
      continue;
    }
    for (const piece of blockPieces(block)) out.addPiece(piece);
  }
  if (card.footer) {
    // Footers show no Markdown, so they are not escaped (a backslash would show); mentions and
    // link syntax do nothing there either, but are broken anyway. One too long becomes text.
    const footer = neutralizeMentions(card.footer.replace(/\s+/g, ' ').trim()).replace(/\]\(/g, `]${ZWSP}(`);
    if (footer && footer.length <= DISCORD_LIMITS.footer) out.setFooter(footer);
    else if (footer) for (const piece of blockPieces({ type: 'context', content: [card.footer] })) out.addPiece(piece);
  }
  return out.result();
}

// ------------------------------------------------------------------------------------ messages

function payload(content = ''): DiscordPayload {
  return { content, embeds: [], allowed_mentions: { parse: [] } };
}

function isEmpty(p: DiscordPayload): boolean {
  return !p.content && p.embeds.length === 0 && !p.components?.length;
}

/**
 * One or more Discord payloads for a message, in order. The first carries the message's `text` as
 * `content` (several, if it is longer than 2,000 characters); embeds follow, at most 10 and 6,000
 * characters a message; a card's buttons go under its last embed (≤5 a row, ≤5 rows, custom_ids
 * unique within a message), and a message ends after them so the next card starts below them.
 */
export function renderDiscordMessages(message: OutgoingMessage): DiscordPayload[] {
  const messages: DiscordPayload[] = [];
  const contents = plainPieces(message.text, DISCORD_LIMITS.content);
  for (const text of contents.slice(0, -1)) messages.push(payload(text));
  let current = payload(contents.at(-1) ?? '');
  let size = 0;
  let used = new Set<string>();
  const flush = () => {
    if (!isEmpty(current)) messages.push(current);
    current = payload();
    size = 0;
    used = new Set();
  };

  for (const card of message.cards) {
    for (const embed of cardEmbeds(card)) {
      const len = embedLength(embed);
      if (
        current.components?.length ||
        current.embeds.length >= DISCORD_LIMITS.embedsPerMessage ||
        size + len > DISCORD_LIMITS.embedTotal
      ) {
        flush();
      }
      current.embeds.push(embed);
      size += len;
    }
    for (const row of cardRows(card)) {
      // custom_ids are unique within a message: a repeat of an earlier card's is left out.
      const fresh = { ...row, components: row.components.filter((c) => !used.has(c.custom_id)) } as typeof row;
      if (fresh.components.length === 0) continue;
      if ((current.components?.length ?? 0) >= DISCORD_LIMITS.rowsPerMessage) flush();
      current.components = [...(current.components ?? []), fresh];
      for (const c of fresh.components) used.add(c.custom_id);
    }
  }
  flush();
  if (messages.length === 0) messages.push(payload('…'));
  return messages;
}
