// The collector modes of today's releases: sidecars for selected workloads (3.20.0-2.0+), the eBPF
// collector and waypoint logs (3.24), one `collector` prop across eras, and what each mode sees.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-33';
import { parse, stringify } from 'yaml';
import { L7Logging } from '../src/cdk8s';
import { COLLECTOR_COVERAGE, type KubeObject, type L7LoggingOptions, SIDECAR_LABEL, planL7Logging } from '../src/core';
import { validateObjects } from '../src/validate';
import { assertGolden, expectIssue, scratchDir, synthYaml } from './helpers';
import { assertConforms } from './reference-crds';

const plan = (props: L7LoggingOptions) => planL7Logging(props);
const kinds = (objects: readonly KubeObject[]) => objects.map((o) => o.kind);
const CART = { kind: 'Deployment', namespace: 'shop', name: 'cart' } as const;

describe('one collector prop across eras', () => {
  test('without a collector, what is selected decides; with nothing selected the per-node collector of the release', () => {
    assert.equal(plan({ calicoVersion: '3.23', workloads: [CART] }).collector.mode, 'sidecar');
    assert.equal(plan({ waypoints: [{ namespace: 'bookinfo' }] }).collector.mode, 'waypoint');
    assert.equal(plan({ calicoVersion: '3.23', services: [{ name: 'cart' }] }).collector.mode, 'operator');
    assert.equal(plan({ calicoVersion: '3.10', services: [{ name: 'cart' }] }).collector.mode, 'daemonset');
    assert.equal(plan({ calicoVersion: '3.24' }).collector.mode, 'operator');
    assert.equal(plan({ calicoVersion: '3.10' }).collector.mode, 'daemonset');
  });

  test('a mode the release lacks is an error naming the releases that have it', () => {
    expectIssue(() => plan({ calicoVersion: '3.19', collector: 'sidecar' }), 'collector', /3\.19 has no sidecar collector; it is in Calico Enterprise 3\.20\.0-2\.0 to 3\.24/);
    expectIssue(() => plan({ calicoVersion: '3.20.0-1.0', workloads: [CART] }), 'collector', /no sidecar collector/);
    expectIssue(() => plan({ calicoVersion: '3.23', collector: 'ebpf' }), 'collector', /3\.23 has no ebpf collector; it is in Calico Enterprise 3\.24 \(use collector "operator"/);
    expectIssue(() => plan({ calicoVersion: '3.23', waypoints: [{ namespace: 'bookinfo' }] }), 'collector', /no waypoint collector; it is in Calico Enterprise 3\.24/);
    expectIssue(() => plan({ calicoVersion: '3.10', collector: 'ebpf' }), 'collector', /use collector "daemonset" on 3\.10/);
  });

  test('a deprecated mode gets a warning, not an error, where the eBPF collector can replace it: 3.24 and Calico Cloud', () => {
    const deprecated = /Envoy L7 collector \(collector "(operator|sidecar)"\) is deprecated/;
    const k8s = { kubernetesVersion: '1.30' } as const;
    assert.doesNotMatch(plan({ calicoVersion: '3.22', services: [{ name: 'a' }] }).warnings.join('\n'), deprecated);
    // On 3.23 nothing can replace it: the release notes say so, the docs say so, no warning.
    assert.doesNotMatch(plan({ calicoVersion: '3.23', services: [{ name: 'a' }] }).warnings.join('\n'), deprecated);
    assert.match(plan({ calicoVersion: '3.24', services: [{ name: 'a' }] }).warnings.join('\n'), deprecated);
    assert.match(plan({ calicoVersion: '3.24.1', workloads: [CART], platform: k8s }).warnings.join('\n'), deprecated);
    assert.match(plan({ services: [{ name: 'a' }], platform: { product: 'calico-cloud' } }).warnings.join('\n'), /deprecated in Calico Cloud/);
    assert.deepEqual(plan({ collector: 'ebpf', platform: { kernelVersion: '5.17' } }).warnings, []);
  });

  test('Calico Cloud: the eBPF and waypoint collectors and sidecars, never the manual DaemonSet', () => {
    const cloud = { product: 'calico-cloud', kernelVersion: '6.1', kubernetesVersion: '1.31' } as const;
    assert.equal(plan({ collector: 'ebpf', platform: cloud }).collector.mode, 'ebpf');
    assert.equal(plan({ waypoints: [{ namespace: 'bookinfo' }], platform: cloud }).collector.mode, 'waypoint');
    assert.equal(plan({ workloads: [CART], platform: cloud }).collector.mode, 'sidecar');
    expectIssue(() => plan({ collector: 'daemonset', calicoVersion: '3.10', platform: cloud }), 'collector', /through the operator/);
    // The eBPF dataplane limit is the Envoy collector's, not the eBPF collector's.
    expectIssue(() => plan({ services: [{ name: 'a' }], platform: { ...cloud, dataplane: 'ebpf' } }), 'platform.dataplane', /Envoy collector/);
    assert.equal(plan({ collector: 'ebpf', platform: { ...cloud, dataplane: 'ebpf' } }).collector.mode, 'ebpf');
  });

  test('each mode says what it sees and misses', () => {
    assert.equal(plan({ collector: 'ebpf', platform: { kernelVersion: '6.1' } }).coverage.selectsBy, 'everything');
    assert.deepEqual(COLLECTOR_COVERAGE.ebpf.protocols, ['HTTP/1.0', 'HTTP/1.1', 'TLS handshake metadata (SNI, version, cipher)']);
    assert.match(COLLECTOR_COVERAGE.ebpf.misses, /HTTP\/2/);
    assert.match(COLLECTOR_COVERAGE.operator.sees, /opened after the annotation/);
    assert.match(COLLECTOR_COVERAGE.sidecar.sees, /pods created after/);
    assert.equal(plan({ waypoints: [{ namespace: 'b' }] }).coverage.selectsBy, 'namespace');
    const l7 = new L7Logging(Testing.chart(), 'l7', { calicoVersion: '3.23', workloads: [CART], platform: { kubernetesVersion: '1.30' } });
    assert.equal(l7.coverage, COLLECTOR_COVERAGE.sidecar);
  });

  test('selections a mode cannot make are errors naming what it selects', () => {
    const kernel = { kernelVersion: '6.1' } as const;
    expectIssue(() => plan({ collector: 'ebpf', platform: kernel, services: [{ name: 'a' }] }), 'services', /no selection: it sees HTTP\/1\.x on every node/);
    expectIssue(() => plan({ calicoVersion: '3.23', collector: 'operator', workloads: [CART] }), 'workloads', /need collector "sidecar"/);
    expectIssue(() => plan({ calicoVersion: '3.24', collector: 'sidecar', waypoints: [{ namespace: 'b' }] }), 'waypoints', /sidecar collector selects workloads and Services/);
    expectIssue(() => plan({ calicoVersion: '3.23', sidecar: { waf: true } }), 'sidecar', /collector "sidecar" only/);
    expectIssue(() => plan({ collector: 'ebpf', platform: kernel, logIntervalSeconds: 10 }), 'logIntervalSeconds', /Envoy collectors only/);
    expectIssue(() => plan({ collector: 'ebpf', platform: kernel, felix: { tproxyMode: 'Enabled' } }), 'felix.tproxyMode', /not used by the ebpf collector/);
    expectIssue(() => plan({ collector: 'ebpf', platform: kernel, felix: { l7ObservabilityEnabled: false } }), 'felix.l7ObservabilityEnabled', /collector "ebpf" sets/);
    expectIssue(() => plan({ collector: 'sidecar', sidecarInjection: false }), 'sidecarInjection', /is sidecar injection/);
  });
});

describe('sidecar mode', () => {
  const K8S = { kubernetesVersion: '1.30' } as const;

  test('the ApplicationLayer turns injection on beside log collection; each existing workload gets only its pod-template selection', () => {
    const p = plan({
      calicoVersion: '3.23',
      platform: K8S,
      workloads: [CART, { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, { kind: 'CronJob', namespace: 'ops', name: 'nightly' }],
      sidecar: { policy: true, waf: true, resources: { requests: { cpu: '50m' }, limits: { memory: '256Mi' } } },
    });
    assert.deepEqual(kinds(p.collectorPhase), ['FelixConfiguration', 'ApplicationLayer']);
    assert.deepEqual(p.collectorPhase[1]?.spec, {
      logCollection: { collectLogs: 'Enabled', logIntervalSeconds: 5, logRequestsPerInterval: -1 },
      sidecarInjection: 'Enabled',
    });
    assert.deepEqual(kinds(p.trafficPhase), ['Deployment', 'StatefulSet', 'CronJob']);
    const meta = {
      labels: { [SIDECAR_LABEL]: 'true' },
      annotations: {
        'applicationlayer.projectcalico.org/logging': 'Enabled',
        'applicationlayer.projectcalico.org/policy': 'Enabled',
        'applicationlayer.projectcalico.org/waf': 'Enabled',
        'applicationlayer.projectcalico.org/sidecarResources': '{"requests":{"cpu":"50m"},"limits":{"memory":"256Mi"}}',
      },
    };
    assert.deepEqual(p.trafficPhase[0], { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'shop' }, spec: { template: { metadata: meta } } });
    assert.deepEqual(p.trafficPhase[2]?.spec, { jobTemplate: { spec: { template: { metadata: meta } } } });
    // The webhook rejects labelled pods while it is down: the runbook waits for it before labelling.
    assert.deepEqual(
      p.rollout.map((s) => s.phase ?? s.command),
      ['collector', 'kubectl -n calico-system rollout status deployment/calico-apiserver --timeout=10m', 'kubectl -n calico-system rollout status daemonset/l7-log-collector --timeout=10m', 'traffic'],
    );
    assert.match(plan({ calicoVersion: '3.21', platform: K8S, workloads: [CART] }).rollout[1]?.command ?? '', /-n tigera-system rollout status deployment\/tigera-apiserver/);
  });

  test('services and workloads together in one cluster (mixed per-node and sidecar selection)', () => {
    const p = plan({ calicoVersion: '3.23', platform: K8S, services: [{ name: 'frontend' }], workloads: [CART] });
    assert.equal(p.collector.mode, 'sidecar');
    assert.deepEqual(kinds(p.trafficPhase), ['Service', 'Deployment']);
  });

  test('rules that make it fail in a cluster are errors: the Kubernetes floor, a bare Pod, an existing Job, bad names and resources', () => {
    expectIssue(() => plan({ calicoVersion: '3.23', platform: { kubernetesVersion: '1.28' }, workloads: [CART] }), 'platform.kubernetesVersion', /1\.29 or later/);
    assert.equal(plan({ calicoVersion: '3.23', platform: { kubernetesVersion: 'v1.29.3' }, workloads: [CART] }).collector.mode, 'sidecar');
    expectIssue(() => plan({ calicoVersion: '3.23', platform: { kubernetesVersion: 'latest' }, workloads: [CART] }), 'platform.kubernetesVersion', /version such as "1\.30"/);
    const workload = (w: unknown) => () => plan({ calicoVersion: '3.23', platform: K8S, workloads: [w as typeof CART] });
    expectIssue(workload({ kind: 'Pod', name: 'p' }), 'workloads[0].kind', /bare Pod/);
    expectIssue(workload({ kind: 'Job', name: 'j' }), 'workloads[0].kind', /immutable/);
    expectIssue(workload({ kind: 'Rollout', name: 'r' }), 'workloads[0].kind', /Deployment, StatefulSet, DaemonSet, ReplicaSet, CronJob/);
    expectIssue(workload({ kind: 'Deployment', name: 'Cart' }), 'workloads[0].name', /RFC 1123/);
    expectIssue(workload({ kind: 'Deployment', namespace: 'Shop', name: 'cart' }), 'workloads[0].namespace', /RFC 1123 label/);
    expectIssue(() => plan({ calicoVersion: '3.23', platform: K8S, workloads: [CART, CART] }), 'workloads[1]', /each workload once/);
    expectIssue(() => plan({ calicoVersion: '3.23', platform: K8S, workloads: [CART], sidecar: { resources: { limits: { cpu: 'lots' } } } }), 'sidecar.resources.limits.cpu');
    expectIssue(
      () => plan({ calicoVersion: '3.23', platform: K8S, workloads: [CART], sidecar: { resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } } }),
      'sidecar.resources.requests.memory',
      /must not exceed/,
    );
    // Without a Kubernetes version the floor cannot be checked: a warning says so.
    assert.match(plan({ calicoVersion: '3.23', workloads: [CART] }).warnings.join('\n'), /needs Kubernetes 1\.29 or later/);
  });

  test('rollPods: false holds the workloads back, with the patch for the maintenance window', () => {
    const p = plan({ calicoVersion: '3.23', platform: K8S, workloads: [CART], sidecar: { rollPods: false } });
    assert.deepEqual(kinds(p.objects), ['FelixConfiguration', 'ApplicationLayer']);
    const last = p.rollout.at(-1);
    assert.match(last?.description ?? '', /maintenance window: select Deployment shop\/cart, which rolls its pods/);
    assert.equal(
      last?.command,
      `kubectl -n shop patch deployment cart --type=merge -p '{"spec":{"template":{"metadata":{"labels":{"${SIDECAR_LABEL}":"true"},"annotations":{"applicationlayer.projectcalico.org/logging":"Enabled"}}}}}'`,
    );
    assert.match(p.warnings.join('\n'), /1 workload\(s\) held back/);
  });

  test('turning off deselects the workloads first (they roll back without the sidecar), then deletes the ApplicationLayer', () => {
    const p = plan({ calicoVersion: '3.23', platform: K8S, workloads: [CART], enabled: false });
    assert.deepEqual(p.objects, [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'shop' }, spec: { template: { metadata: {} } } }]);
    assert.deepEqual(p.rollout.map((s) => s.phase ?? s.command), ['traffic', 'kubectl delete applicationlayer tigera-secure']);
  });

  test('workloads of the app are labelled in place, next to their own labels; the cluster-level rules apply to them', () => {
    const chart = Testing.chart();
    const web = new plus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, podMetadata: { labels: { team: 'web' } }, containers: [{ image: 'nginx', portNumber: 80 }] });
    const db = new ApiObject(chart, 'db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: { spec: { containers: [{ name: 'db', image: 'postgres' }] } } },
    });
    const job = new ApiObject(chart, 'migrate', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate' }] } } },
    });
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.23', platform: K8S, workloads: [web, db, job] });
    assert.deepEqual(l7.workloads, []);
    const out = Testing.synth(chart);
    const template = (kind: string) => {
      const o = out.find((x) => x.kind === kind);
      return kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template;
    };
    assert.equal(template('Deployment').metadata.labels.team, 'web');
    assert.equal(template('Deployment').metadata.labels[SIDECAR_LABEL], 'true');
    assert.deepEqual(template('StatefulSet').metadata, {
      labels: { [SIDECAR_LABEL]: 'true' },
      annotations: { 'applicationlayer.projectcalico.org/logging': 'Enabled' },
    });
    assert.deepEqual(template('Job').metadata.labels, { app: 'migrate', [SIDECAR_LABEL]: 'true' });
    assert.deepEqual(l7.selectedWorkloads, [`Deployment shop/${web.name}`, 'StatefulSet shop/db', 'Job shop/migrate']);

    const refused = (spec: Record<string, unknown>, field: string, allowed: RegExp) => {
      const c = Testing.chart();
      const w = new ApiObject(c, 'w', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { selector: {}, template: spec } });
      expectIssue(() => new L7Logging(c, 'l7', { calicoVersion: '3.23', platform: K8S, workloads: [w] }), field, allowed);
    };
    refused({ spec: { hostNetwork: true, containers: [] } }, 'workloads[0].hostNetwork', /host-network pods/);
    refused({ metadata: { labels: { 'sidecar.istio.io/inject': 'true' } }, spec: { containers: [] } }, 'workloads[0].labels.sidecar.istio.io/inject', /Istio mesh/);
    refused({ metadata: { annotations: { 'sidecar.istio.io/inject': 'true' } }, spec: { containers: [] } }, 'workloads[0].annotations.sidecar.istio.io/inject', /Istio mesh/);
    refused({ metadata: { labels: { 'istio.io/dataplane-mode': 'ambient' } }, spec: { containers: [] } }, 'workloads[0].labels.istio.io/dataplane-mode', /waypoint/);
    const c = Testing.chart();
    const pod = new plus.Pod(c, 'pod', { containers: [{ image: 'nginx' }] });
    expectIssue(() => new L7Logging(c, 'l7', { calicoVersion: '3.23', platform: K8S, workloads: [pod] }), 'workloads[0].kind', /bare Pod/);
  });

  test('deselecting a workload of the app removes only the selection', () => {
    const chart = Testing.chart();
    const db = new ApiObject(chart, 'db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { selector: {}, serviceName: 'db', template: { metadata: { labels: { app: 'db', [SIDECAR_LABEL]: 'true' }, annotations: { keep: 'me', 'applicationlayer.projectcalico.org/logging': 'Enabled' } }, spec: { containers: [] } } },
    });
    new L7Logging(chart, 'l7', { calicoVersion: '3.23', platform: K8S, workloads: [db], enabled: false });
    const out = Testing.synth(chart).find((o) => o.kind === 'StatefulSet');
    assert.deepEqual(out.spec.template.metadata, { labels: { app: 'db' }, annotations: { keep: 'me' } });
  });

  test('a held-back workload of the app is left as it is', () => {
    const chart = Testing.chart();
    const web = new plus.Deployment(chart, 'web', { containers: [{ image: 'nginx', portNumber: 80 }] });
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.23', platform: K8S, workloads: [web], sidecar: { rollPods: false } });
    const out = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    assert.equal(out.spec.template.metadata.labels[SIDECAR_LABEL], undefined);
    assert.deepEqual(l7.selectedWorkloads, []);
    assert.match(l7.plan.rollout.at(-1)?.command ?? '', new RegExp(`patch deployment ${web.name}`));
  });
});

