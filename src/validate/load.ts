import { crdsIn, indexCrds } from './crd';
import { InputError } from './errors';
import { expandPaths } from './paths';
import { type Position, eachDocument } from './read';
import type { SchemaError } from './types';

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

/** Reads the documents of a YAML (multi-document) or JSON file as kubectl reads them. A key twice in one mapping is an error. */
export function readDocuments(file: string): ParsedFile {
  return parseFile(file, true);
}

function parseFile(file: string, uniqueKeys: boolean): ParsedFile {
  const documents: unknown[] = [];
  const errors: SchemaError[] = [];
  const locators: ((path: string) => Position | undefined)[] = [];
  for (const parsed of eachDocument(file, { uniqueKeys })) {
    documents.push(parsed.value);
    errors.push(...parsed.errors);
    locators.push(parsed.locate);
  }
  return { file, documents, errors, locate: (document, path) => locators[document]?.(path) };
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
