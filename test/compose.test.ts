// Constructs composed the way a platform repo composes them: several per chart, charts per cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AnnotatedService, FelixL7Config, L7Collector, L7Logging, LogStorageSizing } from '../src/cdk8s';
import { ClusterWrites, L7ValidationError, type KubeObject } from '../src/core';
import { checkDeployedValue } from '../src/pulumi/deferred';
import * as pulumi from '@pulumi/pulumi';
import * as pl from '../src/pulumi';
import { installMocks, registered, settle } from './pulumi-mocks';

installMocks();

/** The validation messages cdk8s reports when the app synthesizes, or [] when it synthesizes. */
function synthProblems(app: App): string[] {
  try {
    app.synth();
    return [];
  } catch (e) {
    return String((e as Error).message).split('\n');
  }
}

const testApp = () => new App({ outdir: `${Testing.app().outdir}` });

describe('what one cluster is written', () => {
  const felix = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec });
  const service = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' } });

  test('a construct writing an object twice keeps its last write; a second construct is compared with it, when it records and at synth', () => {
    const writes = new ClusterWrites();
    // Daemonset mode: Felix without, then with, the TPROXY fields, beside thousands of Services written once.
    assert.deepEqual(writes.record('a', [felix({ x: 1 }), ...Array.from({ length: 1000 }, (_, i) => service(`s${i}`)), felix({ x: 1, tproxyMode: 'Enabled' })]), []);
    assert.deepEqual(writes.problems(), []);
    assert.deepEqual(writes.record('b', [felix({ x: 1, tproxyMode: 'Enabled' })]), []);
    const added = writes.record('c', [felix({ x: 2, tproxyMode: 'Enabled' })]);
    assert.equal(added.length, 1);
    assert.match(added[0] as string, /FelixConfiguration\/default is written by a and c with different values at spec\.x \(1 and 2\)/);
    assert.deepEqual(writes.problems(), added);
  });
});

describe('cross-construct checks at synth (cdk8s)', () => {
  test('a Service selected by L7Logging and by AnnotatedService: one error naming both', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    new L7Logging(chart, 'l7', { services: [{ namespace: 'shop', name: 'cart' }] });
    new AnnotatedService(chart, 'cart', { service: { namespace: 'shop', name: 'cart' } });
    assert.match(synthProblems(app).join('\n'), /Service shop\/cart is selected by prod\/l7 and by prod\/cart: select each Service in one construct/);
  });

  test('a Service of the app selected by two constructs: one error naming both', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    const web = new ApiObject(chart, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } });
    new L7Logging(chart, 'l7', { services: [web] });
    new AnnotatedService(chart, 'web-selected', { service: web });
    assert.match(synthProblems(app).join('\n'), /Service shop\/web is selected by prod\/l7 and by prod\/web-selected: select each object in one construct/);
  });

  test('two FelixL7Configs writing default differently: one error naming both paths and the field', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    new FelixL7Config(chart, 'a', { l7LogsFlushInterval: '1m' });
    new FelixL7Config(chart, 'b', { l7LogsFlushInterval: '5m' });
    const problems = synthProblems(app).join('\n');
    assert.match(problems, /FelixConfiguration\/default is written by prod\/a and prod\/b with different values at spec\.l7LogsFlushInterval \("1m" and "5m"\)/);
  });

  test('FelixL7Config beside L7Logging with other fields: the field sets would drop each other', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    new L7Logging(chart, 'l7', { services: [{ name: 'a' }] });
    new FelixL7Config(chart, 'felix', { l7LogsFilePerNodeLimit: 5000 });
    assert.match(synthProblems(app).join('\n'), /FelixConfiguration\/default is written by prod\/l7 and prod\/felix with different fields \(spec\.l7LogsFilePerNodeLimit\)/);
  });

  test('a Service selected by one construct and deselected by another, existing or of the app', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    new L7Logging(chart, 'l7', { services: [{ name: 'cart' }] });
    new AnnotatedService(chart, 'off', { service: { name: 'cart' }, selected: false });
    const own = new ApiObject(chart, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    new AnnotatedService(chart, 'on', { service: own });
    new AnnotatedService(chart, 'off2', { service: own, selected: false });
    const problems = synthProblems(app).join('\n');
    assert.match(problems, /Service default\/cart is selected by prod\/l7 and deselected by prod\/off/);
    assert.match(problems, /Service default\/web is selected by prod\/on and deselected by prod\/off2/);
  });

  test('two collectors for one cluster; every problem is reported at once', () => {
    const app = testApp();
    const chart = new Chart(app, 'prod');
    new L7Logging(chart, 'one', { services: [{ name: 'a' }] });
    new L7Collector(chart, 'two', {});
    new FelixL7Config(chart, 'x', { l7LogsFileMaxFiles: 3 });
    const problems = synthProblems(app).join('\n');
    assert.match(problems, /two Envoy collectors for one cluster: prod\/one and prod\/two/);
    assert.match(problems, /written by prod\/one and prod\/x/);
  });

  test('identical writes pass, and so do the same constructs in two clusters (charts)', () => {
    const app = testApp();
    const a = new Chart(app, 'a');
    new FelixL7Config(a, 'x', { l7LogsFlushInterval: '1m' });
    new FelixL7Config(a, 'y', { l7LogsFlushInterval: '1m' });
    new L7Logging(new Chart(app, 'b'), 'l7', { services: [{ name: 's' }] });
    new L7Logging(new Chart(app, 'c'), 'l7', { services: [{ name: 's' }] });
    assert.deepEqual(synthProblems(app), []);
  });
});

