// What the compiler catches: `npm test` type-checks this file, so each @ts-expect-error below fails
// the run if the line it marks ever compiles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CalicoVersion, KNOWN_RELEASES, NEWEST_KNOWN, OLDEST_SUPPORTED, type L7LoggingOptions } from '../src/core';

test('calicoVersion takes the known releases and their full versions; an unknown release fails to compile', () => {
  const accepted: CalicoVersion[] = ['3.9', '3.23', '3.23.1', 'v3.23.1', '3.20.0-2.0', 'v3.24'];
  // @ts-expect-error a release the package does not know
  const unknown: CalicoVersion = '3.25';
  // @ts-expect-error not a version
  const typo: L7LoggingOptions = { calicoVersion: '3,23' };
  // @ts-expect-error a misspelled prop
  const misspelled: L7LoggingOptions = { servces: [] };
  assert.equal(accepted.length, 6);
  assert.ok(unknown && typo && misspelled);
});

test('the known releases run from the oldest supported to the newest known, one per minor', () => {
  assert.equal(KNOWN_RELEASES[0], OLDEST_SUPPORTED.text);
  assert.equal(KNOWN_RELEASES[KNOWN_RELEASES.length - 1], NEWEST_KNOWN.text);
  assert.equal(KNOWN_RELEASES.length, NEWEST_KNOWN.minor - OLDEST_SUPPORTED.minor + 1);
});