describe('ebpf mode', () => {
  test('the FelixConfiguration switch alone: no ApplicationLayer, no Envoy, no policy-sync field', () => {
    const p = plan({ collector: 'ebpf', platform: { kernelVersion: '6.1.0-18-amd64' }, felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } });
    assert.deepEqual(p.objects, [
      { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI', l7ObservabilityEnabled: true } },
    ]);
    assert.deepEqual(p.rollout.map((s) => s.phase), ['collector']);
    const off = plan({ collector: 'ebpf', enabled: false });
    assert.deepEqual(off.objects, [{ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { l7ObservabilityEnabled: false } }]);
  });

  test('the kernel floor is checked before synth; unknown, it is a warning', () => {
    expectIssue(() => plan({ collector: 'ebpf', platform: { kernelVersion: '5.15.0-91-generic' } }), 'platform.kernelVersion', /5\.17 or later on every node/);
    assert.equal(plan({ collector: 'ebpf', platform: { kernelVersion: '5.17' } }).warnings.length, 0);
    assert.match(plan({ collector: 'ebpf' }).warnings.join('\n'), /needs Linux 5\.17 or later/);
    expectIssue(() => plan({ collector: 'ebpf', platform: { kernelVersion: '5' } }), 'platform.kernelVersion', /version such as "5\.17"/);
  });

  test('beside an Envoy collector through the Felix setting of the same construct (mixed modes, 3.24)', () => {
    const p = plan({ calicoVersion: '3.24', services: [{ name: 'a' }], felix: { l7ObservabilityEnabled: true } });
    assert.deepEqual(p.collectorPhase[0]?.spec, { policySyncPathPrefix: '/var/run/nodeagent', l7ObservabilityEnabled: true });
    expectIssue(() => plan({ calicoVersion: '3.23', services: [{ name: 'a' }], felix: { l7ObservabilityEnabled: true } }), 'felix.l7ObservabilityEnabled', /needs 3\.24/);
  });
});

