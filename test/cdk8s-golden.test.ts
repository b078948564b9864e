import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { App, Testing } from 'cdk8s';
import { buildGlooMesh } from '../examples/gloo-mesh';
import { buildApp } from '../examples/clusters';
import { assertGolden, synthYaml } from './helpers';

function synthExample(): Record<string, string> {
  const app = Testing.app();
  buildApp(app);
  buildGlooMesh(app);
  return Object.fromEntries(app.charts.map((c) => [c.node.id, synthYaml(c)]));
}

test('every chart of the example (operator, daemonset, sidecar and eBPF modes, the upgrade; collector and traffic phases, each with its Felix chart) matches its golden manifests', () => {
  const charts = synthExample();
  assert.deepEqual(Object.keys(charts), [
    'prod-eu1',
    'prod-eu1-felix',
    'prod-eu1-traffic',
    'prod-eu1-verify',
    'legacy-us1',
    'legacy-us1-felix',
    'legacy-us1-traffic',
    'legacy-us1-traffic-felix',
    'legacy-us1-upgraded',
    'legacy-us1-upgraded-felix',
    'legacy-us1-upgraded-traffic',
    'shop-eu2',
    'shop-eu2-felix',
    'shop-eu2-traffic',
    'edge-ap1',
    'edge-ap1-felix',
    'gloo-mesh-1-mgmt-cluster',
    'gloo-mesh-2-mgmt-cluster',
  ]);
  for (const [id, yaml] of Object.entries(charts)) assertGolden(`${id}.k8s.yaml`, yaml);
});

test('two synths of the example are byte-identical', () => {
  assert.deepEqual(synthExample(), synthExample());
});

test('objects come in apply order: the collector phase (Felix, collector), then the traffic phase (Felix TPROXY, Services)', () => {
  const app = new App();
  const { prod, legacy, legacyUpgrade } = buildApp(app);
  const kinds = (objs: readonly { kind: string }[]) => objs.map((o) => o.kind);
  assert.deepEqual(kinds(prod.plan.collectorPhase), ['FelixConfiguration', 'ApplicationLayer']);
  assert.deepEqual(kinds(prod.plan.trafficPhase), Array(10).fill('Service'));
  assert.deepEqual(kinds(legacy.plan.collectorPhase), ['FelixConfiguration', 'ConfigMap', 'ServiceAccount', 'DaemonSet']);
  assert.deepEqual(kinds(legacy.plan.trafficPhase), ['FelixConfiguration', 'Service', 'Service', 'Service']);
  assert.deepEqual(kinds(legacyUpgrade.plan.collectorPhase), ['FelixConfiguration', 'ApplicationLayer']);
  // cdk8s writes each traffic chart after its collector chart. No traffic object is made to depend
  // on each collector object (the cross product of a chart dependency costs a third of the synth).
  app.synthYaml();
  assert.deepEqual(app.charts.map((c) => c.node.id).slice(4, 8), ['legacy-us1', 'legacy-us1-felix', 'legacy-us1-traffic', 'legacy-us1-traffic-felix']);
  assert.deepEqual(legacy.services.flatMap((s) => s.node.dependencies), []);
});

test('separate processes synthesize byte-identical manifests', () => {
  const script = `
    const { Testing } = require('cdk8s');
    const { stringify } = require('yaml');
    const { buildApp } = require('./examples/clusters');
    const app = Testing.app();
    buildApp(app);
    for (const c of app.charts) process.stdout.write(Testing.synth(c).map((o) => stringify(o)).join('---\\n'));`;
  const run = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  const first = run();
  assert.ok(first.includes('kind: DaemonSet') && first.includes('kind: ApplicationLayer'));
  assert.equal(run(), first);
});
