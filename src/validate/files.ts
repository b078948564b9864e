import { expandPaths, readDocuments } from './load';
import type { SchemaError } from './types';
import { validateObjects } from './validate';

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
 * {@link validateObjects}. A document that is not valid YAML is an error of its file. Throws
 * InputError for a missing path or an empty directory.
 */
export function validateFiles(paths: readonly string[], options: { readonly crds?: readonly unknown[] } = {}): FilesReport {
  const files = expandPaths(paths);
  let documents = 0;
  const errors = files.flatMap((file) => {
    const parsed = readDocuments(file);
    documents += parsed.documents.filter((d) => d !== null && d !== undefined).length + parsed.errors.length;
    const located = validateObjects(parsed.documents, { ...options, file }).map((e) => {
      const at = parsed.locate(e.document, e.path);
      return at ? { ...e, line: at.line, column: at.column } : e;
    });
    return [...parsed.errors, ...located].sort((a, b) => a.document - b.document);
  });
  return { files, documents, errors };
}
