import { splitParagraphs } from '../../../../src/adapters/article/reader.js';
import { tagParagraphs } from '../../../../src/adapters/article/tagger.js';
import type { ReadArticle, ReadSentence } from '../../../../src/core/ports.js';

/** A sentence as the reading adapter tags it (the real tagger: the rules are tested on what they get). */
export function tag(text: string): ReadSentence {
  const [sentence] = tagParagraphs([text]);
  if (!sentence) throw new Error(`no sentence in ${text}`);
  return sentence;
}

/** An article from text, paragraphs split on blank lines, as `sitrep propose` reads a text file. */
export function article(text: string, address = 'test-article.txt'): ReadArticle {
  const sentences = tagParagraphs(splitParagraphs(text));
  return { address, sentences, words: sentences.reduce((n, s) => n + s.tokens.length, 0) };
}
