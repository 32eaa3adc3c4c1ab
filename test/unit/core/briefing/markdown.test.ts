import { describe, expect, it } from 'vitest';
import { markdownBlocks, markdownInline } from '../../../../src/core/briefing/markdown.js';

describe('summary Markdown', () => {
  it('reads bold and italic into styled spans', () => {
    expect(markdownInline('**The trip.** Kim is *reportedly* set to _travel_.')).toEqual([
      { text: 'The trip.', style: 'bold' },
      ' Kim is ',
      { text: 'reportedly', style: 'italic' },
      ' set to ',
      { text: 'travel', style: 'italic' },
      '.',
    ]);
  });

  it('leaves snake_case, arithmetic and lone asterisks as they are', () => {
    expect(markdownInline('snake_case_name and 2 * 3 * 4')).toEqual(['snake_case_name and 2 * 3 * 4']);
  });

  it('shows a link with its address instead of hiding it behind a label', () => {
    expect(markdownInline('see [the ministry](https://evil.example/x)')).toEqual([
      'see the ministry (https://evil.example/x)',
    ]);
  });

  it('turns blank-line paragraphs and bullet runs into text and list blocks', () => {
    expect(markdownBlocks('One\nline.\n\n- first\n- *second*')).toEqual([
      { type: 'text', content: ['One line.'] },
      { type: 'list', items: [['first'], [{ text: 'second', style: 'italic' }]] },
    ]);
  });
});
