// The real CRDs kept as fixtures (test/fixtures/crds, see PROVENANCE.md there), for the tests that
// check the package's output against them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CalicoRelease, KubeObject } from '../src/core';
import { loadCrds, validateObjects } from '../src/validate';
import { documentChecker } from '../src/validate/validate';

const REFERENCE_CRDS = join(__dirname, 'fixtures', 'crds');

/** Operator v1.42.4 (CE 3.23.1), the operator's main branch (CE 3.24), and CE 3.10. */
export type Release = 'v1.42.4' | 'master' | 'ce-3.10';

/** CRDs that do not follow the Calico release: Gloo's, and the Gateway API's (waypoints). */
const OTHERS = ['gloo-mesh-1.0', 'gloo-platform-2.14.0', 'gateway-api-v1.6.1'];

const loaded = new Map<string, readonly unknown[]>();

/** The CRDs of one release. */
export function crdsOf(release: Release): readonly unknown[] {
  let crds = loaded.get(release);
  if (!crds) {
    crds = loadCrds([join(REFERENCE_CRDS, release)]);
    loaded.set(release, crds);
  }
  return crds;
}

/** Argo CD v3.5.1's Application and ApplicationSet CRDs and Flux kustomize-controller v1.9.4's Kustomization CRD, as published. */
export function gitopsCrds(): readonly unknown[] {
  let crds = loaded.get('gitops');
  if (!crds) {
    crds = loadCrds([join(REFERENCE_CRDS, 'gitops')]);
    loaded.set('gitops', crds);
  }
  return crds;
}

/** The fixture release whose CRDs check objects for a Calico release: 3.10's for 3.9–3.10, 3.23.1's up to 3.23, main's from 3.24. */
export function fixtureOf(release: CalicoRelease | undefined): Release {
  if (release === undefined || release.minor >= 24) return 'master';
  return release.minor <= 10 ? 'ce-3.10' : 'v1.42.4';
}

/** Asserts that `objects` match their schemas, listing every error otherwise. */
export function assertConforms(objects: readonly unknown[], release: Release): void {
  const errors = validateObjects(objects, { crds: crdsOf(release) });
  const lines = errors.map((e) => `doc ${e.document}: ${e.object}: ${e.path}: ${e.message}`);
  assert.deepEqual(lines, [], `against the ${release} CRDs:\n${lines.join('\n')}`);
}

const checkers = new Map<Release, ReturnType<typeof documentChecker>>();

function checkerOf(release: Release): ReturnType<typeof documentChecker> {
  let check = checkers.get(release);
  if (!check) {
    check = documentChecker({ crds: [...crdsOf(release), ...loadCrds(OTHERS.map((g) => join(REFERENCE_CRDS, g)))] });
    checkers.set(release, check);
  }
  return check;
}

/**
 * Every way `objects` fail the real schemas of `release`: built-in kinds against the Kubernetes
 * schemas, Calico's against the release's CRDs, Gloo's and the Gateway API's against theirs.
 */
export function conformanceErrors(objects: readonly KubeObject[], release: CalicoRelease | undefined): string[] {
  const fixture = fixtureOf(release);
  const out: string[] = [];
  objects.forEach((object, i) => {
    for (const e of checkerOf(fixture)(object, i)) out.push(`${e.object} ${e.path || '/'}: ${e.message}`);
  });
  return out;
}
