import type { Block, Inline, OutgoingMessage } from '../core/message.js';
import { safeHref } from './layout.js';

/**
 * The core's neutral message as HTML (the console's own renderer): cards, their text, lists,
 * fields and context. Text is always text: Hono escapes it, and only http(s) links become live.
 */
export function MessageView(props: { message: Pick<OutgoingMessage, 'cards'> }) {
  return (
    <div>
      {props.message.cards.map((card) => (
        <section class={`embed tone-${card.tone ?? 'info'}`}>
          {card.title && <h2 class="embed-title">{card.title}</h2>}
          {card.blocks.map((block) => (
            <BlockView block={block} />
          ))}
          {card.footer && <p class="hint">{card.footer}</p>}
        </section>
      ))}
    </div>
  );
}

function BlockView(props: { block: Block }) {
  const { block } = props;
  switch (block.type) {
    case 'text':
      return <p class="pre">{inlineText(block.content)}</p>;
    case 'context':
      return <p class="hint">{inlineText(block.content)}</p>;
    case 'list':
      return (
        <ul>
          {block.items.map((item) => (
            <li class="pre">{inlineText(item)}</li>
          ))}
        </ul>
      );
    case 'fields':
      return (
        <dl class="facts">
          {block.fields.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd class="pre">{f.value}</dd>
            </>
          ))}
        </dl>
      );
    default:
      return null;
  }
}

/** Inline text (bold, code, links) as HTML; only http(s) links are live. */
export function inlineText(content: readonly Inline[]) {
  return content.map((part) => {
    if (typeof part === 'string') return part;
    const href = safeHref(part.url);
    const inner =
      part.style === 'bold' ? (
        <strong>{part.text}</strong>
      ) : part.style === 'code' ? (
        <code>{part.text}</code>
      ) : part.style === 'italic' ? (
        <em>{part.text}</em>
      ) : (
        part.text
      );
    return href ? <a href={href}>{inner}</a> : inner;
  });
}
