import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { YAMLException, load, loadAll } from 'js-yaml';
import { type Document, LineCounter, type Node, isAlias, isMap, isSeq, parseDocument } from 'yaml';
import { hasControlCharacters } from '../core/rules';
import { pointer } from './json';
import { KUBECTL_SCHEMA } from './kubectl-yaml';
import { readFailure } from './paths';
import type { SchemaError } from './types';

// Manifest files read as kubectl reads them (k8s.io/apimachinery's YAMLOrJSONDecoder, behind a BOM
// override): a byte-order mark says the encoding and is dropped; a file whose first non-space
// character is "{" is a stream of JSON values, read strictly; anything else is YAML, whose scalars
// resolve as go-yaml v2 resolves them (kubectl-yaml.ts). js-yaml reads each document; the `yaml`
// library, slower but with a syntax tree, is asked for positions only when a document has errors.

/** A place in a file, counting lines and columns from 1. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One document of a file, parsed on its own. */
export interface ParsedDocument {
  readonly document: number;
  /** The document's value; `null` when it is empty or did not parse (then `errors` says why). */
  readonly value: unknown;
  readonly errors: readonly SchemaError[];
  /**
   * Where the value at a JSON pointer is written: the key of a mapping entry, an item of a list. A
   * path that goes past what the file has (a missing field) gives its nearest parent.
   */
  readonly locate: (path: string) => Position | undefined;
}

export interface ReadOptions {
  /**
   * A key twice in one mapping is an error (kubectl keeps the last silently; it is nearly always a
   * mistake). Published CRDs have repeated a key and still install, so CRDs are read with `false`.
   * @default true
   */
  readonly uniqueKeys?: boolean;
}

/** Values one document may expand to through its aliases; go-yaml v2 refuses such "excessive aliasing" too. */
const MAX_VALUES = 1_000_000;
const BLOCK = 1 << 20;

/**
 * The documents of a file one at a time. YAML is read in blocks and split at its document markers
 * (YAML forbids `---` and `...` at the start of a line inside a document), so a 50 MB manifest
 * never sits in memory whole; a JSON file is read whole, as kubectl's JSON decoder does.
 */
export function* eachDocument(file: string, options: ReadOptions = {}): Generator<ParsedDocument> {
  const uniqueKeys = options.uniqueKeys ?? true;
  let document = 0;
  try {
    const source = openText(file);
    try {
      const documents = source.json ? jsonDocuments(file, source) : yamlDocuments(file, source, uniqueKeys);
      for (const parse of documents) {
        const parsed = parse(document);
        yield parsed;
        document += 1;
      }
    } finally {
      source.close();
    }
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    yield failed(file, document, readFailure(e), undefined);
    return;
  }
}

function failed(file: string, document: number, message: string, at: Position | undefined, locate: ParsedDocument['locate'] = () => undefined): ParsedDocument {
  return { document, value: null, errors: [{ file, document, object: '', path: '', message, ...(at ? { line: at.line, column: at.column } : {}) }], locate };
}

/** A file's text in blocks, after its byte-order mark, and whether kubectl would read it as JSON. */
interface TextSource {
  readonly json: boolean;
  readonly blocks: Generator<string>;
  readonly close: () => void;
}

