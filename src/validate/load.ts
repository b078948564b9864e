import { type Stats, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type Document, LineCounter, type Node, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { crdsIn, indexCrds } from './crd';
import type { SchemaError } from './types';

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
  const lineCounter = new LineCounter();
  const locate = (document: number, path: string): Position | undefined => {
    const doc = docs[document];
    const offset = doc && offsetOf(doc, path);
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return { file, documents: [null], errors: [{ file, document: 0, object: '', path: '', message: `cannot read the file (${reason})` }], locate };
  }
  const docs: Document[] = parseAllDocuments(text, { uniqueKeys, lineCounter });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  docs.forEach((doc, document) => {
    const [problem] = doc.errors;
    const different = problem ? undefined : kubectlReadsDifferently(doc);
    if (problem) {
      // The parser's message goes on to quote the lines around the problem; its first line is enough.
      const message = `not valid YAML: ${problem.message.split('\n')[0]?.replace(/:$/, '')}`;
      const [pos] = problem.linePos ?? [];
      errors.push({ file, document, object: '', path: '', message, ...(pos ? { line: pos.line, column: pos.col } : {}) });
    } else if (different) {
      errors.push({ file, document, object: '', path: '', message: different.message, ...at(different.offset) });
    }
    if (problem || different) {
      documents.push(null);
      return;
    }
    try {
      // The parser refuses documents whose aliases expand past its limit (a "billion laughs").
      documents.push(doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      errors.push({ file, document, object: '', path: '', message: `not valid YAML: ${(e as Error).message}` });
      documents.push(null);
    }
  });
  if (docs.length === 0 || docs.every((d) => d.contents === null)) {
    errors.push({ file, document: 0, object: '', path: '', message: 'no documents: the file is empty' });
  }
  return { file, documents, errors, locate };
}

/** YAML 1.1 booleans, which kubectl's YAML reader (go-yaml v2) turns into true and false. */
const YAML_1_1_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
// eslint-disable-next-line no-control-regex -- control characters in keys are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

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
        } else if (CONTROL.test(pair.key.value)) {
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
