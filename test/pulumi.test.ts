import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, mock, test } from 'node:test';
import { Chart, Testing } from 'cdk8s';
import * as cdk8s from '../src/cdk8s';
import { L7ValidationError, type L7LoggingOptions, planL7Logging } from '../src/core';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as pl from '../src/pulumi';
import { resetWarnings } from '../src/pulumi/warnings';
import { installMocks, outputOf, registered, settle } from './pulumi-mocks';
import { phaseObjects } from './helpers';

installMocks();

const DAEMONSET: L7LoggingOptions = {
  calicoVersion: '3.10',
  collector: 'daemonset',
  logLevel: 'Info',
  felix: { l7LogsFlushInterval: '1m0s', tproxyPort: 17001 },
  services: [{ name: 'cartservice' }, { namespace: 'shop', name: 'checkout' }],
  priorityClassName: 'system-node-critical',
};
const OPERATOR: L7LoggingOptions = {
  calicoVersion: '3.23',
  sidecarInjection: true,
  felix: { l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
  services: [{ name: 'cartservice' }],
  storage: { nodes: 3, retentionDays: 2, currentPerNodeStorage: '10Gi', resizeLogStorage: true },
};

/** A provider of its own per test: components of one provider are one cluster, checked for conflicts. */
const cluster = (name: string) => ({ provider: new k8s.Provider(`cluster-${name}`, {}) });

async function pulumiObjects(name: string, props: L7LoggingOptions) {
  const before = registered.length;
  const component = new pl.L7Logging(name, props, cluster(name));
  const urns = await settle([component, ...component.resources]);
  // Registration order follows dependencies, not creation; list resources in the component's order.
  const mine = registered.slice(before);
  const resources = urns.slice(1).map((urn) => mine.find((r) => urn.endsWith(`::${r.name}`)) as (typeof mine)[number]);
  return { component, urns, resources };
}

/** The objects of both phases (collector, then traffic; each chart after its Felix chart), in apply order. */
function cdk8sObjects(props: L7LoggingOptions) {
  const app = Testing.app();
  new cdk8s.L7Logging(new Chart(app, 'cluster'), 'l7', props);
  return [...phaseObjects(app).values()].flat();
}

describe('Pulumi L7Logging', () => {
  test('daemonset mode: every resource type, name and inputs', async () => {
    const { resources, urns } = await pulumiObjects('legacy', DAEMONSET);
    assert.deepEqual(
      resources.map((r) => [r.type, r.name]),
      [
        ['kubernetes:projectcalico.org/v3:FelixConfigurationPatch', 'legacy/FelixConfiguration/default'],
        ['kubernetes:core/v1:ConfigMap', 'legacy/ConfigMap/calico-system/envoy-config'],
        ['kubernetes:core/v1:ServiceAccount', 'legacy/ServiceAccount/calico-system/l7-log-collector'],
        ['kubernetes:apps/v1:DaemonSet', 'legacy/DaemonSet/calico-system/l7-log-collector'],
        ['kubernetes:projectcalico.org/v3:FelixConfigurationPatch', 'legacy/FelixConfiguration/default/traffic'],
        ['kubernetes:core/v1:ServicePatch', 'legacy/Service/default/cartservice'],
        ['kubernetes:core/v1:ServicePatch', 'legacy/Service/shop/checkout'],
      ],
    );
    // Felix gets the policy-sync prefix before the collector, the transparent proxy once it runs.
    assert.deepEqual(resources[0]?.inputs.spec, { policySyncPathPrefix: '/var/run/nodeagent', l7LogsFlushInterval: '1m0s' });
    assert.deepEqual(resources[4]?.inputs.spec, {
      policySyncPathPrefix: '/var/run/nodeagent',
      tproxyMode: 'Enabled',
      tproxyPort: 17001,
      l7LogsFlushInterval: '1m0s',
    });
    assert.deepEqual(resources[5]?.inputs.metadata, { name: 'cartservice', namespace: 'default', annotations: { 'projectcalico.org/l7-logging': 'true' } });
    // Dependencies hold registration back: Felix and the ConfigMap before the DaemonSet; the traffic
    // phase after it (Pulumi waits for a DaemonSet to roll out before its dependents).
    const order = (name: string) => registered.findIndex((r) => r.name === name);
    const ds = order('legacy/DaemonSet/calico-system/l7-log-collector');
    assert.ok(order('legacy/FelixConfiguration/default') < ds && order('legacy/ConfigMap/calico-system/envoy-config') < ds);
    for (const after of ['legacy/FelixConfiguration/default/traffic', 'legacy/Service/default/cartservice', 'legacy/Service/shop/checkout']) {
      assert.ok(order(after) > ds, after);
    }
    // Every child is parented by the component.
    assert.ok(urns.slice(1).every((u) => u.includes('calico-l7-logging:index:L7Logging$kubernetes:')));
  });

  test('operator mode: the ApplicationLayer and the LogStorage are patches too', async () => {
    const { resources, component } = await pulumiObjects('prod', OPERATOR);
    assert.deepEqual(
      resources.map((r) => r.type),
      [
        'kubernetes:projectcalico.org/v3:FelixConfigurationPatch',
        'kubernetes:operator.tigera.io/v1:ApplicationLayerPatch',
        'kubernetes:operator.tigera.io/v1:LogStoragePatch',
        'kubernetes:core/v1:ServicePatch',
      ],
    );
    assert.deepEqual(resources[1]?.inputs.spec, {
      logCollection: { collectLogs: 'Enabled', logIntervalSeconds: 5, logRequestsPerInterval: -1 },
      sidecarInjection: 'Enabled',
    });
    assert.deepEqual(await outputOf(component.selectedServices), ['default/cartservice']);
    // 10Gi + 3 nodes x 1 GB x 2 days = 15.6 GiB, rounded up.
    assert.equal(component.storageGuidance?.recommendedPerNodeStorage, '16Gi');
  });

  test('selectedServices lists every selected Service as cdk8s does, names known at deployment included; the patches are `services`', async () => {
    const web = new k8s.core.v1.Service('web', { metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } });
    const component = new pl.L7Logging('selected', { calicoVersion: '3.22', services: [{ name: 'cartservice' }, web, { namespace: 'shop', name: pulumi.output('checkout') }] }, cluster('selected'));
    assert.deepEqual(await outputOf(component.selectedServices), ['default/cartservice', 'shop/web', 'shop/checkout']);
    assert.equal(component.services.length, 3);
    assert.equal(component.servicePatches, component.services);
    const off = new pl.L7Logging('selected-off', { calicoVersion: '3.22', services: [{ name: 'cartservice' }], enabled: false }, cluster('selected-off'));
    assert.deepEqual(await outputOf(off.selectedServices), []);
  });

  test('the component registers what it did, not a list of every Service: the state stays small at thousands of Services', async () => {
    // registerOutputs is protected: watched on the prototype for this one construction.
    const prototype = pulumi.ComponentResource.prototype as unknown as { registerOutputs: (this: unknown, outputs?: unknown) => void };
    const registerOutputs = prototype.registerOutputs;
    const outputs: unknown[] = [];
    prototype.registerOutputs = function (o) {
      outputs.push(o);
      registerOutputs.call(this, o);
    };
    try {
      const services = Array.from({ length: 3 }, (_, i) => ({ name: `svc-${i}` }));
      await pulumiObjects('outputs', { ...OPERATOR, services });
    } finally {
      prototype.registerOutputs = registerOutputs;
    }
    // Pulumi's own call, with nothing, follows once the component's initialize has run.
    assert.deepEqual(outputs.filter((o) => o !== undefined), [{ collector: 'operator', coverage: planL7Logging(OPERATOR).coverage, selectedServiceCount: 3, storageGuidance: planL7Logging(OPERATOR).storage?.text }]);
  });

  test('turning off in daemonset mode: the traffic switch is patched off, and the collector is no longer registered (Pulumi deletes it last)', async () => {
    const { resources } = await pulumiObjects('off', { ...DAEMONSET, enabled: false });
    assert.deepEqual(
      resources.map((r) => [r.type, r.name]),
      [
        ['kubernetes:projectcalico.org/v3:FelixConfigurationPatch', 'off/FelixConfiguration/default'],
        ['kubernetes:core/v1:ServicePatch', 'off/Service/default/cartservice'],
        ['kubernetes:core/v1:ServicePatch', 'off/Service/shop/checkout'],
      ],
    );
    assert.equal(resources[0]?.inputs.spec.tproxyMode, 'Disabled');
    assert.equal(resources[1]?.inputs.metadata.annotations, undefined);
  });

  for (const [mode, props] of [
    ['daemonset', DAEMONSET],
    ['operator', OPERATOR],
  ] as const) {
    test(`parity with cdk8s, ${mode} mode: same kind, name, namespace, labels, annotations and spec`, async () => {
      const { resources } = await pulumiObjects(`parity-${mode}`, props);
      assert.deepEqual(
        resources.map((r) => r.inputs),
        cdk8sObjects(props),
      );
    });
  }

  test('bad props throw the same error before any resource is registered', () => {
    const before = registered.length;
    const props = { logIntervalSeconds: 0, services: [{ name: 'kubernetes' }] } as L7LoggingOptions;
    assert.throws(() => new pl.L7Logging('bad', props), (e: unknown) => {
      assert.ok(e instanceof L7ValidationError);
      assert.match(e.message, /^L7Logging bad: invalid props/);
      const core = (() => {
        try {
          planL7Logging(props);
        } catch (err) {
          return err as L7ValidationError;
        }
      })();
      assert.deepEqual(e.issues, core?.issues);
      return true;
    });
    assert.equal(registered.length, before);
  });
});

