import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Block, Card, Inline, OutgoingMessage, Tone } from '../../core/message.js';
import { COMPONENT_LIMITS, type ComponentRow, cardRows } from './components.js';

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

const ZWSP = '\u200B';

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

// ------------------------------------------------------------------------------------- escaping

/**
 * Breaks every way text could reach someone or become a link: `@everyone`/`@here`, user, role and
 * channel mentions (`<@…>`, `<@&…>`, `<#…>`, and any other `<…>` form: emoji, timestamps,
 * slash-command mentions, autolinks), and bare `scheme://` URLs, which Discord would make clickable.
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(?=\S)/g, `<${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`);
}

/**
 * Escapes Discord Markdown so text shows as typed: emphasis, code, spoilers, quotes, headings,
 * list markers and masked links (`[x](https://evil)`) all lose their meaning.
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  let escaped = MARKDOWN.test(text) ? text.replace(MARKDOWN_ALL, '\\$&') : text;
  if (MAYBE_LIST.test(escaped)) {
    escaped = escaped.replace(LINE_START, (line, offset: number) => {
      if (offset === 0 && !atLineStart) return line;
      return line.replace(/^([ \t]*)([-+])/, '$1\\$2').replace(/^([ \t]*\d+)\./, '$1\\.');
    });
  }
  return MAYBE_MENTION.test(escaped) ? neutralizeMentions(escaped) : escaped;
}

const MARKDOWN = /[\\*_~`|>#[\]()]/;
const MARKDOWN_ALL = /[\\*_~`|>#[\]()]/g;
const MAYBE_LIST = /[-+.]/;
const MAYBE_MENTION = /[@<:]/;

/** The start of each line, up to where a list marker (`-`, `+`, `1.`) could end. */
const LINE_START = /^[ \t]*(?:[-+]|\d+\.)/gm;

// ----------------------------------------------------------------------------------- runs → text

type Style = 'plain' | 'bold' | 'italic' | 'bolditalic' | 'code';

export interface Run {
  text: string;
  style: Style;
  url?: string;
}

const WRAP: Record<Style, string> = { plain: '', bold: '**', italic: '*', bolditalic: '***', code: '`' };

function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

function toRuns(content: readonly Inline[], muted = false): Run[] {
  return content.map((part) => {
    if (typeof part === 'string') return { text: part, style: muted ? 'italic' : 'plain' };
    let style: Style = part.style ?? 'plain';
    if (muted && style === 'plain') style = 'italic';
    else if (muted && style === 'bold') style = 'bolditalic';
    const url = safeUrl(part.url);
    return url ? { text: part.text, style, url } : { text: part.text, style };
  });
}

/** Words with their trailing whitespace, so that a line break starts a new word. */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function escapeWord(word: string, style: Style, atLineStart = true): string {
  // Inside a code span nothing is parsed (no Markdown, mention or link); only a backtick could
  // end it early. `@everyone` is still broken, belt and braces.
  if (style === 'code')
    return word
      .replace(/`/g, 'ˋ')
      .replace(/[\r\n]+/g, ' ')
      .replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
  return escapeMarkdown(word, atLineStart);
}

/** A run's words wrapped in its style; whitespace at either end stays outside the markers. */
function wrap(escaped: string, style: Style): string {
  const marker = WRAP[style];
  if (!marker) return escaped;
  const core = escaped.trim();
  if (!core) return escaped;
  const lead = escaped.slice(0, escaped.indexOf(core));
  const trail = escaped.slice(lead.length + core.length);
  return `${lead}${marker}${core}${marker}${trail}`;
}

const MARKUP_EDGE = /[*_~`|]/;

/** Joins rendered pieces; a zero-width space keeps `**a**` + `*b*` from fusing into other markup. */
function join(a: string, b: string): string {
  if (!a || !b) return a + b;
  const last = a.at(-1) ?? '';
  const first = b.charAt(0);
  return MARKUP_EDGE.test(last) && MARKUP_EDGE.test(first) ? `${a}${ZWSP}${b}` : a + b;
}

/** Splits a word that cannot fit on its own, by code point, so no escape or surrogate is cut. */
function hardSplit(word: string, style: Style, max: number): string[] {
  const out: string[] = [];
  let raw = '';
  let size = 0;
  for (const ch of word) {
    // Escaping one character at a time cannot see `@everyone`, `<x`, `://` or `1.`: allow one more.
    const len = escapeWord(ch, style).length + ('@<:.'.includes(ch) ? 1 : 0);
    if (size + len > max && raw) {
      out.push(raw);
      raw = '';
      size = 0;
    }
    raw += ch;
    size += len;
  }
  if (raw) out.push(raw);
  return out;
}

/**
 * The pieces `packRuns` is filling: the finished ones and the one being built. A class rather than
 * closures inside `packRuns`: under tsx (esbuild `keepNames`), every named closure costs an
 * `Object.defineProperty(fn, 'name')` each time it is created (~1 µs), and `packRuns` runs for every
 * field, text block and list item of every answer (issue #4, bench/discord-path.ts).
 */
class Pieces {
  readonly done: string[] = [];
  current = '';

  constructor(private readonly max: number) {}

  flush(): void {
    const piece = this.current.trimEnd();
    if (piece.trim()) this.done.push(piece);
    this.current = '';
  }

  place(rendered: string): void {
    if (join(this.current, rendered).length > this.max) this.flush();
    this.current = join(this.current, rendered);
  }
}

/**
 * Renders runs as Markdown split into pieces of at most `max` characters. Splits fall between
 * words where possible, and each piece re-opens the style it needs, so every piece renders alone.
 */
export function packRuns(runs: readonly Run[], max: number): string[] {
  const pieces = new Pieces(max);

  // Whether the next word begins a line (list markers are only escaped there).
  let lineStart = true;
  for (const run of runs) {
    if (!run.text) continue;
    if (run.url) {
      lineStart = false;
      const link = `[${escapeMarkdown(run.text)}](${run.url})`;
      if (link.length <= max) {
        pieces.place(link);
        continue;
      }
      // A link text longer than a whole piece: keep every word, and the address as code.
      const rest = packRuns(
        [
          { text: run.text, style: run.style },
          { text: ` ${run.url}`, style: 'code' },
        ],
        max,
      );
      for (const piece of rest) pieces.place(piece);
      continue;
    }
    const marker = WRAP[run.style].length * 2 + 1; // both markers and a possible joining space
    const budget = Math.max(1, max - marker);
    // Escaped words not yet placed; placed together, wrapped in the run's style.
    let group = '';
    for (const word of words(run.text)) {
      const escaped = escapeWord(word, run.style, lineStart);
      lineStart = /\n\s*$/.test(word);
      if (escaped.length > budget) {
        if (group) pieces.place(wrap(group, run.style));
        group = '';
        for (const part of hardSplit(word, run.style, budget)) {
          const piece = wrap(escapeWord(part, run.style), run.style);
          pieces.place(piece);
        }
        continue;
      }
      const room = max - join(pieces.current, '').length - marker;
      if (group.length + escaped.length > room && (group || pieces.current)) {
        if (group) pieces.place(wrap(group, run.style));
        group = '';
        if (join(pieces.current, escaped).length + marker > max) pieces.flush();
      }
      group += escaped;
    }
    if (group) pieces.place(wrap(group, run.style));
  }
  pieces.flush();
  return pieces.done;
}

function plainPieces(text: string, max: number): string[] {
  return packRuns([{ text, style: 'plain' }], max);
}

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
