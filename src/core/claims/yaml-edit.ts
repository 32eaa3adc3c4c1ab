import type { Node, Pair, YAMLMap } from 'yaml';
import { yamlLib } from '../yaml-lib.js';

/** New values for some fields of one claim: a string, a list of ids, or `null` to remove the field. */
export type ClaimPatch = Record<string, string | string[] | null>;

/**
 * Changes fields of one claim in a story file's text and nothing else: every other byte (comments,
 * blank lines, how long lines are folded) stays as the author wrote it. Only the changed values
 * are re-written, in the style they had. Where that is not possible (a claim written in flow
 * style) or the result would not read back as intended, it falls back to yaml's Document API,
 * which keeps comments but re-flows the file.
 */
export function patchClaim(text: string, claimId: string, patch: ClaimPatch): string {
  const doc = yamlLib().parseDocument(text);
  const index = claimIndex(doc.get('claims', true), claimId);
  if (index === undefined) throw new Error(`no claim "${claimId}" in the file`);
  const claim = (doc.get('claims', true) as { items: unknown[] }).items[index] as YAMLMap;
  patch = matchShapes(claim, patch);
  const expected = applyToJs(doc.toJS(), index, patch);
  const spliced = claim.flow ? undefined : splice(text, claim, patch);
  if (spliced !== undefined && sameJs(yamlLib().parseDocument(spliced).toJS(), expected)) return spliced;
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) doc.deleteIn(['claims', index, field]);
    else doc.setIn(['claims', index, field], value);
  }
  return String(doc);
}

function claimIndex(claims: unknown, id: string): number | undefined {
  if (!yamlLib().isSeq(claims)) return undefined;
  const at = claims.items.findIndex((item) => yamlLib().isMap(item) && item.get('id') === id);
  return at < 0 ? undefined : at;
}

/** `source: a` stays a scalar and `source: [a]` a list when one id replaces another. */
function matchShapes(claim: YAMLMap, patch: ClaimPatch): ClaimPatch {
  const shaped: ClaimPatch = {};
  for (const [field, value] of Object.entries(patch)) {
    const node = claim.get(field, true);
    if (typeof value === 'string' && yamlLib().isSeq(node)) shaped[field] = [value];
    else if (Array.isArray(value) && value.length === 1 && yamlLib().isScalar(node)) shaped[field] = value[0] as string;
    else shaped[field] = value;
  }
  return shaped;
}

function applyToJs(js: { claims: Array<Record<string, unknown>> }, index: number, patch: ClaimPatch): unknown {
  const claim = js.claims[index] as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete claim[field];
    else claim[field] = value;
  }
  return js;
}

function sameJs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

function splice(text: string, claim: YAMLMap, patch: ClaimPatch): string | undefined {
  const pairs = claim.items as Array<Pair<Node, Node | null>>;
  const first = pairs[0]?.key;
  if (!first?.range) return undefined;
  const keyColumn = column(text, first.range[0]);
  const edits: Edit[] = [];
  const added: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const pair = pairs.find((p) => yamlLib().isScalar(p.key) && p.key.value === field);
    const node = pair?.value;
    if (!pair) {
      if (value !== null) added.push(`${' '.repeat(keyColumn)}${field}: ${renderNew(value, keyColumn + 2)}\n`);
      continue;
    }
    if (!node?.range || !pair.key?.range) return undefined;
    if (value === null) {
      if (pair === pairs[0]) return undefined;
      edits.push({ from: lineStart(text, pair.key.range[0]), to: lineEnd(text, node.range[2]), text: '' });
      continue;
    }
    const [from, to] = node.range;
    const rendered = renderReplacing(text, node, value);
    if (rendered === undefined) return undefined;
    edits.push({ from, to, text: text[to - 1] === '\n' ? `${rendered}\n` : rendered });
  }
  if (added.length > 0) {
    const last = pairs[pairs.length - 1]?.value ?? pairs[pairs.length - 1]?.key;
    if (!last?.range) return undefined;
    const at = lineEnd(text, last.range[2]);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    edits.push({ from: at, to: at, text: prefix + added.join('') });
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.from - a.from)) {
    result = result.slice(0, edit.from) + edit.text + result.slice(edit.to);
  }
  return result;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that `offset` ends in (after its newline). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** A value rewritten in the style of the node it replaces. No trailing newline. */
function renderReplacing(text: string, node: Node, value: string | string[]): string | undefined {
  if (Array.isArray(value)) {
    if (yamlLib().isSeq(node) && !node.flow) {
      const indent = ' '.repeat(column(text, node.range?.[0] ?? 0));
      return value.map((v) => `- ${scalar(v)}`).join(`\n${indent}`);
    }
    return flowList(value);
  }
  if (!yamlLib().isScalar(node)) return yamlLib().isSeq(node) && node.flow ? flowList([value]) : undefined;
  const blockStyle = node.type === yamlLib().Scalar.BLOCK_FOLDED || node.type === yamlLib().Scalar.BLOCK_LITERAL;
  if (blockStyle && foldable(value)) {
    const start = node.range?.[0] ?? 0;
    const contentLine = text.indexOf('\n', start) + 1;
    const indent = /^ */.exec(text.slice(contentLine))?.[0].length ?? 2;
    return folded(value, indent);
  }
  return scalar(value);
}

function renderNew(value: string | string[], indent: number): string {
  if (Array.isArray(value)) return flowList(value);
  return value.length > 60 && foldable(value) ? folded(value, indent) : scalar(value);
}

function flowList(values: readonly string[]): string {
  return `[${values.map(scalar).join(', ')}]`;
}

/** Plain when YAML reads it back unchanged, quoted otherwise; always one line. */
function scalar(value: string): string {
  const out = yamlLib().stringify(value, { lineWidth: 0 }).trimEnd();
  return out.includes('\n') ? JSON.stringify(value) : out;
}

/** Text that a folded block (`>-`) gives back exactly: one line, no doubled or edge spaces. */
function foldable(value: string): boolean {
  return /^\S(?:.*\S)?$/.test(value) && !/[\n\t]| {2}/.test(value);
}

const WIDTH = 90;

function folded(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const width = Math.max(40, WIDTH - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return `>-\n${lines.map((l) => pad + l).join('\n')}`;
}
