import type { Block, Inline } from '../message.js';

/**
 * The Markdown a story's `summary.full` may use, read into the neutral tree: paragraphs, `- `
 * bullets, `**bold**`, `*italic*` / `_italic_`. Nothing else is interpreted. A `[label](url)` link
 * stays visible text with its address, so story text can never disguise where a link goes.
 */

const EMPHASIS = /\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])/g;
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

export function markdownInline(text: string): Inline[] {
  const plain = text.replace(LINK, (_m, label: string, url: string) => `${label} (${url})`);
  const out: Inline[] = [];
  let last = 0;
  for (const match of plain.matchAll(EMPHASIS)) {
    if (match.index > last) out.push(plain.slice(last, match.index));
    if (match[1] !== undefined) out.push({ text: match[1], style: 'bold' });
    else out.push({ text: match[2] ?? match[3] ?? '', style: 'italic' });
    last = match.index + match[0].length;
  }
  if (last < plain.length) out.push(plain.slice(last));
  return out;
}

export function markdownBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((l) => /^[-*]\s+/.test(l))) {
      blocks.push({ type: 'list', items: lines.map((l) => markdownInline(l.replace(/^[-*]\s+/, ''))) });
    } else {
      blocks.push({ type: 'text', content: markdownInline(lines.join(' ')) });
    }
  }
  return blocks;
}
