import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleInput, ArticleReader, ReadArticle } from '../../core/ports.js';
import { UserError } from '../../errors.js';
import { type FetchLimits, fetchPage } from './fetch.js';
import { readablePage } from './readable.js';
import { tagParagraphs } from './tagger.js';

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Text, a file (plain text or saved HTML) or a URL, read into sentences for the proposal rules. */
export function createArticleReader(limits: FetchLimits = {}): ArticleReader {
  return {
    async read(input: ArticleInput): Promise<ReadArticle> {
      switch (input.kind) {
        case 'text':
          return fromPlainText(input.address ?? 'text', input.text);
        case 'file': {
          const body = await readFileLimited(input.path, limits.maxBytes ?? DEFAULT_MAX_BYTES);
          if (/\.x?html?$/i.test(input.path) || /^\s*<(!doctype|html)/i.test(body)) {
            const page = readablePage(body, `file://${path.resolve(input.path)}`);
            return fromParagraphs(input.path, page.paragraphs, page);
          }
          return fromPlainText(input.path, body);
        }
        case 'url': {
          const fetched = await fetchPage(input.url, limits);
          if (fetched.contentType.startsWith('text/plain')) return fromPlainText(fetched.url, fetched.body);
          const page = readablePage(fetched.body, fetched.url);
          return fromParagraphs(fetched.url, page.paragraphs, page);
        }
      }
    },
  };
}

/**
 * Plain text whose first paragraph is one short line with no sentence end (a headline, as a saved
 * or pasted article starts) has it as its title, not as a sentence to propose claims from.
 */
function fromPlainText(address: string, text: string): ReadArticle {
  const paragraphs = splitParagraphs(text);
  const [first, ...rest] = paragraphs;
  if (first && rest.length > 0 && isHeadline(first)) return fromParagraphs(address, rest, { title: first });
  return fromParagraphs(address, paragraphs, {});
}

function isHeadline(paragraph: string): boolean {
  return paragraph.length <= 200 && !/[.!?…:;]["'”’)\]]*$/.test(paragraph) && !/[.!?]\s+\p{Lu}/u.test(paragraph);
}

/** What the command line or chat typed: a web address, else a file. */
export function articleInput(argument: string): ArticleInput {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(argument) ? { kind: 'url', url: argument } : { kind: 'file', path: argument };
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

function fromParagraphs(
  address: string,
  paragraphs: string[],
  meta: { title?: string; siteName?: string; published?: string },
): ReadArticle {
  const sentences = tagParagraphs(paragraphs);
  if (sentences.length === 0) throw new UserError('That article has no text to read.');
  const words = sentences.reduce((n, s) => n + s.tokens.filter((t) => t.pos !== 'PUNCT').length, 0);
  return { address, ...meta, sentences, words };
}

async function readFileLimited(file: string, maxBytes: number): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `No file at ${file}.` : `Cannot read ${file} (${code ?? 'error'}).`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UserError(`${file} is a directory, not an article.`);
    if (info.size > maxBytes)
      throw new UserError(`${file} is larger than ${Math.round(maxBytes / 1024)} KB; it is not read.`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