describe('waypoint mode', () => {
  test('the Istio resource, a waypoint Gateway per namespace, then the namespace labels', () => {
    const p = plan({ waypoints: [{ namespace: 'bookinfo' }, { namespace: 'shop', name: 'shop-waypoint' }] });
    // The operator's Istio controller sets Felix's policy-sync directory for waypoints itself.
    assert.deepEqual(kinds(p.collectorPhase), ['Istio', 'Gateway', 'Gateway']);
    assert.deepEqual(p.collectorPhase[0], { apiVersion: 'operator.tigera.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { waypointLogging: 'Enabled' } });
    assert.deepEqual(p.collectorPhase[2], {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop-waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'all' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    });
    assert.deepEqual(p.trafficPhase, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio.io/use-waypoint': 'waypoint' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio.io/use-waypoint': 'shop-waypoint' } } },
    ]);
    assert.deepEqual(p.rollout.map((s) => s.phase ?? s.command), [
      'collector',
      'kubectl -n bookinfo wait --for=condition=Programmed gateway/waypoint --timeout=5m',
      'kubectl -n shop wait --for=condition=Programmed gateway/shop-waypoint --timeout=5m',
      'traffic',
    ]);
  });

  test('turning off: labels removed and waypoint logging Disabled first, then the Gateways deleted', () => {
    const p = plan({ waypoints: [{ namespace: 'bookinfo' }], enabled: false });
    assert.deepEqual(kinds(p.objects), ['Namespace', 'Istio']);
    assert.deepEqual(p.objects[1]?.spec, { waypointLogging: 'Disabled' });
    assert.deepEqual(p.rollout.map((s) => s.phase ?? s.command), ['traffic', 'kubectl -n bookinfo delete gateway/waypoint --ignore-not-found']);
  });

  test('bad waypoints are errors', () => {
    expectIssue(() => plan({ waypoints: [{ namespace: 'Bookinfo' }] }), 'waypoints[0].namespace', /RFC 1123/);
    expectIssue(() => plan({ waypoints: [{ namespace: 'b' }, { namespace: 'b', name: 'other' }] }), 'waypoints[1].namespace', /each namespace once/);
    expectIssue(() => plan({ collector: 'waypoint', waypoints: 'bookinfo' as never }), 'waypoints', /list of/);
  });

  test('an eBPF construct and a waypoint construct share a cluster; two eBPF constructs conflict', () => {
    const chart = Testing.chart();
    new L7Logging(chart, 'ebpf', { collector: 'ebpf', platform: { kernelVersion: '6.1' } });
    new L7Logging(chart, 'waypoint', { waypoints: [{ namespace: 'bookinfo' }] });
    assert.doesNotThrow(() => Testing.synth(chart));
    const other = Testing.chart();
    new L7Logging(other, 'one', { collector: 'ebpf', platform: { kernelVersion: '6.1' } });
    new L7Logging(other, 'two', { collector: 'ebpf', platform: { kernelVersion: '6.1' } });
    assert.throws(() => Testing.synth(other), /two ebpf collectors/);
  });
});

