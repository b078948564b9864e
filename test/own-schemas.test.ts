import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DAEMONSET_RELEASE, NEWEST_KNOWN, planL7Logging } from '../src/core';
import { assertOwnOutputValid } from '../src/validate/own-schemas';

const felix = (spec: Record<string, unknown>) => ({ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec });

test('the package checks its own output: a misspelled or mistyped field is a reported defect', () => {
  assert.throws(() => assertOwnOutputValid([felix({ policySyncPathPrefx: '/var/run/nodeagent' })], NEWEST_KNOWN, 'L7Logging x'), /L7Logging x: calico-l7-logging rendered objects that fail their schema[\s\S]*FelixConfiguration\/default \/spec\/policySyncPathPrefx/);
  assert.throws(() => assertOwnOutputValid([felix({ l7LogsFileMaxFiles: '5' })], NEWEST_KNOWN, 'x'), /\/spec\/l7LogsFileMaxFiles/);
  const ds = planL7Logging({ collector: 'daemonset' }).objects.find((o) => o.kind === 'DaemonSet');
  const broken = { ...ds, spec: { ...(ds?.spec as object), replicas: 3 } } as never;
  assert.throws(() => assertOwnOutputValid([broken], DEFAULT_DAEMONSET_RELEASE, 'x'), /DaemonSet\/calico-system\/l7-log-collector \/spec\/replicas/);
});

test('the own schemas follow the release', () => {
  assert.doesNotThrow(() => assertOwnOutputValid([felix({ tproxyUpstreamConnMark: 0x17 })], NEWEST_KNOWN, 'x'));
  assert.throws(() => assertOwnOutputValid([felix({ tproxyUpstreamConnMark: 0x17 })], DEFAULT_DAEMONSET_RELEASE, 'x'), /tproxyUpstreamConnMark/);
  assert.throws(() => assertOwnOutputValid([felix({ tproxyMode: 'EnabledAllServices' })], DEFAULT_DAEMONSET_RELEASE, 'x'), /tproxyMode/);
});
