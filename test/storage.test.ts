// Log storage sizing by the docs' rule (calico-l7-eras.md §4): at least 1 GB more per cluster node per
// day of L7 retention; spread over the Elasticsearch nodes; each replica a full copy; Elasticsearch
// keeps L7 logs about 2 days (ILM: daily rollover, delete a day later), so longer asks are sized for 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Testing } from 'cdk8s';
import { LogStorageSizing } from '../src/cdk8s';
import { canonicalGi, quantityBytes, planL7Logging, sizeLogStorage } from '../src/core';
import { expectIssue } from './helpers';

test("the docs' worked example: a three-node cluster kept 7 days needs 21 GB, but Elasticsearch keeps L7 logs 2 days", () => {
  const g = sizeLogStorage({ nodes: 3, retentionDays: 7 });
  assert.equal(g.docsRuleGB, 21);
  assert.equal(g.daysOnDisk, 2);
  assert.equal(g.extraTotalGB, 6);
  assert.match(g.text, /3 node\(s\) x 1 GB x 7 day\(s\) = 21 GB/);
  assert.match(g.text, /sized for the 2 days Elasticsearch keeps L7 logs, not 7/);
  assert.equal(g.warnings.length, 1);
  assert.match(g.warnings[0] ?? '', /7 days of L7 logs cannot be kept in Elasticsearch.*Archive them to S3 \(LogCollector additionalStores\.s3\)/);
});

test('the total is spread over the Elasticsearch nodes and multiplied by one plus the replicas; each number shows its formula', () => {
  const g = sizeLogStorage({ nodes: 10, retentionDays: 2, elasticsearchNodes: 3, replicas: 1, currentPerNodeStorage: '100Gi' });
  assert.equal(g.extraTotalGB, 40);
  assert.equal(g.extraPerElasticsearchNodeGB, 14);
  assert.match(g.text, /Extra in all: +10 node\(s\) x 1 GB x 2 day\(s\) x \(1 \+ 1 replica\(s\)\) = 40 GB/);
  assert.match(g.text, /Extra per ES node: ceil\(40 GB \/ 3 Elasticsearch node\(s\)\) = 14 GB/);
  // 100 GiB + 14 GB = 113.04 GiB, rounded up.
  assert.equal(g.recommendedPerNodeStorage, '114Gi');
  assert.match(g.text, /Recommended per ES node: 100Gi \+ 14 GB, rounded up to whole GiB = 114Gi/);
  assert.deepEqual(g.warnings, []);
});

test('the guidance always gives the exact kubectl patch and what the operator will do', () => {
  const g = sizeLogStorage({ nodes: 3, retentionDays: 1, currentPerNodeStorage: '10Gi' });
  assert.equal(
    g.kubectlPatch,
    `kubectl patch logstorage tigera-secure --type=merge -p '{"spec":{"nodes":{"resourceRequirements":{"requests":{"storage":"13Gi"}}}}}'`,
  );
  assert.match(g.text, /To resize: kubectl patch logstorage tigera-secure/);
  assert.match(g.text, /renames the Elasticsearch node set: ECK builds a new one .* migrates every index/);
  assert.match(sizeLogStorage({ nodes: 3, retentionDays: 1 }).text, /by 3 GB per Elasticsearch node\.\nThe operator then renames/);
});

test('quantities are canonical: 1024Gi is written 1Ti (operator 3.23.0–3.23.1 rebuilt Elasticsearch in a loop otherwise)', () => {
  assert.equal(canonicalGi(1024), '1Ti');
  assert.equal(canonicalGi(1536), '1536Gi');
  assert.equal(canonicalGi(2 ** 20), '1Pi');
  // 1020 GiB + 4 GB rounds up to 1024 GiB.
  assert.equal(sizeLogStorage({ nodes: 2, retentionDays: 2, currentPerNodeStorage: '1020Gi' }).recommendedPerNodeStorage, '1Ti');
  assert.equal(quantityBytes('1Ti'), 2 ** 40);
  // "E" and "Ei" are exa suffixes, not exponents.
  assert.equal(quantityBytes('1Ei'), 2 ** 60);
  assert.equal(quantityBytes('2E'), 2e18);
  assert.equal(quantityBytes('5e3'), 5000);
});

test('no LogStorage object unless resizeLogStorage says so', () => {
  const chart = Testing.chart();
  const s = new LogStorageSizing(chart, 's', { nodes: 5, retentionDays: 1, currentPerNodeStorage: '200Gi' });
  assert.equal(s.logStorage, undefined);
  assert.deepEqual(Testing.synth(chart), []);
  assert.deepEqual(planL7Logging({ services: [{ name: 'a' }], storage: { nodes: 5, retentionDays: 1, currentPerNodeStorage: '200Gi' } }).objects.filter((o) => o.kind === 'LogStorage'), []);
});

test('resizeLogStorage emits a patch of requests.storage only', () => {
  const chart = Testing.chart();
  new LogStorageSizing(chart, 's', { nodes: 3, retentionDays: 2, currentPerNodeStorage: '200Gi', resizeLogStorage: true });
  assert.deepEqual(Testing.synth(chart), [
    {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'LogStorage',
      metadata: { name: 'tigera-secure' },
      spec: { nodes: { resourceRequirements: { requests: { storage: '206Gi' } } } },
    },
  ]);
});

test('resizeLogStorage is refused where there is no LogStorage of the cluster: Calico Cloud, managed clusters', () => {
  const props = { nodes: 3, retentionDays: 2, currentPerNodeStorage: '200Gi', resizeLogStorage: true };
  expectIssue(() => new LogStorageSizing(Testing.chart(), 's', { ...props, platform: { product: 'calico-cloud' } }), 'resizeLogStorage', /Calico Cloud manages log storage/);
  expectIssue(() => new LogStorageSizing(Testing.chart(), 's', { ...props, platform: { clusterRole: 'managed' } }), 'resizeLogStorage', /management cluster/);
  expectIssue(() => new LogStorageSizing(Testing.chart(), 's', { ...props, platform: { clusterRole: 'spoke' as never } }), 'platform.clusterRole', /standalone, management, managed/);
  const managed = sizeLogStorage({ nodes: 3, retentionDays: 1 }, { clusterRole: 'managed' });
  assert.match(managed.text, /stored by its management cluster/);
});
