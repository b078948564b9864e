// Warnings: each has a stable id, says what to do, is printed once per app however many constructs
// raise it, and can be acknowledged in code without hiding the others.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App, Chart, Testing } from 'cdk8s';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { L7Logging, acknowledgeWarning } from '../src/cdk8s';
import { L7ValidationError, WARNINGS, planL7Logging } from '../src/core';
import * as l7pulumi from '../src/pulumi';
import { resetWarnings } from '../src/pulumi/warnings';
import { installMocks } from './pulumi-mocks';

const cluster = (name: string) => ({ provider: new k8s.Provider(`cluster-${name}`, {}) });
const ids = (props: Parameters<typeof planL7Logging>[0]) => planL7Logging(props).warnings.map((w) => w.id);

describe('the core names each warning by its id', () => {
  test('nothing selected: the collector alone logs nothing; turning off with nothing selected is no mistake', () => {
    assert.deepEqual(ids({ calicoVersion: '3.23' }), ['nothing-selected']);
    assert.match(planL7Logging({ calicoVersion: '3.23' }).warnings.join('\n'), /no Services selected: the collector runs, but Felix sends no traffic through it/);
    assert.deepEqual(ids({ collector: 'daemonset', services: [] }), ['nothing-selected']);
    assert.deepEqual(ids({ calicoVersion: '3.22', services: [{ name: 'cart' }] }), []);
    assert.deepEqual(ids({ calicoVersion: '3.22', enabled: false }), []);
  });

  test('the Envoy deprecation is a warning only where the eBPF collector is there to move to (3.24, Calico Cloud), not on 3.23', () => {
    assert.deepEqual(ids({ calicoVersion: '3.23', services: [{ name: 'a' }] }), []);
    assert.deepEqual(ids({ calicoVersion: '3.24', services: [{ name: 'a' }] }), ['envoy-collector-deprecated']);
    assert.deepEqual(ids({ services: [{ name: 'a' }], platform: { product: 'calico-cloud' } }), ['envoy-collector-deprecated']);
    assert.match(planL7Logging({ calicoVersion: '3.24', services: [{ name: 'a' }] }).warnings.join(), /move to the eBPF collector/);
  });

  test('every id the package raises is in the catalogue, with what to do', () => {
    for (const [id, text] of Object.entries(WARNINGS)) {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(text.length > 20, id);
    }
  });
});

/** Synthesizes `app` and returns the warnings it emitted, as [code, message]. */
function emitted(t: { mock: { method: typeof test.mock.method } }, app: App): [string, string][] {
  const emit = t.mock.method(process, 'emitWarning', () => undefined);
  app.synth();
  return emit.mock.calls.map((c) => {
    const [message, options] = c.arguments as unknown as [string, { type: string; code: string }];
    assert.equal(options.type, 'CalicoL7Warning');
    return [options.code, message];
  });
}

describe('cdk8s: printed when the app synthesizes, once per id', () => {
  test('100 clusters with nothing selected print one warning naming the first and counting the others', (t) => {
    const app = new App({ outdir: Testing.app().outdir });
    for (let i = 0; i < 100; i += 1) new L7Logging(new Chart(app, `c${i}`), 'l7', { calicoVersion: '3.22' });
    const printed = emitted(t, app);
    assert.equal(printed.length, 1);
    const [id, message] = printed[0] as [string, string];
    assert.equal(id, 'nothing-selected');
    assert.match(message, /^L7Logging c0\/l7: no Services selected.*\(and 99 more: L7Logging c1\/l7, L7Logging c2\/l7, L7Logging c3\/l7, \.\.\.\)\. To hide it: acknowledgeWarning\(scope, 'nothing-selected'\)$/);
  });

  test('acknowledged on a chart: hidden for the constructs under it, printed for the others; other ids still print', (t) => {
    const app = new App({ outdir: Testing.app().outdir });
    const quiet = new Chart(app, 'quiet');
    new L7Logging(quiet, 'l7', { calicoVersion: '3.22' });
    new L7Logging(new Chart(app, 'loud'), 'l7', { calicoVersion: '3.22' });
    new L7Logging(new Chart(app, 'old'), 'l7', { calicoVersion: '3.24', services: [{ name: 'a' }] });
    acknowledgeWarning(quiet, 'nothing-selected', 'selected by AnnotatedService elsewhere');
    const printed = emitted(t, app);
    assert.deepEqual(printed.map(([id]) => id).sort(), ['envoy-collector-deprecated', 'nothing-selected']);
    assert.match(printed.find(([id]) => id === 'nothing-selected')?.[1] ?? '', /^L7Logging loud\/l7:/);
  });

  test('acknowledged on the app, after the constructs: nothing printed for that id', (t) => {
    const app = new App({ outdir: Testing.app().outdir });
    new L7Logging(new Chart(app, 'a'), 'l7', { calicoVersion: '3.22' });
    acknowledgeWarning(app, 'nothing-selected');
    assert.deepEqual(emitted(t, app), []);
  });

  test('an unknown id is an error that names the nearest', () => {
    assert.throws(() => acknowledgeWarning(new App(), 'nothing-selectd' as never), L7ValidationError);
    assert.throws(() => acknowledgeWarning(new App(), 'nothing-selectd' as never), /id: got "nothing-selectd"; expected a warning id; did you mean "nothing-selected"\?/);
  });

  test("printed through Node's warning channel: --no-warnings silences it, as any warning", async () => {
    const script = `
      const { App, Chart } = require('cdk8s');
      const { L7Logging } = require('./src/cdk8s');
      const app = new App({ outdir: require('node:os').tmpdir() + '/calico-l7-warn-' + process.pid });
      new L7Logging(new Chart(app, 'c'), 'l7', { calicoVersion: '3.22' });
      app.synth();
      require('node:fs').rmSync(app.outdir, { recursive: true, force: true });`;
    const run = (env: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..'), env: { ...process.env, NODE_NO_WARNINGS: '', NODE_OPTIONS: '', ...env } }, (error, _stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stderr),
        );
      });
    const [printed, silenced] = await Promise.all([run({}), run({ NODE_OPTIONS: '--no-warnings' })]);
    assert.match(printed, /\[nothing-selected\] CalicoL7Warning: L7Logging c\/l7: no Services selected/);
    assert.equal(printed.match(/CalicoL7Warning/g)?.length, 1);
    assert.doesNotMatch(silenced, /CalicoL7Warning/);
  });
});

describe('Pulumi: logged once per id per program', () => {
  test('two components raising one id log it once; an acknowledged id is not logged', async (t) => {
    installMocks();
    resetWarnings();
    const warned = t.mock.method(pulumi.log, 'warn', () => Promise.resolve());
    new l7pulumi.L7Logging('a', { calicoVersion: '3.22' }, cluster('a'));
    new l7pulumi.L7Logging('b', { calicoVersion: '3.22' }, cluster('b'));
    assert.equal(warned.mock.callCount(), 1);
    assert.match(String(warned.mock.calls[0]?.arguments[0]), /^L7Logging a: no Services selected.*\[nothing-selected;/);
    resetWarnings();
    l7pulumi.acknowledgeWarning('nothing-selected');
    new l7pulumi.L7Logging('c', { calicoVersion: '3.22' }, cluster('c'));
    assert.equal(warned.mock.callCount(), 1);
    assert.throws(() => l7pulumi.acknowledgeWarning('nothing-selcted' as never), /did you mean "nothing-selected"/);
    resetWarnings();
  });
});
