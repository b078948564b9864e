import { type Stats, closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { extname, join } from 'node:path';
import { type Document, LineCounter, type Node, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { crdsIn, indexCrds } from './crd';
import type { SchemaError } from './types';
import { hasControlCharacters } from '../core/rules';

/** Bad input rather than a bad manifest: a missing path, a directory without manifests, unusable CRDs. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * Files and directories to files: a directory gives its `*.yaml`, `*.yml` and `*.json` files (not
 * recursively), sorted by name. Throws {@link InputError} for a missing path or an empty directory.
 */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const stat = statOrUndefined(path);
    if (!stat) throw new InputError(`${path}: no such file or directory`);
    if (!stat.isDirectory()) return [path];
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (e) {
      throw new InputError(`${path}: cannot read the directory (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    const files = names
      .filter((name) => MANIFEST_EXTENSIONS.includes(extname(name).toLowerCase()))
      .sort()
      .map((name) => join(path, name))
      .filter((file) => statOrUndefined(file)?.isFile());
    if (files.length === 0) throw new InputError(`${path}: no ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} files`);
    return files;
  });
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A place in a file, counting lines and columns from 1. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The documents of one YAML or JSON file. */
export interface ParsedFile {
  readonly file: string;
  /** Every document in file order; one that does not parse is `null` here and an error in `errors`. */
  readonly documents: readonly unknown[];
  readonly errors: readonly SchemaError[];
  /**
   * Where the value at a JSON pointer of a document is written: the key of a mapping entry, an item
   * of a list. A path that goes past what the file has (a missing field) gives its nearest parent.
   */
  readonly locate: (document: number, path: string) => Position | undefined;
}

/** Reads the documents of a YAML (multi-document) or JSON file. A key twice in one mapping is an error. */
export function readDocuments(file: string): ParsedFile {
  return parseFile(file, true);
}

function parseFile(file: string, uniqueKeys: boolean): ParsedFile {
  const documents: unknown[] = [];
  const errors: SchemaError[] = [];
  const locators: ((path: string) => Position | undefined)[] = [];
  for (const parsed of eachDocument(file, uniqueKeys)) {
    documents.push(parsed.value);
    errors.push(...parsed.errors);
    locators.push(parsed.locate);
  }
  return { file, documents, errors, locate: (document, path) => locators[document]?.(path) };
}

/** One document of a file, parsed on its own. */
export interface ParsedDocument {
  readonly document: number;
  /** The document's value; `null` when it is empty or did not parse (then `errors` says why). */
  readonly value: unknown;
  readonly errors: readonly SchemaError[];
  /** Where the value at a JSON pointer is written, as in {@link ParsedFile.locate}. */
  readonly locate: (path: string) => Position | undefined;
}

/**
 * The documents of a file one at a time, read in blocks: a 50 MB manifest never sits in memory
 * whole, nor its syntax tree. YAML forbids `---` and `...` at the start of a line inside a document,
 * so the file is split there and each piece is parsed alone.
 */
export function* eachDocument(file: string, uniqueKeys: boolean): Generator<ParsedDocument> {
  let document = 0;
  let any = false;
  try {
    for (const chunk of documentTexts(file)) {
      const parsed = parseChunk(file, document, chunk.text, chunk.firstLine, uniqueKeys);
      if (parsed === undefined) continue;
      any ||= parsed.value !== null || parsed.errors.length > 0;
      yield parsed;
      document += 1;
    }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    yield { document, value: null, errors: [{ file, document, object: '', path: '', message: `cannot read the file (${reason})` }], locate: () => undefined };
    return;
  }
  if (!any) {
    yield { document, value: null, errors: [{ file, document, object: '', path: '', message: 'no documents: the file is empty' }], locate: () => undefined };
  }
}

const BLOCK = 1 << 20;
const MARKER = /^(---|\.\.\.)([ \t\r\n]|$)/;
/** Comments, blank lines and directives: text that opens no document by itself. */
const NOT_CONTENT = /^([ \t]*(#.*)?|%.*)\r?\n?$/;

/** The text of each document of a file, with the line it starts on, split at the document markers. */
function* documentTexts(file: string): Generator<{ text: string; firstLine: number }> {
  const fd = openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(BLOCK);
    let pending = '';
    let lines: string[] = [];
    let firstLine = 1;
    let lineNo = 0;
    let started = false;
    const take = function* (line: string): Generator<{ text: string; firstLine: number }> {
      lineNo += 1;
      const marker = MARKER.exec(line)?.[1];
      if (marker === '---' && (started || lines.some((l) => !NOT_CONTENT.test(l)))) {
        yield { text: lines.join(''), firstLine };
        lines = [];
        firstLine = lineNo;
      }
      if (lines.length === 0) firstLine = lineNo;
      lines.push(line);
      if (marker === '---') started = true;
      else if (marker === '...') {
        yield { text: lines.join(''), firstLine };
        lines = [];
        started = false;
      } else if (!NOT_CONTENT.test(line)) started = true;
    };
    for (let read = readSync(fd, buffer, 0, BLOCK, null); read > 0; read = readSync(fd, buffer, 0, BLOCK, null)) {
      pending += decoder.write(buffer.subarray(0, read));
      let end = pending.indexOf('\n');
      let from = 0;
      while (end >= 0) {
        yield* take(pending.slice(from, end + 1));
        from = end + 1;
        end = pending.indexOf('\n', from);
      }
      pending = pending.slice(from);
    }
    pending += decoder.end();
    if (pending !== '') yield* take(pending);
    if (lines.length > 0) yield { text: lines.join(''), firstLine };
  } finally {
    closeSync(fd);
  }
}

/** Parses one document's text; undefined when it holds no document (comments only, after the last). */
function parseChunk(file: string, document: number, text: string, firstLine: number, uniqueKeys: boolean): ParsedDocument | undefined {
  const lineCounter = new LineCounter();
  const [doc, extra] = parseAllDocuments(text, { uniqueKeys, lineCounter });
  if (!doc) return undefined;
  const position = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const locate = (path: string) => position(offsetOf(doc, path));
  const fail = (message: string, at: Position | undefined): ParsedDocument => ({
    document,
    value: null,
    errors: [{ file, document, object: '', path: '', message, ...(at ? { line: at.line, column: at.column } : {}) }],
    locate,
  });
  const [problem] = doc.errors;
  if (problem) {
    // The parser's message goes on to quote the lines around the problem, and names a position
    // within this document only; its first sentence is enough, the position is given as file:line:column.
    const message = problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
    return fail(`not valid YAML: ${message}`, position(problem.pos[0]));
  }
  if (extra) return fail('not valid YAML: a second document without a "---" marker before it', position(extra.range[0]));
  const different = kubectlReadsDifferently(doc);
  if (different) return fail(different.message, position(different.offset));
  try {
    // The parser refuses documents whose aliases expand past its limit (a "billion laughs").
    return { document, value: doc.toJS({ maxAliasCount: 100 }), errors: [], locate };
  } catch (e) {
    return fail(`not valid YAML: ${(e as Error).message}`, undefined);
  }
}

/** YAML 1.1 booleans, which kubectl's YAML reader (go-yaml v2) turns into true and false. */
const YAML_1_1_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * What kubectl would read differently from this YAML 1.2 parser, or a key no terminal can show:
 * an unquoted YAML 1.1 boolean (`yes` is true to kubectl, a string here), a merge key `<<` (merged
 * by kubectl), a key with control characters. Each is refused at its position.
 */
function kubectlReadsDifferently(doc: Document): { message: string; offset: number | undefined } | undefined {
  let found: { message: string; offset: number | undefined } | undefined;
  visit(doc, {
    Pair: (_, pair) => {
      if (isScalar(pair.key) && typeof pair.key.value === 'string') {
        if (pair.key.value === '<<' && pair.key.type === 'PLAIN') {
          found = { message: 'a merge key "<<": kubectl merges it (YAML 1.1), this parser does not; write the keys out', offset: pair.key.range?.[0] };
        } else if (hasControlCharacters(pair.key.value)) {
          found = { message: `a key with control characters, ${JSON.stringify(pair.key.value)}: write it without them`, offset: pair.key.range?.[0] };
        }
      }
      return found ? visit.BREAK : undefined;
    },
    Scalar: (_, node) => {
      if (node.type === 'PLAIN' && typeof node.value === 'string' && YAML_1_1_BOOLEANS.test(node.value)) {
        found = { message: `an unquoted ${node.value}: kubectl reads it as a boolean (YAML 1.1), this parser as a string; write true, false or "${node.value}"`, offset: node.range?.[0] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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

/**
 * Loads CustomResourceDefinitions from files and directories, as `kubectl get crd NAME -o yaml`
 * writes them: one or many per file, or a List. Other documents are ignored. Throws
 * {@link InputError} when a path is missing, a file is not valid YAML, a path holds no CRD, or a CRD
 * has no group or kind.
 */
export function loadCrds(paths: readonly string[]): Readonly<Record<string, unknown>>[] {
  const crds = paths.flatMap((path) => {
    const found = expandPaths([path]).flatMap((file) => {
      // Published CRDs have repeated a key (CE 3.10's FelixConfiguration has bpfExtToServiceConnmark
      // twice) and still install: Go's YAML decoder keeps the last value, and so does this.
      const { documents, errors } = parseFile(file, false);
      const [error] = errors;
      if (error) throw new InputError(`${file}: doc ${error.document}: ${error.message}`);
      return documents.flatMap(crdsIn);
    });
    if (found.length === 0) throw new InputError(`${path}: no CustomResourceDefinition found`);
    return found;
  });
  try {
    indexCrds(crds);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  return crds;
}
