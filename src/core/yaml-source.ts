import { type Document, isMap, isNode, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One problem in a file, reported as `path:line:col: message`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

export type PathKey = string | number;

/** A parsed YAML file that can say where any of its values sits in the text. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  static parse(text: string, file: string): { source: YamlSource; problems: Problem[] } {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    const source = new YamlSource(file, doc, counter);
    // One slip (an unclosed bracket, a tab) makes the parser report a cascade of errors on the lines
    // after it; only the first is the admin's mistake, so it is the one reported.
    const problems = sortProblems(
      doc.errors.map((error) => source.problemAtOffset(error.pos[0], `YAML syntax: ${error.message.split('\n')[0]}`)),
    ).slice(0, 1);
    return { source, problems };
  }

  /** The position of the value at `at`, or of `key` in the map there (for missing or unknown fields). */
  problemAt(at: readonly PathKey[], message: string, key?: string): Problem {
    let node: unknown = this.doc.contents;
    for (const step of at) {
      if (!(isMap(node) || isSeq(node))) break;
      const next = node.get(step, true);
      if (next === undefined) break;
      node = next;
    }
    let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find(
        (item) => isNode(item.key) && (item.key as Node & { value?: unknown }).value === key,
      );
      if (pair && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
    }
    return this.problemAtOffset(offset, message);
  }

  private problemAtOffset(offset: number, message: string): Problem {
    const { line, col } = this.counter.linePos(offset);
    return { file: this.file, line, col, message };
  }

  /** Validates the document against a zod schema; every issue becomes a located problem. */
  validate<S extends z.ZodType>(schema: S): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
    const parsed = schema.safeParse(this.doc.toJS(), { reportInput: true });
    if (parsed.success) return { ok: true, data: parsed.data };
    const problems = parsed.error.issues.flatMap((issue) =>
      issueMessages(issue).map(({ message, key }) => this.problemAt(issue.path as PathKey[], message, key)),
    );
    return { ok: false, problems: sortProblems(problems) };
  }
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

function describePath(at: readonly PathKey[]): string {
  return at
    .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^\./, '');
}

function issueMessages(issue: z.core.$ZodIssue): Array<{ message: string; key?: string }> {
  const where = describePath(issue.path as PathKey[]);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ key, message: `unknown field "${key}"${where ? ` in ${where}` : ''}` }));
  }
  // With reportInput, a missing field shows as an issue whose input is undefined, whatever its code.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    return [{ message: `${where || 'file'}: required field is missing` }];
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const allowed = (issue.values as unknown[]).map(String).join(' | ');
    return [{ message: `${where}: must be one of ${allowed}, not ${JSON.stringify(issue.input)}` }];
  }
  return [{ message: `${where || 'file'}: ${issue.message}` }];
}
