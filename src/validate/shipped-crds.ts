import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CalicoRelease } from '../core/release/release';
import type { CrdDefinition, CrdIndex } from './crd';
import type { Finding } from './types';

// The schemas of the CRDs the package ships: the Calico kinds of each release (the operator's CRDs at
// the tag that ships it), and the Gateway API, Gloo Mesh, Argo CD and Flux kinds. They are in
// crds/shipped-crds.json, made by tools/vendor-crds.ts, sources in crds/PROVENANCE.md; read on first
// use, as a manifest of built-in kinds needs none of them.

interface Entry {
  readonly scope: string;
  /** Served version to the index of its schema in `schemas`. */
  readonly versions: Readonly<Record<string, number>>;
}
interface Vendored {
  readonly releases: Readonly<Record<string, Readonly<Record<string, Entry>>>>;
  readonly others: Readonly<Record<string, Entry>>;
  readonly schemas: readonly object[];
}

/** The API groups whose kinds a release defines: a kind of these groups is checked against the release. */
const CALICO_GROUPS: ReadonlySet<string> = new Set(['projectcalico.org', 'crd.projectcalico.org', 'operator.tigera.io']);

let vendored: Vendored | undefined;
const indexes = new Map<string, CrdIndex>();

function load(): Vendored {
  vendored ??= JSON.parse(readFileSync(join(__dirname, 'crds', 'shipped-crds.json'), 'utf8')) as Vendored;
  return vendored;
}

/** `major.minor` of a release, the key of the vendored schemas. */
function releaseLine(release: CalicoRelease): string {
  return `${release.major}.${release.minor}`;
}

function indexOf(key: string, entries: Readonly<Record<string, Entry>>): CrdIndex {
  let index = indexes.get(key);
  if (!index) {
    const { schemas } = load();
    index = new Map(
      Object.entries(entries).map(([groupKind, entry]): [string, CrdDefinition] => [
        groupKind,
        {
          name: groupKind,
          preserveUnknownFields: false,
          versions: new Map(Object.entries(entry.versions).map(([version, id]) => [version, { served: true, schema: schemas[id] as object }])),
        },
      ]),
    );
    indexes.set(key, index);
  }
  return index;
}

/** The shipped CRDs of a group: a Calico group's are those of `release` (none without one). */
export function shippedCrds(release: CalicoRelease | undefined, group: string): CrdIndex | undefined {
  if (!CALICO_GROUPS.has(group)) return indexOf('others', load().others);
  if (!release) return undefined;
  const entries = load().releases[releaseLine(release)];
  return entries && indexOf(releaseLine(release), entries);
}

/**
 * Why a Calico kind has no schema: the release lacks it (naming the releases that have it), or no
 * release the package knows vendors it.
 */
export function missingCalicoKind(release: CalicoRelease | undefined, group: string, kind: string): Finding | undefined {
  if (!CALICO_GROUPS.has(group)) return undefined;
  const { releases } = load();
  const key = group === 'projectcalico.org' ? `crd.projectcalico.org/${kind}` : `${group}/${kind}`;
  const having = Object.keys(releases).filter((r) => releases[r]?.[key] !== undefined);
  if (!release) {
    return having.length > 0
      ? { path: '/kind', message: `${kind} is a Calico kind: give the Calico Enterprise release with --calico-version (or a releases file), or its CRD with --crds` }
      : undefined;
  }
  if (having.length === 0) return undefined;
  return { path: '/kind', message: `${kind} is not a kind of Calico Enterprise ${release.text}: releases ${ranges(Object.keys(releases), having)} have it` };
}

/** `3.11–3.24`, or `3.9–3.10, 3.12`: the releases of `some` as runs of consecutive ones in `all`. */
function ranges(all: readonly string[], some: readonly string[]): string {
  const runs: string[][] = [];
  let previous = -2;
  for (const release of some) {
    const at = all.indexOf(release);
    if (at === previous + 1) runs[runs.length - 1]?.push(release);
    else runs.push([release]);
    previous = at;
  }
  return runs.map((run) => (run.length === 1 ? run[0] : `${run[0] as string}–${run[run.length - 1] as string}`)).join(', ');
}