describe('nothing leaks from a chart', () => {
  test("cluster-scoped objects get no namespace; patches get none of the chart's labels; owned objects keep them", () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod', { namespace: 'apps', labels: { team: 'platform' } });
    new L7Logging(chart, 'l7', { calicoVersion: '3.10', services: [{ namespace: 'shop', name: 'cart' }], trafficChart: new Chart(app, 'later', { namespace: 'apps', labels: { team: 'platform' } }) });
    new LogStorageSizing(chart, 'size', { nodes: 3, retentionDays: 1, currentPerNodeStorage: '10Gi', resizeLogStorage: true });
    const objects = app.charts.flatMap((c) => Testing.synth(c));
    const meta = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata);
    for (const m of [...meta('FelixConfiguration'), ...meta('LogStorage')]) {
      assert.equal(m.namespace, undefined);
      assert.equal(m.labels, undefined);
    }
    assert.deepEqual(meta('Service'), [{ name: 'cart', namespace: 'shop', annotations: { 'projectcalico.org/l7-logging': 'true' } }]);
    const ds = meta('DaemonSet')[0];
    assert.equal(ds.namespace, 'calico-system');
    assert.equal(ds.labels.team, 'platform');
    assert.equal(ds.labels.app, 'l7-log-collector');
  });
});

