import type { CalicoRelease } from '../core/release/release';
import { expandPaths } from './paths';
import { eachDocument } from './read';
import { releaseMap } from './releases';
import type { SchemaError } from './types';
import { calicoRelease, documentChecker } from './validate';

/** The outcome of checking manifest files. */
export interface FilesReport {
  /** The files read, after directories were expanded. */
  readonly files: readonly string[];
  /** Documents checked (empty documents are not counted; a List counts once). */
  readonly documents: number;
  readonly errors: readonly SchemaError[];
}

/** Options of {@link validateFiles}. */
export interface ValidateFilesOptions {
  /** CRDs that win over the ones the package ships, as in `validateObjects`. @default - none */
  readonly crds?: readonly unknown[];
  /** The Calico Enterprise release of files no entry of `releases` names. @default - none */
  readonly calicoVersion?: string;
  /**
   * A releases file: YAML mapping paths (files or folders, relative to it, `*` for any characters
   * but `/`) to Calico Enterprise versions; the longest entry that matches a file wins. It is not
   * read as a manifest when it sits among them. @default - every file is for `calicoVersion`
   */
  readonly releases?: string;
}

/**
 * Reads manifest files and directories (see `expandPaths`) and checks every document with the same
 * checks as `validateObjects`, each file against the Calico release the options give it. A
 * document that is not valid YAML is an error of its file. Throws InputError for a missing path,
 * an empty directory, an unknown release or a bad releases file.
 */
export function validateFiles(paths: readonly string[], options: ValidateFilesOptions = {}): FilesReport {
  const releases = releaseMap(options.calicoVersion === undefined ? undefined : calicoRelease(options.calicoVersion, '--calico-version'), options.releases);
  const files = expandPaths(paths, releases.file);
  const checkers = new Map<string, ReturnType<typeof documentChecker>>();
  const checkerFor = (release: CalicoRelease | undefined) => {
    const key = release?.text ?? '';
    let check = checkers.get(key);
    if (!check) {
      check = documentChecker({ crds: options.crds ?? [], release });
      checkers.set(key, check);
    }
    return check;
  };
  let documents = 0;
  const errors: SchemaError[] = [];
  for (const file of files) {
    const check = checkerFor(releases.releaseOf(file));
    // One document at a time: memory stays that of the largest document, not of the file.
    for (const parsed of eachDocument(file)) {
      if (parsed.value === null && parsed.errors.length === 0) continue;
      documents += 1;
      errors.push(...parsed.errors);
      for (const e of check(parsed.value, parsed.document, file)) {
        const at = parsed.locate(e.path);
        errors.push(at ? { ...e, line: at.line, column: at.column } : e);
      }
    }
  }
  // As kubectl: an empty file among others is nothing to apply (cdk8s writes one for a chart with no
  // object); nothing in all of them is an error.
  if (documents === 0 && errors.length === 0 && files.length > 0) {
    const message = files.length === 1 ? 'no documents: the file is empty' : `no documents in any of the ${files.length} files: kubectl would refuse to apply them`;
    errors.push({ file: files[0] as string, document: 0, object: '', path: '', message });
  }
  return { files, documents, errors };
}