describe('the smaller Pulumi components', () => {
  test('AnnotatedService patches an existing Service; selected: false applies the patch without the annotation', async () => {
    const before = registered.length;
    const opts = cluster('services');
    const on = new pl.AnnotatedService('cart', { service: { namespace: 'shop', name: 'cart' } }, opts);
    const off = new pl.AnnotatedService('pay', { service: { name: 'payment' }, selected: false }, opts);
    await settle([on, off, on.servicePatch, off.servicePatch]);
    const patches = registered.slice(before).filter((r) => r.type === 'kubernetes:core/v1:ServicePatch');
    assert.deepEqual(
      patches.map((p) => p.inputs.metadata),
      [{ name: 'cart', namespace: 'shop', annotations: { 'projectcalico.org/l7-logging': 'true' } }, { name: 'payment', namespace: 'default' }],
    );
    assert.throws(() => new pl.AnnotatedService('k', { service: { name: 'kubernetes' } }), L7ValidationError);
  });

  test('FelixL7Config, L7Collector and LogStorageSizing register under their own type tokens', async () => {
    const before = registered.length;
    const opts = cluster('smaller');
    const collector = new pl.L7Collector('c', { collector: 'daemonset' }, opts);
    const felix = new pl.FelixL7Config('f', { ...collector.felixSettings, l7LogsFileMaxFiles: 3 }, opts);
    const storage = new pl.LogStorageSizing('s', { nodes: 2, retentionDays: 3 }, opts);
    await settle([collector, felix, storage, felix.felixConfiguration, ...collector.resources]);
    const types = registered.slice(before).map((r) => r.type);
    for (const t of ['L7Collector', 'FelixL7Config', 'LogStorageSizing']) assert.ok(types.includes(`calico-l7-logging:index:${t}`), t);
    assert.deepEqual(felix.settings, { policySyncPathPrefix: '/var/run/nodeagent', tproxyMode: 'Enabled', tproxyPort: 16001, l7LogsFileMaxFiles: 3 });
    // 3 days asked, 2 kept in Elasticsearch: 2 nodes x 1 GB x 2 days.
    assert.equal(storage.guidance.extraTotalGB, 4);
    assert.equal(storage.logStorage, undefined);
  });
});

