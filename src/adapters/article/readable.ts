import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { UserError } from '../../errors.js';

export interface ReadablePage {
  title?: string;
  siteName?: string;
  published?: string;
  /** The article's paragraphs, in order, as plain text. */
  paragraphs: string[];
}

/** The little of the DOM this needs (the project compiles without the DOM library). */
interface Element {
  textContent: string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
}

const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, figcaption';

/**
 * Reduces a web page to its article with Readability over linkedom's DOM. Paragraph breaks are
 * kept (the rules read a sentence with the one before it only within a paragraph), which
 * Readability's own `textContent` loses.
 */
export function readablePage(html: string, url: string): ReadablePage {
  const { document } = parseHTML(html);
  // Readability resolves relative links against the document's URL.
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head?.appendChild(base);
  const parsed = new Readability<Element>(document as unknown as ConstructorParameters<typeof Readability>[0], {
    serializer: (node) => node as unknown as Element,
  }).parse();
  const content = parsed?.content;
  if (!parsed || !content) throw new UserError('No article text could be found on that page.');
  const paragraphs = blockTexts(content);
  if (paragraphs.length === 0) throw new UserError('No article text could be found on that page.');
  return {
    ...(parsed.title ? { title: clean(parsed.title) } : {}),
    ...(parsed.siteName ? { siteName: clean(parsed.siteName) } : {}),
    ...(isoDay(parsed.publishedTime) ? { published: isoDay(parsed.publishedTime) } : {}),
    paragraphs,
  };
}

function blockTexts(root: Element): string[] {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
  const texts = (blocks.length > 0 ? blocks : [root]).map((el) => clean(el.textContent ?? ''));
  return texts.filter((t) => t.length > 0);
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isoDay(value: string | null | undefined): string | undefined {
  const match = value?.match(/^(\d{4}-\d{2}-\d{2})/);
  return match?.[1];
}
