import { type Stats, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
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
    const files = readdirSync(path)
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

/** The documents of one YAML or JSON file. */
export interface ParsedFile {
  readonly file: string;
  /** Every document in file order; one that does not parse is `null` here and an error in `errors`. */
  readonly documents: readonly unknown[];
  readonly errors: readonly SchemaError[];
}

/** Reads the documents of a YAML (multi-document) or JSON file. A key twice in one mapping is an error. */
export function readDocuments(file: string): ParsedFile {
  return parseFile(file, true);
}

function parseFile(file: string, uniqueKeys: boolean): ParsedFile {
  const documents: unknown[] = [];
  const errors: SchemaError[] = [];
  parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys }).forEach((doc, document) => {
    const problem = doc.errors[0];
    // The parser's message goes on to quote the lines around the problem; its first line is enough.
    if (problem) errors.push({ file, document, object: '', path: '', message: `not valid YAML: ${problem.message.split('\n')[0]?.replace(/:$/, '')}` });
    documents.push(problem ? null : doc.toJS());
  });
  return { file, documents, errors };
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
