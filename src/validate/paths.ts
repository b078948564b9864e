import { lstatSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InputError } from './errors';

export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * Files and directories to files, as `kubectl apply -f` expands them: a directory gives its
 * `*.yaml`, `*.yml` and `*.json` entries (not recursively), sorted by name. An entry that cannot be
 * read (a symbolic link loop, a broken link, no permission) is kept, so that reading it reports the
 * error at its path. `skip` (a releases file among the manifests) is left out. Throws
 * {@link InputError} for a missing path or a directory without manifests.
 */
export function expandPaths(paths: readonly string[], skip?: string): string[] {
  return paths.flatMap((path) => {
    if (!exists(path)) throw new InputError(`${path}: no such file or directory`);
    if (!isDirectory(path)) return [path];
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
      .filter((file) => !isDirectory(file) && (skip === undefined || resolve(file) !== skip));
    if (files.length === 0) throw new InputError(`${path}: no ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} files`);
    return files;
  });
}

/** Whether a path names anything, a link that leads nowhere included. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What a read error means, in words: the code alone (ELOOP) says little. */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ELOOP: 'a loop of symbolic links',
    ENOENT: 'a symbolic link to nothing',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'a directory',
  };
  return `cannot read the file: ${(code && reasons[code]) ?? code ?? 'unreadable'}`;
}