describe('every mode validates strictly against the real schemas', () => {
  const K8S = { kubernetesVersion: '1.30' } as const;
  test('sidecar mode against the CE 3.23 (v1.42.4) and main CRDs; workload selections against the Kubernetes schemas', () => {
    const objects = plan({
      calicoVersion: '3.23',
      platform: K8S,
      services: [{ name: 'frontend' }],
      workloads: [CART, { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, { kind: 'DaemonSet', namespace: 'ops', name: 'agent' }, { kind: 'ReplicaSet', name: 'rs' }, { kind: 'CronJob', name: 'nightly' }],
      sidecar: { policy: true, resources: { limits: { memory: '256Mi' } } },
    }).objects;
    assertConforms(objects, 'v1.42.4');
    assertConforms(objects, 'master');
    // A pod-template patch is still checked strictly: an unknown field in it is an error.
    const bad = structuredClone(objects.find((o) => o.kind === 'Deployment')) as unknown as { spec: { template: { metadata: Record<string, unknown> } } };
    bad.spec.template.metadata.lables = {};
    assert.match(validateObjects([bad]).map((e) => e.path).join(), /\/spec\/template\/metadata\/lables/);
  });

  test('ebpf mode against the main CRDs (the 3.24 Felix fields), and not against the 3.23 ones', () => {
    const objects = plan({ collector: 'ebpf', platform: { kernelVersion: '6.1' }, felix: { l7LogsFileAggregationTLSSNI: 'IncludeL7TLSSNI' } }).objects;
    assertConforms(objects, 'master');
    assert.throws(() => assertConforms(objects, 'v1.42.4'), /l7ObservabilityEnabled/);
  });

  test("waypoint mode against the operator's Istio CRD and the Gateway API v1 schema", async () => {
    const objects = plan({ waypoints: [{ namespace: 'bookinfo' }] }).objects;
    assertConforms(
      objects.filter((o) => o.kind !== 'Gateway'),
      'master',
    );
    const { Gateway } = (await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1')) as {
      Gateway: new (data: unknown) => { validate(): void };
    };
    for (const g of objects.filter((o) => o.kind === 'Gateway')) assert.doesNotThrow(() => new Gateway(g).validate());
    // The model enforces the Gateway API's limits: a port out of range fails.
    const wrong = structuredClone(objects.find((o) => o.kind === 'Gateway')) as unknown as { spec: { listeners: { port: number }[] } };
    (wrong.spec.listeners[0] as { port: number }).port = 150080;
    assert.throws(() => new Gateway(wrong).validate(), /65535/);
  });
});

describe('no lost data: selections merged into live objects (kubectl --local)', () => {
  const dir = scratchDir('l7-modes-');
  let files = 0;
  const mergePatch = (existing: unknown, patch: unknown): Record<string, any> => {
    const file = join(dir, `obj-${files++}.yaml`);
    writeFileSync(file, stringify(existing));
    return parse(execFileSync('kubectl', ['patch', '--type=merge', '-p', JSON.stringify(patch), '--local', '-f', file, '-o', 'yaml'], { encoding: 'utf8' }));
  };

  const LIVE_DEPLOYMENT = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cart', namespace: 'shop', labels: { app: 'cart' }, annotations: { 'deployment.kubernetes.io/revision': '7' }, resourceVersion: '991' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'cart' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'cart', version: 'v7' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'cart',
          securityContext: { runAsNonRoot: true },
          containers: [{ name: 'cart', image: 'registry.example.com/cart:7', ports: [{ containerPort: 7070 }], env: [{ name: 'REDIS', value: 'redis:6379' }] }],
        },
      },
    },
  };

  test('a Deployment keeps everything but gains the sidecar label and annotations on its pod template', () => {
    const selection = plan({ calicoVersion: '3.23', platform: { kubernetesVersion: '1.30' }, workloads: [CART], sidecar: { waf: true } }).trafficPhase[0];
    const merged = mergePatch(LIVE_DEPLOYMENT, selection);
    const expected = structuredClone(LIVE_DEPLOYMENT) as any;
    expected.spec.template.metadata.labels[SIDECAR_LABEL] = 'true';
    expected.spec.template.metadata.annotations['applicationlayer.projectcalico.org/logging'] = 'Enabled';
    expected.spec.template.metadata.annotations['applicationlayer.projectcalico.org/waf'] = 'Enabled';
    assert.deepEqual(merged, expected);
  });

  test('a CronJob keeps everything but gains the selection on its Job template', () => {
    const live = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'ops' },
      spec: {
        schedule: '0 3 * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { backoffLimit: 2, template: { metadata: { labels: { app: 'nightly' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'nightly', image: 'nightly:1' }] } } } },
      },
    };
    const selection = plan({ calicoVersion: '3.23', platform: { kubernetesVersion: '1.30' }, workloads: [{ kind: 'CronJob', namespace: 'ops', name: 'nightly' }] }).trafficPhase[0];
    const merged = mergePatch(live, selection);
    const expected = structuredClone(live) as any;
    expected.spec.jobTemplate.spec.template.metadata.labels[SIDECAR_LABEL] = 'true';
    expected.spec.jobTemplate.spec.template.metadata.annotations = { 'applicationlayer.projectcalico.org/logging': 'Enabled' };
    assert.deepEqual(merged, expected);
  });

  test('a namespace gains only the waypoint label; the Istio resource only waypointLogging', () => {
    const p = plan({ waypoints: [{ namespace: 'bookinfo' }] });
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'kubernetes.io/metadata.name': 'bookinfo', team: 'books' } } };
    const merged = mergePatch(ns, p.trafficPhase[0]);
    assert.deepEqual(merged.metadata.labels, { ...ns.metadata.labels, 'istio.io/use-waypoint': 'waypoint' });
    const istio = { apiVersion: 'operator.tigera.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { dscpMark: 23, istiod: { spec: { template: { spec: { nodeSelector: { pool: 'infra' } } } } } } };
    const mergedIstio = mergePatch(istio, p.collectorPhase[0]);
    assert.deepEqual(mergedIstio.spec, { ...istio.spec, waypointLogging: 'Enabled' });
  });
});

describe('golden output: each mode at each release boundary', () => {
  const K8S = { kubernetesVersion: '1.30' } as const;
  const cases: [string, L7LoggingOptions][] = [
    ['sidecar-3.20.0-2.0', { calicoVersion: '3.20.0-2.0', platform: K8S, workloads: [CART], services: [{ name: 'frontend' }] }],
    ['sidecar-3.23', { calicoVersion: '3.23', platform: K8S, workloads: [CART, { kind: 'CronJob', namespace: 'ops', name: 'nightly' }], sidecar: { policy: true, resources: { limits: { memory: '256Mi' } } } }],
    ['ebpf-3.24', { calicoVersion: '3.24', collector: 'ebpf', platform: { kernelVersion: '6.1' }, felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } }],
    ['waypoint-3.24', { calicoVersion: '3.24', waypoints: [{ namespace: 'bookinfo' }] }],
  ];
  for (const [name, props] of cases) {
    test(name, () => {
      const app = Testing.app();
      new L7Logging(new Chart(app, name), 'l7', props);
      for (const chart of app.charts) assertGolden(`modes/${chart.node.id}.k8s.yaml`, synthYaml(chart));
    });
  }
});
