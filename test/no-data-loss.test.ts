import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { type KubeObject, L7_LOGGING_ANNOTATION, planL7Logging } from '../src/core';
import { scratchDir } from './helpers';

// The real kubectl, offline (--local): what the package's objects do to existing objects when
// merged, against what the documented `kubectl patch` and `kubectl annotate` commands do.
const dir = scratchDir('l7-merge-');
let files = 0;

function kubectl(args: string[], object: unknown): Record<string, any> {
  const file = join(dir, `obj-${files++}.yaml`);
  writeFileSync(file, stringify(object));
  return parse(execFileSync('kubectl', [...args, '--local', '-f', file, '-o', 'yaml'], { encoding: 'utf8' }));
}
const mergePatch = (existing: unknown, patch: unknown) => kubectl(['patch', '--type=merge', '-p', JSON.stringify(patch)], existing);

const EXISTING_FELIX = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'FelixConfiguration',
  metadata: { name: 'default', resourceVersion: '4711', labels: { owner: 'platform' } },
  spec: {
    bpfEnabled: false,
    bpfLogLevel: '',
    floatingIPs: 'Disabled',
    healthPort: 9099,
    iptablesMarkMask: 0xffff0000,
    logSeverityScreen: 'Info',
    prometheusMetricsEnabled: true,
    reportingInterval: '0s',
    routeRefreshInterval: '90s',
    vxlanVNI: 4096,
    flowLogsFlushInterval: '15s',
    l7LogsFileMaxFiles: 7,
    dnsLogsFileEnabled: true,
  },
};

const EXISTING_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'cartservice',
    namespace: 'default',
    labels: { app: 'cartservice', tier: 'backend' },
    annotations: { 'prometheus.io/scrape': 'true', 'team.example.com/owner': 'cart' },
  },
  spec: { type: 'ClusterIP', clusterIP: '10.0.12.7', selector: { app: 'cartservice' }, ports: [{ name: 'grpc', port: 7070, targetPort: 7070 }] },
};

const find = (objects: readonly KubeObject[], kind: string) => objects.find((o) => o.kind === kind) as KubeObject;

describe('no lost data (kubectl --local)', () => {
  test('operator mode: the Felix patch equals the documented policy-sync patch, every field survives', () => {
    const ours = mergePatch(EXISTING_FELIX, find(planL7Logging({ calicoVersion: '3.23' }).objects, 'FelixConfiguration'));
    const documented = mergePatch(EXISTING_FELIX, { spec: { policySyncPathPrefix: '/var/run/nodeagent' } });
    assert.deepEqual(ours, documented);
    for (const [k, v] of Object.entries(EXISTING_FELIX.spec)) assert.deepEqual(ours.spec[k], v, k);
    assert.deepEqual(ours.metadata, EXISTING_FELIX.metadata);
  });

  test('daemonset mode: each phase equals the documented patch of its step (policy sync first, tproxyMode once the collector runs)', () => {
    const plan = planL7Logging({ calicoVersion: '3.10' });
    const ours1 = mergePatch(EXISTING_FELIX, find(plan.collectorPhase, 'FelixConfiguration'));
    const step1 = mergePatch(EXISTING_FELIX, { spec: { policySyncPathPrefix: '/var/run/nodeagent' } });
    assert.deepEqual(ours1, step1);
    assert.equal(ours1.spec.tproxyMode, undefined, 'no traffic is redirected before the collector runs');
    const ours = mergePatch(ours1, find(plan.trafficPhase, 'FelixConfiguration'));
    const step2 = mergePatch(step1, { spec: { tproxyMode: 'Enabled' } });
    // tproxyPort is written so Envoy's listener and Felix agree even where the cluster had changed it.
    const documented = mergePatch(step2, { spec: { tproxyPort: 16001 } });
    assert.deepEqual(ours, documented);
    for (const [k, v] of Object.entries(EXISTING_FELIX.spec)) assert.deepEqual(ours.spec[k], v, k);
  });

  test('a selected Service equals `kubectl annotate ... projectcalico.org/l7-logging=true`', () => {
    const plan = planL7Logging({ services: [{ name: 'cartservice' }] });
    const ours = mergePatch(EXISTING_SERVICE, find(plan.objects, 'Service'));
    const documented = kubectl(['annotate', `${L7_LOGGING_ANNOTATION}=true`], EXISTING_SERVICE);
    assert.deepEqual(ours, documented);
    assert.deepEqual(ours.spec, EXISTING_SERVICE.spec);
    assert.deepEqual(ours.metadata.labels, EXISTING_SERVICE.metadata.labels);
    assert.deepEqual(ours.metadata.annotations, { ...EXISTING_SERVICE.metadata.annotations, [L7_LOGGING_ANNOTATION]: 'true' });
  });

  test('the documented deselect removes only our annotation; our deselected object carries nothing to merge', () => {
    const selected = kubectl(['annotate', `${L7_LOGGING_ANNOTATION}=true`], EXISTING_SERVICE);
    const removed = kubectl(['annotate', `${L7_LOGGING_ANNOTATION}-`], selected);
    assert.deepEqual(removed, EXISTING_SERVICE);
    // The deselected object carries no annotation to merge: nothing else can change.
    const deselected = find(planL7Logging({ enabled: false, services: [{ name: 'cartservice' }] }).objects, 'Service');
    assert.deepEqual(mergePatch(EXISTING_SERVICE, deselected), EXISTING_SERVICE);
  });
});
