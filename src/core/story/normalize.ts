/** Letters that Unicode does not decompose into a base letter and a mark, folded as people type them. */
const FOLD: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  ħ: 'h',
};

/** Folds case, accents, punctuation and a leading "the", so "Pútin", "putin" and "PUTIN" meet (and "Øster", "oster"). */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßøłđðþæœıħ]/g, (ch) => FOLD[ch] ?? ch)
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the\s+/, '');
}
