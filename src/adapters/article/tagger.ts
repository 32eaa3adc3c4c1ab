import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItemEntity, type ItemSentence, type ItemToken } from 'wink-nlp';
import type { ReadDate, ReadSentence, ReadToken } from '../../core/ports.js';

/**
 * Sentences, parts of speech and dates with wink-nlp's English lite model, which ships in its npm
 * package: nothing is downloaded and no service is called. The lite model's entities are dates,
 * times and numbers only; named people, states and organisations are read by the core's rules
 * from runs of proper nouns (PROPN), so the tagger hands over every token with its tag.
 */

type Nlp = ReturnType<typeof winkNLP>;
let shared: Nlp | undefined;

function nlp(): Nlp {
  shared ??= winkNLP(model);
  return shared;
}

export function tagParagraphs(paragraphs: readonly string[]): ReadSentence[] {
  const engine = nlp();
  const its = engine.its;
  const sentences: ReadSentence[] = [];
  paragraphs.forEach((paragraph, p) => {
    const doc = engine.readDoc(paragraph.replace(/\s+/g, ' ').trim());
    doc.sentences().each((sentence: ItemSentence) => {
      const tokens: ReadToken[] = [];
      sentence.tokens().each((token: ItemToken) => {
        tokens.push({
          text: token.out() as string,
          pos: token.out(its.pos) as string,
          space: (token.out(its.precedingSpaces) as string).length > 0,
        });
      });
      const text = (sentence.out() as string).replace(/\s+/g, ' ').trim();
      if (tokens.length === 0 || text === '') return;
      const dates: ReadDate[] = [];
      const offset = firstIndex(sentence);
      sentence.entities().each((entity: ItemEntity) => {
        const detail = entity.out(its.detail) as unknown as { type: string; value: string };
        if (detail.type !== 'DATE') return;
        const [start, end] = entity.out(its.span) as unknown as [number, number];
        dates.push({ text: detail.value, start: start - offset, end: end - offset + 1 });
      });
      sentences.push({ index: sentences.length, paragraph: p, text, tokens, dates });
    });
  });
  return sentences;
}

function firstIndex(sentence: ItemSentence): number {
  return sentence.tokens().itemAt(0)?.index() ?? 0;
}
