/**
 * Slack mrkdwn escaping. Story text is text: it must never become a mention (`<!channel>`, `<@U123>`),
 * a disguised link (`<https://evil|bank>`), or formatting it did not ask for.
 *
 * 1. `&`, `<`, `>` become entities (Slack's own rule), so no `<…>` control sequence can form.
 * 2. The formatting characters `*`, `_`, `~` are swapped for look-alikes where they could open or
 *    close formatting (at a word boundary), and backticks always: `snake_case` and `2*3` stay as typed.
 * 3. A line starting with `>` (a block quote) gets a zero-width space in front.
 * 4. `@here`, `@channel`, `@everyone` get a word joiner after the `@`, so even a client that turned
 *    bare names into mentions could not ping anyone.
 *
 * Links are only ever built from a Span's `url` (a source's url field), validated as http(s).
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Step 1 only: for text shown inside code spans and plain_text objects. */
export function escapeEntities(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

const LOOKALIKE: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

const WORD_JOINER = '\u2060';
const ZERO_WIDTH_SPACE = '\u200B';

/** Breaks broadcast names so they can never notify a channel, whatever the client does with them. */
function defuseBroadcasts(text: string): string {
  if (!text.includes('@')) return text; // the common case, without the case-insensitive regex
  return text.replace(/@(here|channel|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

/** Any character neutraliseFormatting may change (a quick test before its Unicode-aware regex). */
const FORMATTING_CHARS = /[`*_~]/;

function neutraliseFormatting(text: string): string {
  if (!FORMATTING_CHARS.test(text)) return text;
  return text
    .replace(/`/g, LOOKALIKE['`'] as string)
    .replace(/(?<![\p{L}\p{N}])[*_~]|[*_~](?![\p{L}\p{N}])/gu, (c) => LOOKALIKE[c] ?? c);
}

/** Story text for a mrkdwn field: escaped, formatting neutralised, broadcasts defused. */
export function escapeMrkdwn(text: string): string {
  const escaped = escapeEntities(defuseBroadcasts(neutraliseFormatting(text)));
  if (!escaped.includes('&gt;')) return escaped;
  return escaped.replace(/(^|\n)([ \t]*)&gt;/g, `$1$2${ZERO_WIDTH_SPACE}&gt;`);
}

/** Text inside a code span: shown literally by Slack, so only entities and backticks matter. */
export function escapeCode(text: string): string {
  return escapeEntities(defuseBroadcasts(text.replace(/`/g, LOOKALIKE['`'] as string)));
}

/** Text for a plain_text object (headers, button labels): no markup is parsed, entities still are. */
export function escapePlain(text: string): string {
  return escapeEntities(defuseBroadcasts(text));
}

/**
 * A URL fit to go inside `<url|label>`, or undefined. Only http(s); `|`, `<`, `>` and spaces can
 * never end the link early or smuggle a label; `&` is entity-escaped as Slack requires.
 */
export function safeLinkUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  const href = parsed.href.replace(
    /[|<>\s"]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return href.replace(/&/g, '&amp;');
}

/**
 * Cuts escaped text to at most `max` characters without breaking an entity (`&amp;`) or a link
 * (`<url|label>`), adding `…` when something was cut.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  end = safeCut(text, end);
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Moves a cut position left so it does not fall inside an entity or a `<…>` sequence. */
export function safeCut(text: string, at: number): number {
  let end = Math.min(at, text.length);
  const amp = text.lastIndexOf('&', end - 1);
  if (amp >= 0 && amp > end - 8) {
    const semi = text.indexOf(';', amp);
    if (semi >= end || semi === -1) end = amp;
  }
  const open = text.lastIndexOf('<', end - 1);
  if (open >= 0) {
    const close = text.indexOf('>', open);
    if (close >= end || close === -1) end = open;
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return end;
}
