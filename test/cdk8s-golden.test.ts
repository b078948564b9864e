import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { App, Testing } from 'cdk8s';
import { buildApp } from '../examples/main';
import { assertGolden, synthYaml } from './helpers';

function synthExample(): Record<string, string> {
  const app = Testing.app();
  buildApp(app);
  return Object.fromEntries(app.charts.map((c) => [c.node.id, synthYaml(c)]));
}

test('operator mode (CE 3.23) matches its golden manifests', () => {
  assertGolden('prod-eu1.k8s.yaml', synthExample()['prod-eu1'] as string);
});

test('daemonset mode (CE 3.10) matches its golden manifests', () => {
  assertGolden('legacy-us1.k8s.yaml', synthExample()['legacy-us1'] as string);
});

test('two synths of the example are byte-identical', () => {
  assert.deepEqual(synthExample(), synthExample());
});

test('objects come in apply order: Felix, collector, Services, LogStorage', () => {
  const app = new App();
  const { operator, daemonset } = buildApp(app);
  const kinds = (objs: readonly { kind: string }[]) => objs.map((o) => o.kind);
  assert.deepEqual(kinds(operator.plan.objects), [
    'FelixConfiguration',
    'ApplicationLayer',
    ...Array(10).fill('Service'),
    'LogStorage',
  ]);
  assert.deepEqual(kinds(daemonset.plan.objects), ['FelixConfiguration', 'ConfigMap', 'ServiceAccount', 'DaemonSet', 'Service', 'Service', 'Service']);
});

test('separate processes synthesize byte-identical manifests', () => {
  const script = `
    const { Testing } = require('cdk8s');
    const { stringify } = require('yaml');
    const { buildApp } = require('./examples/main');
    const app = Testing.app();
    buildApp(app);
    for (const c of app.charts) process.stdout.write(Testing.synth(c).map((o) => stringify(o)).join('---\\n'));`;
  const run = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  const first = run();
  assert.ok(first.includes('kind: DaemonSet') && first.includes('kind: ApplicationLayer'));
  assert.equal(run(), first);
});
