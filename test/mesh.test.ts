// Service-mesh access logs with Gloo Mesh: AccessLogRecord (1.x) and AccessLogPolicy (2.x), their
// filters, and the Istio settings of each cluster.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import { Chart, Testing } from 'cdk8s';
import { BOOKINFO_EXAMPLES } from '../examples/bookinfo';
import { buildGlooMesh } from '../examples/gloo-mesh';
import * as cdk8s from '../src/cdk8s';
import { type MeshAccessLoggingOptions, planMeshAccessLogging } from '../src/core';
import * as pl from '../src/pulumi';
import { loadCrds, validateObjects } from '../src/validate';
import { expectIssue } from './helpers';
import { installMocks, registered, settle } from './pulumi-mocks';

installMocks();

const GLOO_CRDS = loadCrds([join(__dirname, 'fixtures', 'crds', 'gloo-mesh-1.0'), join(__dirname, 'fixtures', 'crds', 'gloo-platform-2.14.0')]);
const plan = (props: MeshAccessLoggingOptions) => planMeshAccessLogging(props);
const V2 = { glooMeshVersion: '2.14', namespace: 'bookinfo' } as const;

describe('one set of props, two generations', () => {
  test("1.x: the docs' AccessLogRecord, in gloo-mesh", () => {
    const p = plan({ glooMeshVersion: '1.0', name: 'access-log-all', filters: [{ headerMatcher: { name: 'foo', value: 'bar' } }] });
    assert.deepEqual(p.object, {
      apiVersion: 'observability.enterprise.mesh.gloo.solo.io/v1',
      kind: 'AccessLogRecord',
      metadata: { name: 'access-log-all', namespace: 'gloo-mesh' },
      spec: { filters: [{ headerMatcher: { name: 'foo', value: 'bar' } }] },
    });
    const selected = plan({ glooMeshVersion: '1.x', workloads: [{ labels: { app: 'reviews' }, namespaces: ['default'], clusters: ['remote-cluster'] }] });
    assert.deepEqual((selected.object.spec as any).workloadSelectors, [
      { kubeWorkloadMatcher: { labels: { app: 'reviews' }, namespaces: ['default'], clusters: ['remote-cluster'] } },
    ]);
  });

  test('2.x: an AccessLogPolicy; namespace and cluster lists become one selector each, which select the same workloads', () => {
    const p = plan({
      ...V2,
      workloads: [{ labels: { app: 'reviews' }, namespaces: ['bookinfo', 'shop'], clusters: ['mgmt-cluster', 'remote-cluster'], workspace: 'bookinfo', kind: 'KUBE' }],
      filters: [{ statusCodeMatcher: { value: 500, comparator: 'GE' } }],
      includedRequestHeaders: ['x-request-id'],
    });
    assert.equal(p.object.kind, 'AccessLogPolicy');
    const spec = p.object.spec as any;
    assert.equal(spec.applyToWorkloads.length, 4);
    assert.deepEqual(spec.applyToWorkloads[1], { kind: 'KUBE', selector: { labels: { app: 'reviews' }, namespace: 'bookinfo', cluster: 'remote-cluster', workspace: 'bookinfo' } });
    assert.deepEqual(spec.config, { filters: [{ statusCodeMatcher: { value: 500, comparator: 'GE' } }], includedRequestHeaders: ['x-request-id'] });
  });

  test('a field one generation lacks is an error for it; 2.x policies need their workspace namespace', () => {
    expectIssue(() => plan({ glooMeshVersion: '1.0', workloads: [{ workspace: 'bookinfo' }] }), 'workloads[0].workspace', /1\.x workload selectors have labels, namespaces and clusters only/);
    expectIssue(() => plan({ glooMeshVersion: '1.0', workloads: [{ kind: 'VM' }] }), 'workloads[0].kind');
    expectIssue(() => plan({ glooMeshVersion: '2.14' }), 'namespace', /workspace's namespace/);
    expectIssue(() => plan({ glooMeshVersion: '3.0', namespace: 'x' }), 'glooMeshVersion', /1\.0.*2\.14/);
  });

  test('empty selectors and filters select everything, and the construct says so', () => {
    assert.deepEqual(plan({ glooMeshVersion: '1.0' }).warnings.map((w) => [w.id, String(w)]), [
      ['mesh-all-workloads', 'MeshAccessLogging: no workloads given: every workload Gloo Mesh manages is selected'],
      ['mesh-all-requests', 'MeshAccessLogging: no filters given: every request is logged'],
    ]);
    assert.match(plan(V2).warnings.join(), /every workload of the workspace/);
    const chart = Testing.chart();
    assert.equal(new cdk8s.MeshAccessLogging(chart, 'all', { glooMeshVersion: '1.0' }).warnings.length, 2);
  });
});

describe('filters are checked before synth', () => {
  const filter = (f: unknown) => () => plan({ ...V2, filters: [f as never] });
  test('at most one matcher; status codes 100–599; comparators EQ, GE, LE', () => {
    expectIssue(filter({ statusCodeMatcher: { value: 500 }, headerMatcher: { name: 'foo' } }), 'filters[0]', /at most one matcher/);
    expectIssue(filter({ statusCodeMatcher: { value: 99 } }), 'filters[0].statusCodeMatcher.value', /100/);
    expectIssue(filter({ statusCodeMatcher: { value: 600 } }), 'filters[0].statusCodeMatcher.value', /599/);
    expectIssue(filter({ statusCodeMatcher: { value: 500, comparator: 'GT' } }), 'filters[0].statusCodeMatcher.comparator', /EQ, GE, LE/);
    assert.deepEqual((plan({ ...V2, filters: [{ statusCodeMatcher: { value: 404 } }] }).object.spec as any).config.filters, [{ statusCodeMatcher: { value: 404, comparator: 'EQ' } }]);
  });

  test('header names are HTTP tokens; regex values compile with RE2 (no backreferences or lookaround)', () => {
    expectIssue(filter({ headerMatcher: { name: 'x header' } }), 'filters[0].headerMatcher.name', /RFC 9110 token/);
    expectIssue(filter({ headerMatcher: { name: 'x:a' } }), 'filters[0].headerMatcher.name');
    expectIssue(filter({ headerMatcher: { name: 'foo', value: '(a)\\1', regex: true } }), 'filters[0].headerMatcher.value', /RE2/);
    expectIssue(filter({ headerMatcher: { name: 'foo', value: 'a(?=b)', regex: true } }), 'filters[0].headerMatcher.value', /RE2/);
    expectIssue(filter({ headerMatcher: { name: 'foo', regex: true } }), 'filters[0].headerMatcher.regex', /needs a value/);
    assert.doesNotThrow(filter({ headerMatcher: { name: 'x-user', value: '^[a-z]+\\d{3}$', regex: true, invertMatch: true } }));
    // A value that is not a regex is taken literally: characters RE2 would refuse are fine.
    assert.doesNotThrow(filter({ headerMatcher: { name: 'foo', value: '(a)\\1' } }));
    expectIssue(() => plan({ ...V2, includedResponseHeaders: ['ok', 'not ok'] }), 'includedResponseHeaders[1]', /token/);
  });
});

describe('the Istio side, per cluster', () => {
  test('the agent address and the registered cluster name, as an IstioOperator overlay and as istiod Helm values', () => {
    const p = plan({ glooMeshVersion: '1.0', clusters: [{ name: 'mgmt-cluster' }, { name: 'remote-cluster' }] });
    const meshConfig = { defaultConfig: { envoyAccessLogService: { address: 'enterprise-agent.gloo-mesh:9977' }, proxyMetadata: { GLOO_MESH_CLUSTER_NAME: 'remote-cluster' } } };
    const remote = p.istio.find((s) => s.cluster === 'remote-cluster');
    assert.match(p.warnings.join('\n'), /then restart its injected workloads/);
    assert.deepEqual(remote?.istiodHelmValues, { meshConfig });
    assert.deepEqual(remote?.istioOperatorOverlay, { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { meshConfig } });
  });

  test('cluster names are Kubernetes names, once each, and the selectors may name only those clusters', () => {
    expectIssue(() => plan({ glooMeshVersion: '1.0', clusters: [{ name: 'Mgmt' }] }), 'clusters[0].name', /RFC 1123/);
    expectIssue(() => plan({ glooMeshVersion: '1.0', clusters: [{ name: 'a' }, { name: 'a' }] }), 'clusters[1].name', /once/);
    expectIssue(
      () => plan({ glooMeshVersion: '1.0', clusters: [{ name: 'mgmt-cluster' }], workloads: [{ clusters: ['remote-cluster'] }] }),
      'workloads',
      /"remote-cluster", which is not one of the clusters \(mgmt-cluster\)/,
    );
    expectIssue(() => plan({ ...V2, clusters: [{ name: 'mgmt-cluster' }] }), 'clusters[0].agentAddress', /2\.x: give the host:port/);
    expectIssue(() => plan({ glooMeshVersion: '1.0', clusters: [{ name: 'a', agentAddress: 'agent' }] }), 'clusters[0].agentAddress', /host:port/);
    expectIssue(() => plan({ glooMeshVersion: '1.0', clusters: [{ name: 'a', agentAddress: 'agent:99999' }] }), 'clusters[0].agentAddress');
  });
});

describe('output validates strictly against the real Gloo Mesh CRDs', () => {
  test('every generation and docs example, and an unknown field is caught', () => {
    for (const { props } of BOOKINFO_EXAMPLES) {
      for (const generation of [{ glooMeshVersion: '1.0' }, V2]) {
        assert.deepEqual(validateObjects(plan({ ...generation, ...props }).objects, { crds: GLOO_CRDS }), []);
      }
    }
    const full = plan({
      ...V2,
      workloads: [{ labels: { app: 'x' }, name: 'x', namespaces: ['a'], clusters: ['c'], workspace: 'w', kind: 'VM' }],
      filters: [{ headerMatcher: { name: 'foo', value: 'b.*', regex: true, invertMatch: true } }],
      includedRequestHeaders: ['a'],
      includedResponseHeaders: ['b'],
      includedResponseTrailers: ['c'],
      includedFilterStateObjects: ['envoy.network.upstream_server_name'],
    }).objects;
    assert.deepEqual(validateObjects(full, { crds: GLOO_CRDS }), []);
    const wrong = structuredClone(full[0]) as any;
    wrong.spec.config.filter = [];
    assert.match(validateObjects([wrong], { crds: GLOO_CRDS })[0]?.message ?? '', /unknown field "filter"/);
  });

  test('the bookinfo example of each generation, as cdk8s synthesizes it', () => {
    const app = Testing.app();
    buildGlooMesh(app);
    for (const chart of app.charts) assert.deepEqual(validateObjects(Testing.synth(chart), { crds: GLOO_CRDS }), [], chart.node.id);
  });
});

describe('Pulumi', () => {
  test('the same record or policy through the management cluster\'s provider, and the Istio settings as outputs', async () => {
    const props: MeshAccessLoggingOptions = { glooMeshVersion: '1.0', ...BOOKINFO_EXAMPLES[1]?.props, clusters: [{ name: 'mgmt-cluster' }, { name: 'remote-cluster' }] };
    const mesh = new pl.MeshAccessLogging('mesh', props, { provider: new k8s.Provider('mgmt-cluster', {}) });
    await settle([mesh, mesh.resource]);
    const record = registered.find((r) => r.name === 'mesh/AccessLogRecord/gloo-mesh/reviews-productpage-5xx');
    assert.equal(record?.type, 'kubernetes:observability.enterprise.mesh.gloo.solo.io/v1:AccessLogRecord');
    const chart = new Chart(Testing.app(), 'mgmt');
    new cdk8s.MeshAccessLogging(chart, 'mesh', props);
    assert.deepEqual(record?.inputs, Testing.synth(chart)[0]);
    assert.deepEqual(Object.keys(mesh.istio), ['mgmt-cluster', 'remote-cluster']);
  });
});

describe('hostile input', () => {
  test('prototype keys, huge strings and odd values are errors', () => {
    expectIssue(() => plan(JSON.parse('{"glooMeshVersion":"1.0","workloads":[{"__proto__":{"x":1}}]}')), 'workloads[0].__proto__', /unknown prop/);
    expectIssue(() => plan({ ...V2, filters: [{ headerMatcher: { name: 'h'.repeat(100_000) } }] }), 'filters[0].headerMatcher.name');
    expectIssue(() => plan({ ...V2, filters: [{ headerMatcher: { name: 'h', value: 'a'.repeat(100_000), regex: true } }] }), 'filters[0].headerMatcher.value', /4096/);
    expectIssue(() => plan({ ...V2, workloads: [{ labels: { 'bad key!': 'x' } }] }), 'workloads[0].labels.bad key!');
    expectIssue(() => plan({ ...V2, workloads: 'all' as never }), 'workloads', /list/);
  });
});
