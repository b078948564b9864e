// The real CRDs kept as fixtures (test/fixtures/crds, see PROVENANCE.md there), for the tests that
// check the package's output against them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadCrds, validateObjects } from '../src/validate';

const REFERENCE_CRDS = join(__dirname, 'fixtures', 'crds');

/** Operator v1.42.4 (CE 3.23.1), the operator's main branch (CE 3.24), and CE 3.10. */
export type Release = 'v1.42.4' | 'master' | 'ce-3.10';

const loaded = new Map<Release, readonly unknown[]>();

/** The CRDs of one release. */
export function crdsOf(release: Release): readonly unknown[] {
  let crds = loaded.get(release);
  if (!crds) {
    crds = loadCrds([join(REFERENCE_CRDS, release)]);
    loaded.set(release, crds);
  }
  return crds;
}

/** Asserts that `objects` match their schemas, listing every error otherwise. */
export function assertConforms(objects: readonly unknown[], release: Release): void {
  const errors = validateObjects(objects, { crds: crdsOf(release) });
  const lines = errors.map((e) => `doc ${e.document}: ${e.object}: ${e.path}: ${e.message}`);
  assert.deepEqual(lines, [], `against the ${release} CRDs:\n${lines.join('\n')}`);
}