function openText(file: string): TextSource {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(BLOCK);
  let read = readSync(fd, buffer, 0, BLOCK, null);
  const head = buffer.subarray(0, read);
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  let first: string;
  let decoder: StringDecoder | undefined;
  if (utf16) {
    // Rare enough to read whole: TextDecoder knows both byte orders, StringDecoder only one.
    const parts = [Buffer.from(head)];
    for (read = readSync(fd, buffer, 0, BLOCK, null); read > 0; read = readSync(fd, buffer, 0, BLOCK, null)) parts.push(Buffer.from(buffer.subarray(0, read)));
    first = new TextDecoder(utf16).decode(Buffer.concat(parts));
  } else {
    decoder = new StringDecoder('utf8');
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    first = decoder.write(head.subarray(bom));
  }
  const blocks = (function* (): Generator<string> {
    yield first;
    if (!decoder) return;
    for (read = readSync(fd, buffer, 0, BLOCK, null); read > 0; read = readSync(fd, buffer, 0, BLOCK, null)) yield decoder.write(buffer.subarray(0, read));
    yield decoder.end();
  })();
  return { json: /^\s*\{/.test(first), blocks, close: () => closeSync(fd) };
}

/** A document still to be numbered: it is parsed, or was, and takes its number in the file. */
type Pending = (document: number) => ParsedDocument;

const MARKER = /^(---|\.\.\.)([ \t\r\n]|$)/;
/** Comments, blank lines and directives: text that opens no document by itself. */
const NOT_CONTENT = /^([ \t]*(#.*)?|%.*)\r?\n?$/;
/** Text whose values need the walk of {@link checked}: aliases, escapes, raw control characters, `.inf` and `.nan`. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_WALK = /[*\\\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\.(?:inf|Inf|INF|nan|NaN|NAN)/;
/** YAML is parsed in batches of whole documents of about this many characters: js-yaml's cost per call is high. */
const BATCH = 1 << 20;

/**
 * The documents of a YAML file. Batches of whole documents, cut before a document marker (YAML
 * forbids `---` at the start of a line inside a document), are parsed with one js-yaml call each;
 * a batch that does not parse is parsed again document by document, so that each error is its own.
 */
function* yamlDocuments(file: string, source: TextSource, uniqueKeys: boolean): Generator<Pending> {
  for (const batch of yamlBatches(source.blocks)) {
    let values: unknown[] | undefined;
    try {
      values = loadAll(batch.text, { schema: KUBECTL_SCHEMA, json: !uniqueKeys });
    } catch (e) {
      if (!(e instanceof YAMLException)) throw e;
    }
    if (!values) {
      for (const piece of documentTexts(batch.text, batch.firstLine)) {
        yield (document: number) => parseYaml(file, document, piece.text, piece.firstLine, uniqueKeys);
      }
      continue;
    }
    // The text of each document, for positions: only a document with errors needs it.
    let pieces: { text: string; firstLine: number }[] | undefined;
    const locators = new Map<number, ParsedDocument['locate']>();
    const locatorOf = (i: number): ParsedDocument['locate'] => (path) => {
      pieces ??= [...documentTexts(batch.text, batch.firstLine)];
      const piece = pieces.length === (values).length ? pieces[i] : undefined;
      if (!piece) return undefined;
      let locate = locators.get(i);
      if (!locate) locators.set(i, (locate = lazyLocator(piece.text, piece.firstLine, 1)));
      return locate(path);
    };
    const walk = NEEDS_WALK.test(batch.text);
    for (const [i, value] of values.entries()) {
      const locate = locatorOf(i);
      yield (document) => (walk ? checked(file, document, value, locate) : { document, value, errors: [], locate });
    }
  }
}

/** YAML text in batches of whole documents, each with the line it starts on. */
function* yamlBatches(blocks: Iterable<string>): Generator<{ text: string; firstLine: number }> {
  let pending = '';
  let firstLine = 1;
  for (const block of blocks) {
    pending += block;
    if (pending.length < BATCH) continue;
    const cut = lastMarker(pending);
    if (cut <= 0) continue;
    const text = pending.slice(0, cut);
    yield { text, firstLine };
    firstLine += lineCount(text);
    pending = pending.slice(cut);
  }
  if (pending !== '') yield { text: pending, firstLine };
}

/** Where the last line that starts with `---` begins, or -1. */
function lastMarker(text: string): number {
  for (let at = text.lastIndexOf('\n---'); at >= 0; at = text.lastIndexOf('\n---', at - 1)) {
    const next = text[at + 4];
    if (next === undefined || next === ' ' || next === '\t' || next === '\r' || next === '\n') return at + 1;
  }
  return -1;
}

function lineCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

/** The text of each document of a batch, with the line it starts on, split at the document markers. */
function* documentTexts(text: string, startLine: number): Generator<{ text: string; firstLine: number }> {
  let lines: string[] = [];
  let firstLine = startLine;
  let started = false;
  const holdsDocument = () => started || lines.some((l) => !NOT_CONTENT.test(l));
  const piece = () => ({ text: lines.join(''), firstLine });
  let lineNo = startLine;
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const marker = MARKER.exec(line)?.[1];
    if (marker === '---' && holdsDocument()) {
      yield piece();
      lines = [];
    }
    if (lines.length === 0) firstLine = lineNo;
    lines.push(line);
    lineNo += 1;
    if (marker === '---') started = true;
    else if (marker === '...') {
      yield piece();
      lines = [];
      started = false;
    } else if (!NOT_CONTENT.test(line)) started = true;
  }
  // Comments after the last document hold none.
  if (holdsDocument()) yield piece();
}

/** Parses one YAML document's text alone. */
function parseYaml(file: string, document: number, text: string, firstLine: number, uniqueKeys: boolean): ParsedDocument {
  const locate = lazyLocator(text, firstLine, 1);
  let value: unknown;
  try {
    value = load(text, { schema: KUBECTL_SCHEMA, json: !uniqueKeys });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const at = e.mark ? { line: e.mark.line + firstLine, column: e.mark.column + 1 } : undefined;
    return failed(file, document, `not valid YAML: ${e.reason}`, at, locate);
  }
  return checked(file, document, value ?? null, locate);
}

/** The values of a JSON stream (kubectl's decoder reads one after another), each parsed strictly. */
function* jsonDocuments(file: string, source: TextSource): Generator<Pending> {
  let text = '';
  for (const block of source.blocks) text += block;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const positionAt = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const nonSpace = /\S/g;
  let start = 0;
  for (nonSpace.lastIndex = start; nonSpace.test(text); nonSpace.lastIndex = start) {
    const from = nonSpace.lastIndex - 1;
    let end = text.length;
    let value: unknown;
    let error: { message: string; at: number } | undefined;
    try {
      value = JSON.parse(text.slice(from));
    } catch (e) {
      const message = (e as Error).message;
      const at = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
      if (/non-whitespace character after JSON/.test(message) && Number.isFinite(at)) {
        // The next value of the stream starts here.
        end = from + at;
        value = JSON.parse(text.slice(from, end));
      } else {
        error = { message: message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, ''), at: Number.isFinite(at) ? from + at : text.length };
      }
    }
    const startAt = positionAt(from);
    const slice = text.slice(from, end);
    const failure = error;
    yield (document) => {
      const locate = lazyLocator(slice, startAt.line, startAt.column);
      if (failure) return failed(file, document, `not valid JSON: ${failure.message}`, positionAt(failure.at), locate);
      return checked(file, document, value, locate);
    };
    if (error) return;
    start = end;
  }
}

/**
 * A parsed value checked for what kubectl cannot send or a terminal cannot show: numbers JSON has
 * no form for (`.inf`, `.nan`), keys with control characters, aliases that expand without bound.
 */
function checked(file: string, document: number, value: unknown, locate: ParsedDocument['locate']): ParsedDocument {
  let budget = MAX_VALUES;
  let problem: { path: string; message: string } | undefined;
  const walk = (v: unknown, path: string): void => {
    if (problem) return;
    if ((budget -= 1) < 0) {
      problem = { path: '', message: `its aliases expand to more than ${MAX_VALUES.toLocaleString('en')} values ("excessive aliasing", which kubectl refuses too)` };
      return;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      problem = { path, message: `${String(v).replace('Infinity', '.inf').replace('NaN', '.nan')} is a YAML number JSON cannot hold: kubectl fails to convert it; quote it or write a finite number` };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, pointer(path, i)));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (hasControlCharacters(key)) {
          problem = { path, message: `a key with control characters, ${JSON.stringify(key)}: write it without them` };
          return;
        }
        walk(item, pointer(path, key));
      }
    }
  };
  walk(value, '');
  if (!problem) return { document, value, errors: [], locate };
  const at = locate(problem.path);
  return { document, value: null, errors: [{ file, document, object: '', path: problem.path, message: problem.message, ...(at ? { line: at.line, column: at.column } : {}) }], locate };
}

/** Positions in a document's text, from a syntax tree built on first use: only documents with errors need one. */
function lazyLocator(text: string, firstLine: number, firstColumn: number): ParsedDocument['locate'] {
  let tree: { doc: Document; lines: LineCounter } | undefined;
  return (path) => {
    if (!tree) {
      const lines = new LineCounter();
      tree = { doc: parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter: lines }), lines };
    }
    const offset = offsetOf(tree.doc, path);
    if (offset === undefined) return undefined;
    const { line, col } = tree.lines.linePos(offset);
    return { line: line + firstLine - 1, column: line === 1 ? col + firstColumn - 1 : col };
  };
}

/** Start offset of the node a JSON pointer names, or of the nearest node on the way to it. */
function offsetOf(doc: Document, path: string): number | undefined {
  let node = doc.contents;
  let offset = node?.range?.[0];
  for (const raw of path.split('/').slice(1)) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