describe('names that cannot collide', () => {
  test('cdk8s: paths a/b-c and a-b/c, and Services default/a-b/c beside a/b-c', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'x');
    const first = new L7Logging(new Construct(chart, 'a'), 'b-c', { calicoVersion: '3.10', services: [{ namespace: 'a-b', name: 'c' }, { namespace: 'a', name: 'b-c' }] });
    const second = new L7Logging(new Construct(chart, 'a-b'), 'c', { calicoVersion: '3.10', enabled: false });
    assert.notEqual(first.node.path, second.node.path);
    assert.equal(first.services.length, 2);
    assert.deepEqual(first.trafficChart?.node.children.map((c) => c.node.id), ['x.a.b-c']);
  });

  test('cdk8s: collector objects are named Kind.namespace.name; the traffic phase is numbered in apply order, which the typed handles follow', () => {
    const app = Testing.app();
    const l7 = new L7Logging(new Chart(app, 'c'), 'l7', { calicoVersion: '3.10', services: [{ name: 'b' }, { namespace: 'shop', name: 'a' }] });
    assert.deepEqual(
      l7.node.children.map((c) => c.node.id),
      ['ConfigMap.calico-system.envoy-config', 'ServiceAccount.calico-system.l7-log-collector', 'DaemonSet.calico-system.l7-log-collector'],
    );
    // Each FelixConfiguration in the Felix chart beside its phase's chart, under the same path.
    assert.equal(l7.felixConfiguration?.node.path, 'c-felix/c.l7/FelixConfiguration.default');
    const traffic = l7.trafficChart?.node.findChild('c.l7');
    assert.deepEqual(traffic?.node.children.map((c) => c.node.id), ['1', '2']);
    assert.equal(l7.trafficFelixConfiguration?.node.path, 'c-traffic-felix/c-traffic.c~1l7/0');
    assert.deepEqual(l7.services.map((s) => [s.node.id, s.metadata.namespace, s.name]), [['1', 'default', 'b'], ['2', 'shop', 'a']]);
  });

  test('Pulumi: components a/b-c and a-b/c, and Services a-b/c beside a/b-c, get distinct names; old names are aliases', async () => {
    const before = registered.length;
    const opts = { provider: new k8s.Provider('names', {}) };
    const one = new pl.L7Logging('a/b-c', { services: [{ namespace: 'a-b', name: 'c' }, { namespace: 'a', name: 'b-c' }] }, opts);
    const two = new pl.AnnotatedService('a-b/c', { service: { namespace: 'x', name: 'y' } }, opts);
    await settle([one, two, ...one.resources, two.servicePatch]);
    const names = registered.slice(before).map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('a~1b-c/Service/a-b/c') && names.includes('a~1b-c/Service/a/b-c'), names.join(' '));
  });
});

describe('escape hatches', () => {
  test('ApiObject.of works on each construct, and typed handles reach every object', () => {
    const chart = Testing.chart();
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.10', services: [{ name: 'a' }] });
    assert.equal(ApiObject.of(l7), l7.daemonSet);
    for (const handle of [l7.felixConfiguration, l7.configMap, l7.serviceAccount, l7.daemonSet, l7.trafficFelixConfiguration]) assert.ok(handle);
    l7.daemonSet?.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'system-node-critical'));
    assert.equal(Testing.synth(chart).find((o) => o.kind === 'DaemonSet')?.spec.template.spec.priorityClassName, 'system-node-critical');
    const operator = new L7Logging(Testing.chart(), 'l7', { services: [{ name: 'a' }] });
    assert.equal(ApiObject.of(operator).kind, 'ApplicationLayer');
    assert.equal(ApiObject.of(new FelixL7Config(Testing.chart(), 'f')).kind, 'FelixConfiguration');
    assert.equal(ApiObject.of(new L7Collector(Testing.chart(), 'c', { collector: 'daemonset' })).kind, 'DaemonSet');
    assert.equal(ApiObject.of(new AnnotatedService(Testing.chart(), 's', { service: { name: 'a' } })).kind, 'Service');
  });
});

