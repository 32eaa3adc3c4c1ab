import type { Inline } from '../../core/message.js';

/**
 * Discord Markdown from the message tree's text: every string is plain text, so Markdown is
 * escaped, mentions are broken with a zero-width space and bare URLs made unclickable; story text
 * can neither ping anyone nor disguise a link. Runs of styled text are packed into pieces within a
 * length, split between words where they can be.
 */

/** Zero-width space: breaks a mention or a URL without showing. */
export const ZWSP = '\u200B';

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

export function toRuns(content: readonly Inline[], muted = false): Run[] {
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

export function plainPieces(text: string, max: number): string[] {
  return packRuns([{ text, style: 'plain' }], max);
}
