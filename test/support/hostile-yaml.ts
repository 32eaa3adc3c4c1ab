/**
 * The alias bomb of issue 11: ten lines, each referencing the previous nine times. Parsed naively
 * it expands to 9^10 (3.4 billion) strings.
 */
export function aliasBomb(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}
