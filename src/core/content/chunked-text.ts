import type { ClaimPatch } from '../claims/yaml-edit.js';
import type { ChunkRef } from '../store.js';
import { mayHaveAnchors } from '../yaml-source.js';
import { type Cut, cutFresh } from './chunks.js';
import { type ClaimAt, type ClaimLines, claimItemStarts, patchClaimRegion } from './claim-text.js';

/**
 * The latest revision's text as the write path holds it between changes: its stored chunks, and
 * where each claim's lines start (ADR 0044). A claim is patched inside the chunks that hold it,
 * so a change to a 10,000-claim story copies a few kilobytes, not its megabytes of text: the text
 * handed on (to the catalog, the revision) is the chunks joined lazily, which V8 copies into one
 * string only when something reads it.
 */
export class ChunkedText {
  readonly text: string;

  private constructor(
    readonly refs: readonly ChunkRef[],
    readonly bodies: readonly string[],
    /** Where claims start; null when the text cannot be patched in place; undefined until scanned. */
    private lines: ClaimLines | null | undefined,
    text?: string,
  ) {
    this.text = text ?? joinLazily(bodies);
  }

  /** A stored revision's text and chunks (undefined when they do not add up). */
  static of(text: string, refs: readonly ChunkRef[]): ChunkedText | undefined {
    const bodies: string[] = [];
    let at = 0;
    for (const ref of refs) {
      bodies.push(text.slice(at, at + ref.length));
      at += ref.length;
    }
    return at === text.length ? new ChunkedText(refs, bodies, undefined, text) : undefined;
  }

  private claimLines(): ClaimLines | null {
    if (this.lines === undefined) this.lines = mayHaveAnchors(this.text) ? null : (claimItemStarts(this.text) ?? null);
    return this.lines;
  }

  /**
   * The text with fields of one claim set (`patchClaimRegion`'s checks), and the chunks that
   * changed; undefined when it cannot be done in place.
   */
  patchClaim(claim: ClaimAt, patch: ClaimPatch): { text: ChunkedText; cut: Cut } | undefined {
    const lines = this.claimLines();
    if (!lines || lines.starts.length !== claim.count) return undefined;
    const from = lines.starts[claim.index] as number;
    const to = lines.starts[claim.index + 1] ?? lines.end;
    const patched = patchClaimRegion(this.read(from, to), claim, patch);
    if (patched === undefined) return undefined;
    const { refs, bodies, cut } = this.splice(from, to, patched);
    const shift = patched.length - (to - from);
    const moved = { starts: lines.starts.map((s, i) => (i > claim.index ? s + shift : s)), end: lines.end + shift };
    return { text: new ChunkedText(refs, bodies, moved), cut: { refs, bodies: cut.bodies } };
  }

  /** The chunks holding [from, to), with their offsets. */
  private span(from: number, to: number): { first: number; last: number; start: number; end: number } {
    let at = 0;
    let first = -1;
    let start = 0;
    for (const [i, ref] of this.refs.entries()) {
      const next = at + ref.length;
      if (first < 0 && from < next) {
        first = i;
        start = at;
      }
      if (first >= 0 && to <= next) return { first, last: i, start, end: next };
      at = next;
    }
    throw new RangeError(`[${from}, ${to}) is outside a text of ${at} characters`);
  }

  private read(from: number, to: number): string {
    const { first, last, start } = this.span(from, to);
    return this.bodies
      .slice(first, last + 1)
      .join('')
      .slice(from - start, to - start);
  }

  private splice(from: number, to: number, insert: string): { refs: ChunkRef[]; bodies: string[]; cut: Cut } {
    const { first, last, start, end } = this.span(from, to);
    const around = this.bodies.slice(first, last + 1).join('');
    const middle = around.slice(0, from - start) + insert + around.slice(to - start, end - start);
    const cut: Cut = { refs: [], bodies: new Map() };
    cutFresh(middle, 0, middle.length, cut);
    const fresh = cut.refs.map((ref) => cut.bodies.get(ref.hash) as string);
    return {
      refs: [...this.refs.slice(0, first), ...cut.refs, ...this.refs.slice(last + 1)],
      bodies: [...this.bodies.slice(0, first), ...fresh, ...this.bodies.slice(last + 1)],
      cut,
    };
  }
}

/**
 * The parts joined pairwise into a balanced tree of V8 cons strings: no characters are copied
 * until the string is read, and then once.
 */
function joinLazily(parts: readonly string[]): string {
  let level = [...parts];
  if (level.length === 0) return '';
  while (level.length > 1) {
    const joined: string[] = [];
    for (let i = 0; i < level.length; i += 2) joined.push(`${level[i]}${level[i + 1] ?? ''}`);
    level = joined;
  }
  return level[0] as string;
}
