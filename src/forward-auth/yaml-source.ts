import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { ConfigFileError } from './config-file-error.js';

/**
 * A parsed YAML file that remembers where each node came from, so that validation errors name the line
 * (the `yaml` package keeps source ranges; `LineCounter` turns offsets into line/column).
 * Syntax errors and duplicate keys are refused here; aliases fail the type checks (a value must be written out).
 */
export class YamlSource {
  readonly file: string;
  readonly root: Node | null;
  private readonly lines = new LineCounter();

  constructor(file: string, text: string) {
    this.file = file;
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: true, uniqueKeys: true });
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
      const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigFileError(file, pos.line, pos.col, `invalid YAML: ${firstLine}`);
    }
    this.root = (doc.contents as Node | null) ?? null;
  }

  /** Throws a ConfigFileError pointing at `node` (or at the start of the file). */
  fail(node: Node | Pair | null | undefined, problem: string): never {
    const pos = this.lines.linePos(rangeStart(node));
    throw new ConfigFileError(this.file, pos.line, pos.col, problem);
  }

  lineOf(node: Node | Pair | null | undefined): number {
    return this.lines.linePos(rangeStart(node)).line;
  }

  /** A mapping whose keys are all in `allowed`; unknown keys are errors (style.md: typos must not be ignored). */
  map(node: Node | null | undefined, what: string, allowed: readonly string[]): Map<string, { key: Node; value: Node | null }> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`);
    const out = new Map<string, { key: Node; value: Node | null }>();
    for (const pair of (node as YAMLMap).items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string') this.fail(key ?? node, `${what}: keys must be strings`);
      const name = key.value as string;
      if (!allowed.includes(name)) this.fail(key, `${what}: unknown key "${name}" (allowed: ${allowed.join(', ')})`);
      out.set(name, { key, value: (pair.value as Node | null) ?? null });
    }
    return out;
  }

  seq(node: Node | null | undefined, what: string): Node[] {
    if (!isSeq(node)) this.fail(node, `${what} must be a list`);
    return (node as YAMLSeq).items.map((item) => item as Node);
  }

  string(node: Node | null | undefined, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') this.fail(node, `${what} must be a non-empty string`);
    return (node as { value: string }).value;
  }

  boolean(node: Node | null | undefined, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${what} must be true or false`);
    return (node as { value: boolean }).value;
  }

  /** A string or a list of strings (e.g. `methods: GET` or `methods: [GET, POST]`). */
  strings(node: Node | null | undefined, what: string): { value: string; node: Node }[] {
    if (isSeq(node)) {
      if (node.items.length === 0) this.fail(node, `${what} must not be an empty list`);
      return node.items.map((item) => ({ value: this.string(item as Node, what), node: item as Node }));
    }
    return [{ value: this.string(node, what), node: node as Node }];
  }
}

function rangeStart(node: Node | Pair | null | undefined): number {
  if (node === null || node === undefined) return 0;
  if ('range' in node && Array.isArray(node.range)) return node.range[0] ?? 0;
  const key = (node as Pair).key as Node | null;
  return key !== null && 'range' in key && Array.isArray(key.range) ? key.range[0] ?? 0 : 0;
}
