import { readFileSync } from 'node:fs';
import { dirname, posix, relative, resolve, sep } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { CalicoRelease } from '../core/release/release';
import { escapeRegExp } from '../core/rules';
import { InputError } from './errors';
import { isMapping } from './json';
import { calicoRelease } from './validate';

/**
 * The Calico Enterprise release of each file, for a directory of clusters on different releases.
 * A releases file maps paths to versions; a path is a file or a folder, relative to the releases
 * file, and may hold `*` (any characters but `/`). The longest entry that matches a file wins;
 * files no entry matches get the default (`--calico-version`).
 *
 * ```yaml
 * dist: "3.23"
 * dist/legacy-us1*.k8s.yaml: "3.10"
 * ```
 */
export interface ReleaseMap {
  /** The release of a file, or the default. */
  readonly releaseOf: (file: string) => CalicoRelease | undefined;
  /** The releases file itself, which is not a manifest when it sits among them. */
  readonly file?: string;
}

interface Rule {
  readonly pattern: string;
  readonly matches: (path: string) => boolean;
  readonly release: CalicoRelease;
}

export function releaseMap(defaultRelease: CalicoRelease | undefined, releasesFile?: string): ReleaseMap {
  if (releasesFile === undefined) return { releaseOf: () => defaultRelease };
  const base = dirname(resolve(releasesFile));
  const rules = readRules(releasesFile).sort((a, b) => b.pattern.length - a.pattern.length);
  return {
    file: resolve(releasesFile),
    releaseOf: (file) => {
      const path = relative(base, resolve(file)).split(sep).join('/');
      return rules.find((r) => r.matches(path))?.release ?? defaultRelease;
    },
  };
}

function readRules(file: string): Rule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the releases file (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let parsed: unknown;
  try {
    // Every value a string: `dist: 3.10` is the release 3.10, not the number 3.1.
    parsed = load(text, { schema: FAILSAFE_SCHEMA });
  } catch (e) {
    throw new InputError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  if (!isMapping(parsed) || Object.keys(parsed).length === 0) {
    throw new InputError(`${file}: expected a mapping of paths to Calico Enterprise versions, such as dist: "3.23"`);
  }
  return Object.entries(parsed).map(([pattern, version]) => {
    const clean = posix.normalize(pattern).replace(/\/+$/, '');
    if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..')) {
      throw new InputError(`${file}: path ${JSON.stringify(pattern)}: expected a path inside the releases file's folder, such as "dist" or "dist/prod-*.yaml"`);
    }
    // "." is the releases file's own folder: every file under it.
    const glob = clean === '.' ? /^/ : new RegExp(`^${clean.split('*').map(escapeRegExp).join('[^/]*')}(/.*)?$`);
    return { pattern: clean, matches: (path: string) => glob.test(path), release: calicoRelease(version, `${file}: ${pattern}`) };
  });
}
