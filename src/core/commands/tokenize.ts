/**
 * Splits command text into words, honouring "double", 'single' and “curly” quotes (chat clients
 * turn straight quotes into curly ones) and `key="a value"`. Never throws: an unclosed quote runs
 * to the end of the text.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  const closing: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '”': '”' };
  for (const ch of text.normalize('NFC')) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch in closing && (!inWord || current.endsWith('='))) {
      quote = closing[ch];
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (inWord) words.push(current);
  return words;
}

/** Quotes a word back so that `tokenize(joinWords(ws))` gives `ws` again. */
export function joinWords(words: readonly string[]): string {
  // Curly quotes open a quoted run in `tokenize` too, so a word holding one is quoted as well.
  return words.map((w) => (w === '' || /[\s"'“”‘’]/.test(w) ? `"${w.replace(/"/g, '')}"` : w)).join(' ');
}