describe('npm run plan', () => {
  test('prints the example program\'s resources with their parents, without a CLI or a cluster', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/pulumi/plan.ts'], { cwd: `${__dirname}/..`, encoding: 'utf8' });
    const rows = out.trim().split('\n');
    assert.match(rows[0] as string, /^TYPE\s+NAME\s+PARENT$/);
    assert.ok(rows.some((r) => /^kubernetes:apps\/v1:DaemonSet\s+legacy-us1\/DaemonSet\/calico-system\/l7-log-collector\s+calico-l7-logging:index:L7Logging::legacy-us1$/.test(r)));
    assert.ok(rows.some((r) => /^kubernetes:operator.tigera.io\/v1:ApplicationLayerPatch\s+prod-eu1\/ApplicationLayer\/tigera-secure\s+calico-l7-logging:index:L7Logging::prod-eu1$/.test(r)));
    assert.ok(rows.some((r) => /^kubernetes:apps\/v1:DeploymentPatch\s+shop-eu2\/Deployment\/default\/frontend\s+calico-l7-logging:index:L7Logging::shop-eu2$/.test(r)));
    assert.match(out, /\n52 resources\n$/);
  });
});

describe('Pulumi L7Logging, the modes of today', () => {
  const K8S = { kubernetesVersion: '1.30' } as const;
  const SIDECAR: L7LoggingOptions = {
    calicoVersion: '3.23',
    platform: K8S,
    services: [{ name: 'frontend' }],
    workloads: [{ kind: 'Deployment', namespace: 'shop', name: 'cart' }, { kind: 'CronJob', namespace: 'ops', name: 'nightly' }],
    sidecar: { waf: true },
  };
  const EBPF: L7LoggingOptions = { collector: 'ebpf', platform: { kernelVersion: '6.1' }, felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } };
  const WAYPOINT: L7LoggingOptions = { waypoints: [{ namespace: 'bookinfo' }, { namespace: 'shop', name: 'shop-waypoint' }] };
  // Pulumi-only: the Gateway carries the annotation that makes Pulumi wait until it is Programmed.
  const withoutAwait = (inputs: Record<string, any>) => {
    const copy = structuredClone(inputs);
    if (copy.metadata?.annotations?.['pulumi.com/waitFor']) {
      delete copy.metadata.annotations['pulumi.com/waitFor'];
      if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
    }
    return copy;
  };

  for (const [mode, props] of [
    ['sidecar', SIDECAR],
    ['ebpf', EBPF],
    ['waypoint', WAYPOINT],
  ] as const) {
    test(`parity with cdk8s, ${mode} mode`, async () => {
      const { resources } = await pulumiObjects(`parity-${mode}`, props);
      assert.deepEqual(
        resources.map((r) => withoutAwait(r.inputs)),
        cdk8sObjects(props),
      );
    });
  }

  test('sidecar mode: existing workloads through their *Patch resources, after the ApplicationLayer', async () => {
    const { resources, component } = await pulumiObjects('side', SIDECAR);
    assert.deepEqual(
      resources.map((r) => [r.type, r.name]),
      [
        ['kubernetes:projectcalico.org/v3:FelixConfigurationPatch', 'side/FelixConfiguration/default'],
        ['kubernetes:operator.tigera.io/v1:ApplicationLayerPatch', 'side/ApplicationLayer/tigera-secure'],
        ['kubernetes:core/v1:ServicePatch', 'side/Service/default/frontend'],
        ['kubernetes:apps/v1:DeploymentPatch', 'side/Deployment/shop/cart'],
        ['kubernetes:batch/v1:CronJobPatch', 'side/CronJob/ops/nightly'],
      ],
    );
    assert.equal(component.workloads.length, 2);
    assert.equal(component.coverage.selectsBy, 'workload');
    const order = (name: string) => registered.findIndex((r) => r.name === name);
    assert.ok(order('side/Deployment/shop/cart') > order('side/ApplicationLayer/tigera-secure'));
  });

  test('sidecar mode: a workload resource of the program is patched after it, and checked when its values arrive', async () => {
    const provider = cluster('program-workloads');
    const web = new k8s.apps.v1.Deployment(
      'web',
      {
        metadata: { name: 'web', namespace: 'shop' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
      },
      provider,
    );
    const before = registered.length;
    const component = new pl.L7Logging('program', { calicoVersion: '3.23', platform: K8S, workloads: [web] }, provider);
    await settle([component, ...component.resources]);
    const patch = registered.slice(before).find((r) => r.type === 'kubernetes:apps/v1:DeploymentPatch');
    assert.deepEqual(patch?.inputs, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { template: { metadata: { labels: { 'applicationlayer.projectcalico.org/sidecar': 'true' }, annotations: { 'applicationlayer.projectcalico.org/logging': 'Enabled' } } } },
    });
    const job = new k8s.batch.v1.Job('job', { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'busybox' }] } } } }, provider);
    assert.throws(() => new pl.L7Logging('job', { calicoVersion: '3.23', platform: K8S, workloads: [job as never] }, cluster('job')), /immutable/);
  });

  test("waypoint mode: Pulumi waits for each Gateway to be Programmed before the namespaces' labels", async () => {
    const { resources, component } = await pulumiObjects('wp', WAYPOINT);
    assert.deepEqual(
      resources.map((r) => [r.type, r.name]),
      [
        ['kubernetes:operator.tigera.io/v1:IstioPatch', 'wp/Istio/default'],
        ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'wp/Gateway/bookinfo/waypoint'],
        ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'wp/Gateway/shop/shop-waypoint'],
        ['kubernetes:core/v1:NamespacePatch', 'wp/Namespace/bookinfo'],
        ['kubernetes:core/v1:NamespacePatch', 'wp/Namespace/shop'],
      ],
    );
    assert.equal(resources[1]?.inputs.metadata.annotations['pulumi.com/waitFor'], 'condition=Programmed');
    assert.equal(component.gateways.length, 2);
    const order = (name: string) => registered.findIndex((r) => r.name === name);
    assert.ok(order('wp/Namespace/bookinfo') > order('wp/Gateway/shop/shop-waypoint'));
  });

  test('the steps Pulumi cannot take are logged, not the waits and deletions it does itself, with one warning per program', async () => {
    resetWarnings();
    const info = mock.method(pulumi.log, 'info', async () => undefined);
    const warn = mock.method(pulumi.log, 'warn', async () => undefined);
    try {
      await pulumiObjects('wp-steps', { ...WAYPOINT, waypoints: [{ namespace: 'reviews' }] });
      await pulumiObjects('wp-off-steps', { waypoints: [{ namespace: 'ratings' }], enabled: false });
      await pulumiObjects('ds-off-steps', { calicoVersion: '3.10', collector: 'daemonset', services: [{ name: 'web' }], enabled: false });
      await pulumiObjects('upgrade-steps', { calicoVersion: '3.23', upgradeFrom: {}, services: [{ name: 'web' }] });
      await pulumiObjects('op-off-steps', { calicoVersion: '3.22', services: [{ name: 'web' }], enabled: false });
    } finally {
      info.mock.restore();
      warn.mock.restore();
      resetWarnings();
    }
    const logged = info.mock.calls.map((c) => String(c.arguments[0])).join('\n');
    // One waypoint wait per namespace would be a message per namespace on every `pulumi up`; the
    // collector's and the Gateways' resources leave the program turning off, and Pulumi deletes them.
    assert.doesNotMatch(logged, /wait --for=condition=Programmed|rollout status|(wp|ds)-off-steps/);
    assert.match(logged, /L7Logging upgrade-steps: Remove the 3\.9–3\.10 collector.*: kubectl -n calico-system delete daemonset\/l7-log-collector/);
    assert.match(logged, /L7Logging op-off-steps: Delete the ApplicationLayer .*: kubectl delete applicationlayer tigera-secure/);
    const manual = warn.mock.calls.map((c) => String(c.arguments[0])).filter((w) => w.includes('[manual-rollout-step;'));
    assert.equal(manual.length, 1, manual.join('\n'));
    assert.match(manual[0] ?? '', /^L7Logging upgrade-steps: 2 rollout step\(s\) run outside Pulumi/);
  });
});

test("Pulumi aliases keep the collector's objects of a 0.1 stack in place; Service patches need none", async () => {
  const aliased = new Map<string, unknown>();
  const component = new pl.L7Logging('legacy-names', DAEMONSET, {
    ...cluster('legacy-names'),
    transformations: [
      (args) => {
        aliased.set(args.name, args.opts.aliases);
        return undefined;
      },
    ],
  });
  await settle([component, ...component.resources]);
  // The DaemonSet also carries the type aliases @pulumi/kubernetes adds to every DaemonSet.
  assert.deepEqual((aliased.get('legacy-names/DaemonSet/calico-system/l7-log-collector') as unknown[])[0], { name: 'legacy-names-daemonset-calico-system-l7-log-collector' });
  assert.deepEqual(aliased.get('legacy-names/FelixConfiguration/default'), [{ name: 'legacy-names-felixconfiguration-default' }]);
  assert.deepEqual(aliased.get('legacy-names/Service/default/cartservice'), []);
});
