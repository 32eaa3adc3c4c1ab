import {
  type Block,
  type Card,
  choiceCommand,
  type Inline,
  inlineText,
  type OutgoingMessage,
} from '../../core/message.js';

/** Plain text for the terminal and `--format text`. Story text is printed as-is: a terminal pings no one. */

function inline(content: readonly Inline[]): string {
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.url) return `${part.text} <${part.url}>`;
      return inlineText(part);
    })
    .join('');
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'text':
      return [inline(b.content)];
    case 'context':
      return [`  ${inline(b.content)}`];
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${f.value}`);
    case 'list':
      return b.items.map((item) => `  • ${inline(item)}`);
    case 'divider':
      return ['──────────'];
    case 'buttons':
      return b.buttons.map((button) => `  [${button.label}] → /sitrep ${button.command}`);
    case 'choices':
      return b.choices.map((c) => `  [${c.label}] → /sitrep ${choiceCommand(b.command, c.value)}`);
  }
}

function card(c: Card): string {
  const lines: string[] = [];
  if (c.title) lines.push(`== ${c.title} ==`);
  for (const b of c.blocks) lines.push(...block(b));
  if (c.footer) lines.push(`  — ${c.footer}`);
  return lines.join('\n');
}

export function renderText(message: OutgoingMessage): string {
  if (message.cards.length === 0) return message.text;
  return message.cards.map(card).join('\n\n');
}
