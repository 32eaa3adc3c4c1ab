import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { yamlLib } from './yaml-lib.js';

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

/**
 * What any YAML file may ask of the reader, so one hostile or broken file costs bounded time and
 * memory (an alias bomb of ten lines expands to billions of nodes). Stated in the README.
 */
export interface YamlLimits {
  /** UTF-8 bytes of the whole file. */
  maxBytes: number;
  /** Alias references (`*name`) in the file. */
  maxAliases: number;
  /** Nested lists and maps. */
  maxDepth: number;
}

export const YAML_LIMITS: YamlLimits = { maxBytes: 8 * 1024 * 1024, maxAliases: 100, maxDepth: 32 };

/**
 * One read of the text, cheaper than a YAML parse: false when the file holds no anchor (`&name`
 * where a node starts), hence no alias either. True for "&name" anywhere else too (in a quoted or
 * block string): a false alarm only sends the file to the slower, exact reader.
 */
export function mayHaveAnchors(text: string): boolean {
  return /(^|[\s[{,:?-])&[^\s,[\]{}]/.test(text);
}

/** The file-size limit, checked before anything parses the text (or reads the file: pass its size). */
export function sizeProblem(
  text: string | number,
  file: string,
  limits: YamlLimits = YAML_LIMITS,
): Problem | undefined {
  const bytes = typeof text === 'number' ? text : Buffer.byteLength(text);
  if (bytes <= limits.maxBytes) return undefined;
  return {
    file,
    line: 1,
    col: 1,
    message: `file is ${formatBytes(bytes)}; files of at most ${formatBytes(limits.maxBytes)} are read`,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** A parsed YAML file that can say where any of its values sits in the text. */
export class YamlSource {
  /** The document as plain data, once the limits are known to hold (else `undefined`). */
  data: unknown;

  private constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  /** Never throws: a file over the limits, or one the parser cannot handle, is a problem like any other. */
  static parse(
    text: string,
    file: string,
    limits: YamlLimits = YAML_LIMITS,
  ): { source: YamlSource; problems: Problem[] } {
    const counter = new (yamlLib().LineCounter)();
    const tooBig = sizeProblem(text, file, limits);
    let doc: Document;
    try {
      doc = yamlLib().parseDocument(tooBig ? '' : text, {
        lineCounter: counter,
        prettyErrors: false,
        uniqueKeys: true,
      });
    } catch {
      // The parser recurses per nesting level: a file nested thousands deep overflows its stack.
      const source = new YamlSource(file, yamlLib().parseDocument(''), counter);
      return { source, problems: [{ file, line: 1, col: 1, message: `nested more than ${limits.maxDepth} deep` }] };
    }
    const source = new YamlSource(file, doc, counter);
    if (tooBig) return { source, problems: [tooBig] };
    // One slip (an unclosed bracket, a tab) makes the parser report a cascade of errors on the lines
    // after it; only the first is the admin's mistake, so it is the one reported.
    const problems = sortProblems(
      doc.errors.map((error) =>
        // The parser recurses per nesting level and reports its own stack overflow as a syntax error.
        error.message.includes('call stack')
          ? source.problemAtOffset(error.pos[0], `nested more than ${limits.maxDepth} deep`)
          : source.problemAtOffset(error.pos[0], `YAML syntax: ${error.message.split('\n')[0]}`),
      ),
    ).slice(0, 1);
    if (problems.length > 0) return { source, problems };
    const overLimit = source.limitProblem(limits);
    if (overLimit) return { source, problems: [overLimit] };
    return { source, problems: [] };
  }

  /** Aliases and depth, counted on the document before anything expands it. */
  private limitProblem(limits: YamlLimits): Problem | undefined {
    let aliases = 0;
    let firstAlias: number | undefined;
    let found: Problem | undefined;
    try {
      yamlLib().visit(this.doc, {
        Alias: (_, node) => {
          firstAlias ??= node.range?.[0] ?? 0;
          aliases += 1;
          if (aliases <= limits.maxAliases) return undefined;
          found = this.problemAtOffset(
            node.range?.[0] ?? 0,
            `more than ${limits.maxAliases} aliases (*${node.source}); aliases are limited so a file cannot expand without bound`,
          );
          return yamlLib().visit.BREAK;
        },
        Node: (_, node, path) => {
          if (!yamlLib().isCollection(node) || path.filter(yamlLib().isCollection).length < limits.maxDepth)
            return undefined;
          found = this.problemAtOffset(node.range?.[0] ?? 0, `nested more than ${limits.maxDepth} deep`);
          return yamlLib().visit.BREAK;
        },
      });
    } catch {
      return this.problemAtOffset(0, `nested more than ${limits.maxDepth} deep`);
    }
    if (found) return found;
    try {
      // Few aliases can still expand to millions of nodes (each one repeating the previous ones).
      this.data = this.doc.toJS({ maxAliasCount: limits.maxAliases });
      return undefined;
    } catch {
      return this.problemAtOffset(firstAlias ?? 0, 'aliases here expand too far; write the values out instead');
    }
  }

  /** The position of the value at `at`, or of `key` in the map there (for missing or unknown fields). */
  problemAt(at: readonly PathKey[], message: string, key?: string): Problem {
    let node: unknown = this.doc.contents;
    for (const step of at) {
      if (!(yamlLib().isMap(node) || yamlLib().isSeq(node))) break;
      const next = node.get(step, true);
      if (next === undefined) break;
      node = next;
    }
    let offset = yamlLib().isNode(node) ? (node.range?.[0] ?? 0) : 0;
    if (key !== undefined && yamlLib().isMap(node)) {
      const pair = node.items.find(
        (item) => yamlLib().isNode(item.key) && (item.key as Node & { value?: unknown }).value === key,
      );
      if (pair && yamlLib().isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
    }
    return this.problemAtOffset(offset, message);
  }

  private problemAtOffset(offset: number, message: string): Problem {
    const { line, col } = this.counter.linePos(offset);
    return { file: this.file, line, col, message };
  }

  /** Validates the document against a zod schema; every issue becomes a located problem. */
  validate<S extends z.ZodType>(schema: S): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
    const parsed = schema.safeParse(this.data, { reportInput: true });
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

/**
 * A field left out: with reportInput, an issue whose input is undefined, whatever the field's type
 * (a union such as "one id or a list of ids" reports `invalid_union`, not `invalid_type`).
 */
export function isMissingField(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') &&
    issue.input === undefined
  );
}

function issueMessages(issue: z.core.$ZodIssue): Array<{ message: string; key?: string }> {
  const where = describePath(issue.path as PathKey[]);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ key, message: `unknown field "${key}"${where ? ` in ${where}` : ''}` }));
  }
  if (isMissingField(issue)) {
    return [{ message: `${where || 'file'}: required field is missing` }];
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const allowed = (issue.values as unknown[]).map(String).join(' | ');
    return [{ message: `${where}: must be one of ${allowed}, not ${JSON.stringify(issue.input)}` }];
  }
  return [{ message: `${where || 'file'}: ${issue.message}` }];
}
