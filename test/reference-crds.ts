// The real CRDs kept beside the repository (../shared/reference/crds), for the tests that check the
// package's output against them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCrds, validateObjects } from '../src/validate';

const REFERENCE_CRDS = join(__dirname, '..', '..', 'shared', 'reference', 'crds');

/** Operator v1.42.4 (CE 3.23.1), the operator's main branch (CE 3.24), and CE 3.10. */
export type Release = 'v1.42.4' | 'master' | 'ce-3.10';

const loaded = new Map<Release, readonly unknown[]>();

/** The CRDs of one release. A missing folder fails the test: conformance is never skipped. */
export function crdsOf(release: Release): readonly unknown[] {
  let crds = loaded.get(release);
  if (!crds) {
    const dir = join(REFERENCE_CRDS, release);
    assert.ok(
      existsSync(dir),
      `missing ${dir}: the conformance tests check the output against the real CRDs in ../shared/reference/crds/${release}/ ` +
        '(present on development and CI machines beside the repository); copy that folder there to run them',
    );
    crds = loadCrds([dir]);
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
