import { eachDocument, expandPaths } from './load';
import type { SchemaError } from './types';
import { documentChecker } from './validate';

/** The outcome of checking manifest files. */
export interface FilesReport {
  /** The files read, after directories were expanded. */
  readonly files: readonly string[];
  /** Documents checked (empty documents are not counted; a List counts once). */
  readonly documents: number;
  readonly errors: readonly SchemaError[];
}

/**
 * Reads manifest files and directories (see {@link expandPaths}) and checks every document with
 * the same checks as `validateObjects`. A document that is not valid YAML is an error of its file. Throws
 * InputError for a missing path or an empty directory.
 */
export function validateFiles(paths: readonly string[], options: { readonly crds?: readonly unknown[] } = {}): FilesReport {
  const files = expandPaths(paths);
  const check = documentChecker(options);
  let documents = 0;
  const errors: SchemaError[] = [];
  for (const file of files) {
    // One document at a time: memory stays that of the largest document, not of the file.
    for (const parsed of eachDocument(file, true)) {
      if (parsed.value === null && parsed.errors.length === 0) continue;
      documents += 1;
      errors.push(...parsed.errors);
      for (const e of check(parsed.value, parsed.document, file)) {
        const at = parsed.locate(e.path);
        errors.push(at ? { ...e, line: at.line, column: at.column } : e);
      }
    }
  }
  return { files, documents, errors };
}