describe('Pulumi', () => {
  test('conflicts are found per provider at registration; another provider is another cluster', () => {
    const prod = { provider: new k8s.Provider('conflict-prod', {}) };
    new pl.FelixL7Config('one', { l7LogsFlushInterval: '1m' }, prod);
    assert.throws(() => new pl.FelixL7Config('two', { l7LogsFlushInterval: '2m' }, prod), (e: unknown) => {
      assert.ok(e instanceof L7ValidationError);
      assert.match(e.message, /written by FelixL7Config one and FelixL7Config two with different values at spec\.l7LogsFlushInterval/);
      return true;
    });
    assert.doesNotThrow(() => new pl.FelixL7Config('two', { l7LogsFlushInterval: '2m' }, { provider: new k8s.Provider('conflict-other', {}) }));
  });

  test('the cluster is the Kubernetes provider in every form Pulumi takes: provider, providers as a list or a map, the parent\'s', async () => {
    const east = new k8s.Provider('forms-east', {});
    const west = new k8s.Provider('forms-west', {});
    // Two clusters given as lists: two collectors, no conflict.
    const a = new pl.L7Logging('forms-a', { calicoVersion: '3.22', services: [{ name: 'a' }] }, { providers: [east] });
    const b = new pl.L7Logging('forms-b', { calicoVersion: '3.22', services: [{ name: 'a' }] }, { providers: [west] });
    // The same cluster named as a map, then as `provider`, then through a parent: a second collector each time.
    const group = new pulumi.ComponentResource('test:index:Group', 'forms-group', {}, { providers: [east] });
    for (const [i, opts] of [{ providers: { kubernetes: east } }, { provider: east }, { parent: group }].entries()) {
      assert.throws(() => new pl.L7Logging(`forms-c${i}`, { calicoVersion: '3.22', services: [{ name: `c${i}` }] }, opts), /two Envoy collectors for one cluster: L7Logging forms-a and L7Logging forms-c/);
    }
    await settle([a, ...a.resources, b, ...b.resources, group]);
  });

  test('a Service resource of the program, or output names, are selected by a patch that depends on it', async () => {
    const before = registered.length;
    const opts = { provider: new k8s.Provider('inputs', {}) };
    const web = new k8s.core.v1.Service('web', { metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } }, opts);
    const l7 = new pl.L7Logging('inputs', { calicoVersion: '3.23', services: [web, { namespace: web.metadata.namespace, name: web.metadata.name }] }, opts);
    await settle([l7, ...l7.resources]);
    const patches = registered.slice(before).filter((r) => r.type === 'kubernetes:core/v1:ServicePatch');
    assert.deepEqual(patches.map((p) => p.name), ['inputs/Service/0', 'inputs/Service/1']);
    assert.deepEqual(patches[0]?.inputs.metadata, { name: 'web', namespace: 'shop', annotations: { 'projectcalico.org/l7-logging': 'true' } });
    assert.equal(l7.services.length, 2);
  });
});

describe('Pulumi inputs', () => {
  test('image tags and the current storage size may be outputs: they reach the resources checked, once known', async () => {
    const before = registered.length;
    const opts = { provider: new k8s.Provider('deferred', {}) };
    const tag = Promise.resolve('v3.10.1');
    const legacy = new pl.L7Logging('deferred', { calicoVersion: '3.10', images: { tag, collector: { tag: pulumi.output('v3.10.2') } }, services: [{ name: 'a' }] }, opts);
    const sizing = new pl.LogStorageSizing('deferred-size', { nodes: 3, retentionDays: 2, currentPerNodeStorage: pulumi.output('10Gi'), resizeLogStorage: true }, opts);
    await settle([legacy, sizing, ...legacy.resources, sizing.logStorage as pulumi.Resource]);
    const mine = registered.slice(before);
    const ds = mine.find((r) => r.type === 'kubernetes:apps/v1:DaemonSet');
    assert.deepEqual(
      ds?.inputs.spec.template.spec.containers.map((c: { image: string }) => c.image),
      ['quay.io/tigera/envoy:v3.10.1', 'quay.io/tigera/l7-collector:v3.10.2'],
    );
    const logStorage = mine.find((r) => r.type === 'kubernetes:operator.tigera.io/v1:LogStoragePatch');
    // 10Gi + 3 nodes x 1 GB x 2 days = 15.6 GiB, rounded up.
    assert.equal(logStorage?.inputs.spec.nodes.resourceRequirements.requests.storage, '16Gi');
    // What can be said without the current size.
    assert.equal(sizing.guidance.extraTotalGB, 6);
    assert.equal(sizing.guidance.recommendedPerNodeStorage, undefined);
  });

  test('a value that arrives invalid fails its resource with the field and what is allowed', () => {
    // Pulumi reports the error of an output's apply as the resource's error ("error serializing property spec: ...").
    assert.throws(() => checkDeployedValue('L7Logging bad', 'images.tag', 'tag', 'latest'), /L7Logging bad: invalid props\n {2}- images\.tag: got "latest"; expected a version tag/);
    assert.throws(() => checkDeployedValue('LogStorageSizing s', 'currentPerNodeStorage', 'quantity', '10 GB'), /currentPerNodeStorage: got "10 GB"; expected a positive Kubernetes quantity/);
    assert.equal(checkDeployedValue('x', 'images.tag', 'tag', 'v3.10.2'), 'v3.10.2');
  });
});
