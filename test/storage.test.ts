import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Testing } from 'cdk8s';
import { LogStorageSizing } from '../src/cdk8s';
import { quantityBytes, sizeLogStorage } from '../src/core';

test('1 GB more per node per day: 3 nodes, 7 days', () => {
  const g = sizeLogStorage({ nodes: 3, retentionDays: 7, currentPerNodeStorage: '10Gi' });
  assert.equal(g.extraPerNodeGiB, 7);
  assert.equal(g.extraTotalGiB, 21);
  assert.equal(g.currentPerNodeGiB, 10);
  assert.equal(g.recommendedPerNodeStorage, '17Gi');
  assert.match(g.text, /3 node\(s\) x 7 day\(s\): 7Gi more per node, 21Gi in all/);
  assert.match(g.text, /raise it to at least 17Gi/);
  assert.match(g.text, /deletes L7 indices after 1 day/);
});

test('decimal and binary quantities round up to whole GiB', () => {
  assert.equal(sizeLogStorage({ nodes: 1, retentionDays: 1, currentPerNodeStorage: '200G' }).recommendedPerNodeStorage, '188Gi');
  assert.equal(sizeLogStorage({ nodes: 1, retentionDays: 2, currentPerNodeStorage: '1536Mi' }).recommendedPerNodeStorage, '4Gi');
  assert.equal(quantityBytes('1Ti'), 2 ** 40);
  assert.equal(quantityBytes('5e3'), 5000);
  // "E" and "Ei" are exa suffixes, not exponents.
  assert.equal(quantityBytes('1Ei'), 2 ** 60);
  assert.equal(quantityBytes('2E'), 2e18);
  assert.equal(sizeLogStorage({ nodes: 1, retentionDays: 1, currentPerNodeStorage: '1Ei' }).recommendedPerNodeStorage, `${2 ** 30 + 1}Gi`);
});

test('without a current size only the extra storage is given, and no patch', () => {
  const chart = Testing.chart();
  const s = new LogStorageSizing(chart, 's', { nodes: 5, retentionDays: 1 });
  assert.equal(s.guidance.extraTotalGiB, 5);
  assert.equal(s.guidance.recommendedPerNodeStorage, undefined);
  assert.doesNotMatch(s.guidance.text, /deletes L7 indices/);
  assert.deepEqual(Testing.synth(chart), []);
});

test('the LogStorage patch raises only requests.storage', () => {
  const chart = Testing.chart();
  new LogStorageSizing(chart, 's', { nodes: 3, retentionDays: 7, currentPerNodeStorage: '200Gi', emitLogStoragePatch: true });
  assert.deepEqual(Testing.synth(chart), [
    {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'LogStorage',
      metadata: { name: 'tigera-secure' },
      spec: { nodes: { resourceRequirements: { requests: { storage: '207Gi' } } } },
    },
  ]);
});
