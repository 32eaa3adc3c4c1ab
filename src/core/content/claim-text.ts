import jsyaml from 'js-yaml';
import { canonicalClaim } from '../claims/canonical.js';
import { type ClaimPatch, patchClaim } from '../claims/yaml-edit.js';
import { type Claim, claimSchema } from '../story/schema.js';
import { mayHaveAnchors } from '../yaml-source.js';

/**
 * Where each item of a block-style top-level `claims:` list starts in a story's text, found by a
 * scan of its lines, not a YAML parse (ADR 0042). In block YAML every line inside an item (a
 * folded value, a quoted or flow value running over lines) is indented past the item's dash, so
 * an item ends at the next line, not blank and not a comment, indented no deeper than the dash.
 * `undefined` when the list is not written that way (flow style, tabs, no `claims:` key).
 */
export function claimItemStarts(text: string): ClaimLines | undefined {
  const header = /^claims:[ \t]*(#.*)?$/m.exec(text);
  if (!header) return undefined;
  const starts: number[] = [];
  let dash = -1;
  let at = header.index + header[0].length + 1;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    let indent = 0;
    while (text.charCodeAt(at + indent) === 32) indent++;
    const first = text[at + indent];
    if (first === '\t') return undefined;
    const blank = first === undefined || first === '\n' || first === '\r' || first === '#';
    if (!blank) {
      const item = first === '-' && /[ \r\n]/.test(text[at + indent + 1] ?? '\n');
      if (dash < 0) {
        if (!item) return undefined;
        dash = indent;
      }
      if (indent < dash || (indent === dash && !item)) return { starts, end: at };
      if (indent === dash) starts.push(at);
    }
    at = next;
  }
  return dash < 0 ? undefined : { starts, end: text.length };
}

/** One item of a `claims:` list, read on its own as the story loader reads a file. */
function readItem(region: string): unknown[] | undefined {
  try {
    const read = jsyaml.load(`claims:\n${region}`, { schema: jsyaml.CORE_SCHEMA }) as { claims?: unknown } | null;
    return Array.isArray(read?.claims) ? read.claims : undefined;
  } catch {
    return undefined;
  }
}

function sameClaim(read: unknown, expected: Claim): boolean {
  const parsed = claimSchema.safeParse(read);
  return parsed.success && JSON.stringify(canonicalClaim(parsed.data)) === JSON.stringify(canonicalClaim(expected));
}

/** Where the items of a story's `claims:` list start, and where the list ends. */
export interface ClaimLines {
  starts: number[];
  end: number;
}

/** What a claim's patch is checked against: the story's claim count, its place, and the claim before and after. */
export interface ClaimAt {
  count: number;
  index: number;
  before: Claim;
  after: Claim;
}

/**
 * The lines of one claim's item (`region`) with fields set: read on their own, they must give
 * exactly `before` first and exactly `after` once patched, at the same indentation, every line
 * after the first indented past the dash, no anchor in them. In block YAML, lines outside an item
 * cannot change how it reads, so these checks stand for reading the whole text back.
 */
export function patchClaimRegion(region: string, claim: ClaimAt, patch: ClaimPatch): string | undefined {
  const was = readItem(region);
  if (was?.length !== 1 || !sameClaim(was[0], claim.before)) return undefined;
  let patched: string;
  try {
    patched = patchClaim(`claims:\n${region}`, claim.before.id, patch).slice('claims:\n'.length);
  } catch {
    return undefined;
  }
  // Same indentation for the dash, ends its last line: it sits among its neighbours as before.
  const indent = (line: string) => line.length - line.trimStart().length;
  const dash = indent(patched);
  if (dash !== indent(region) || (region.endsWith('\n') && !patched.endsWith('\n'))) return undefined;
  const outdented = patched
    .split('\n')
    .slice(1)
    .some((line) => line.trim() !== '' && !line.trimStart().startsWith('#') && indent(line) <= dash);
  if (outdented || mayHaveAnchors(patched)) return undefined;
  const now = readItem(patched);
  if (now?.length !== 1 || !sameClaim(now[0], claim.after)) return undefined;
  return patched;
}

/**
 * Sets fields of the claim at `index` in a story's text by patching only that claim's lines: the
 * rest of the text is kept byte for byte and never parsed, so the cost does not grow with the
 * story. `undefined` when it cannot be done this way (anchors anywhere, a list not in block style,
 * a count that does not match): the caller then takes the slower whole-document path.
 */
export function patchClaimLines(text: string, claim: ClaimAt, patch: ClaimPatch): string | undefined {
  if (mayHaveAnchors(text)) return undefined;
  const items = claimItemStarts(text);
  if (!items || items.starts.length !== claim.count) return undefined;
  const from = items.starts[claim.index] as number;
  const to = items.starts[claim.index + 1] ?? items.end;
  const patched = patchClaimRegion(text.slice(from, to), claim, patch);
  return patched === undefined ? undefined : text.slice(0, from) + patched + text.slice(to);
}
