// What each era expects on a live cluster, in the order it expects it (calico-l7-eras.md §3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Chart, Testing } from 'cdk8s';
import { FelixL7Config, L7Logging, rolloutRunbook } from '../src/cdk8s';
import { buildApp } from '../examples/clusters';
import { planL7Logging } from '../src/core';
import { expectIssue, phaseObjects, scratchDir, synthFelix } from './helpers';

const SERVICES = [{ name: 'cartservice' }];

describe('daemonset era (3.9–3.10): collector, wait, then the traffic switch', () => {
  // §3.1: patch policySyncPathPrefix; apply the DaemonSet and wait for it; then tproxyMode; then annotate.
  test('the collector chart holds no traffic switch; the traffic chart is written after it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'legacy');
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.10', services: SERVICES });
    const [collector, traffic] = [...phaseObjects(app).values()];
    assert.deepEqual(collector?.map((o) => o.kind), ['FelixConfiguration', 'ConfigMap', 'ServiceAccount', 'DaemonSet']);
    assert.equal(collector?.[0]?.spec.tproxyMode, undefined);
    assert.deepEqual(traffic?.map((o) => o.kind), ['FelixConfiguration', 'Service']);
    assert.equal(traffic?.[0]?.spec.tproxyMode, 'Enabled');
    assert.equal(l7.trafficChart?.node.id, 'legacy-traffic');
    // cdk8s lists (and numbers) the traffic chart after the collector chart; each FelixConfiguration is in a chart of its own.
    assert.deepEqual(app.charts.map((c) => c.node.id), ['legacy', 'legacy-felix', 'legacy-traffic', 'legacy-traffic-felix']);
  });

  test('rolloutSteps applies the collector files, waits for the DaemonSet, then applies the traffic files, with one field manager', () => {
    const app = new App({ outdir: scratchDir('calico-l7-rollout-') });
    const l7 = new L7Logging(new Chart(app, 'legacy'), 'l7', { calicoVersion: '3.10', services: SERVICES });
    app.synth();
    const steps = l7.rolloutSteps(app.outdir, 'legacy-us1').map((s) => s.split('\n').slice(1));
    // The FelixConfiguration first, client-side (a merge patch): Calico's API server is not known to take server-side apply.
    assert.deepEqual(steps, [
      [
        `kubectl --context legacy-us1 apply --field-manager=calico-l7-logging -f ${app.outdir}/legacy-felix.k8s.yaml`,
        `kubectl --context legacy-us1 apply --server-side --field-manager=calico-l7-logging -f ${app.outdir}/legacy.k8s.yaml`,
      ],
      ['kubectl --context legacy-us1 -n calico-system rollout status daemonset/l7-log-collector --timeout=10m'],
      [
        `kubectl --context legacy-us1 apply --field-manager=calico-l7-logging -f ${app.outdir}/legacy-traffic-felix.k8s.yaml`,
        `kubectl --context legacy-us1 apply --server-side --field-manager=calico-l7-logging -f ${app.outdir}/legacy-traffic.k8s.yaml`,
      ],
    ]);
  });

  test('a chart left with no object is not applied: kubectl refuses an empty file', () => {
    const app = new App({ outdir: scratchDir('calico-l7-rollout-') });
    const l7 = new L7Logging(new Chart(app, 'edge'), 'l7', { calicoVersion: '3.24', collector: 'ebpf', platform: { kernelVersion: '6.1' } });
    app.synth();
    assert.deepEqual(l7.rolloutSteps(app.outdir).map((s) => s.split('\n').slice(1)), [[`kubectl apply --field-manager=calico-l7-logging -f ${app.outdir}/edge-felix.k8s.yaml`]]);
  });

  test('the traffic chart can be given, but not the collector chart itself', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'a');
    const traffic = new Chart(app, 'a-later');
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.10', services: SERVICES, trafficChart: traffic });
    assert.equal(l7.trafficChart, traffic);
    assert.deepEqual(Testing.synth(traffic).map((o) => o.kind), ['Service']);
    assert.deepEqual(synthFelix(traffic).map((o) => o.kind), ['FelixConfiguration']);
    expectIssue(() => new L7Logging(chart, 'l7b', { calicoVersion: '3.10', trafficChart: chart }), 'trafficChart', /another chart/);
  });

  test('turning off runs in reverse: the traffic switch first, the collector removed after', () => {
    const plan = planL7Logging({ calicoVersion: '3.10', enabled: false, services: SERVICES });
    assert.deepEqual(plan.collectorPhase, []);
    assert.deepEqual(plan.trafficPhase.map((o) => [o.kind, (o.spec as { tproxyMode?: string } | undefined)?.tproxyMode]), [
      ['FelixConfiguration', 'Disabled'],
      ['Service', undefined],
    ]);
    assert.equal(plan.rollout[0]?.phase, 'traffic');
    assert.match(plan.rollout[1]?.command ?? '', /delete daemonset\/l7-log-collector/);
  });
});

describe('operator era (3.11+)', () => {
  test('the Services are annotated only after the operator has rolled out its collector', () => {
    const plan = planL7Logging({ calicoVersion: '3.23', services: SERVICES });
    assert.deepEqual(plan.collectorPhase.map((o) => o.kind), ['FelixConfiguration', 'ApplicationLayer']);
    assert.deepEqual(plan.trafficPhase.map((o) => o.kind), ['Service']);
    assert.deepEqual(plan.rollout.map((s) => s.phase ?? s.command), ['collector', 'kubectl -n calico-system rollout status daemonset/l7-log-collector --timeout=10m', 'traffic']);
  });

  // §3.2: the operator updates calico-system/l7-log-collector in place with another selector, which fails.
  test('upgrading from the 3.10 DaemonSet: nothing that collides is emitted, and the old collector goes first, after the traffic switch', () => {
    const plan = planL7Logging({ calicoVersion: '3.23', services: SERVICES, upgradeFrom: {} });
    assert.deepEqual(plan.objects.map((o) => o.kind), ['FelixConfiguration', 'ApplicationLayer', 'Service']);
    // tproxyMode becomes the operator's field: the package stops writing it.
    assert.equal((plan.collectorPhase[0]?.spec as Record<string, unknown>).tproxyMode, undefined);
    assert.deepEqual(plan.rollout.slice(0, 3).map((s) => s.command ?? s.phase), [
      `kubectl patch felixconfiguration default --type=merge -p '{"spec":{"tproxyMode":"Disabled"}}'`,
      'kubectl -n calico-system delete daemonset/l7-log-collector configmap/envoy-config serviceaccount/l7-log-collector --ignore-not-found',
      'collector',
    ]);
    assert.match(planL7Logging({ calicoVersion: '3.23', upgradeFrom: { namespace: 'l7' } }).rollout[1]?.command ?? '', /^kubectl -n l7 delete /);
    expectIssue(() => planL7Logging({ calicoVersion: '3.10', upgradeFrom: {} }), 'upgradeFrom', /collector "operator"/);
  });
});

describe('settings that validate but silently stop L7 logs are errors unless the user takes the part over', () => {
  const cases: [string, object, string, RegExp][] = [
    ['another policy-sync prefix', { policySyncPathPrefix: '/run/felix' }, 'felix.policySyncPathPrefix', /reaches Felix's policy-sync socket there/],
    ['the L7 log file off', { l7LogsFileEnabled: false }, 'felix.l7LogsFileEnabled', /log forwarder reads Felix's L7 log file/],
    ['another log directory', { l7LogsFileDirectory: '/var/log/l7' }, 'felix.l7LogsFileDirectory', /reads l7\.log there/],
  ];
  for (const [name, felix, field, allowed] of cases) {
    test(name, () => {
      expectIssue(() => planL7Logging({ felix, services: SERVICES }), field, allowed);
      expectIssue(() => new FelixL7Config(Testing.chart(), 'f', felix), field.replace('felix.', ''), allowed);
    });
  }
  test('takeOver allows them; turning collection off needs none', () => {
    assert.doesNotThrow(() =>
      planL7Logging({
        felix: { policySyncPathPrefix: '/run/felix', l7LogsFileEnabled: false, l7LogsFileDirectory: '/var/log/l7' },
        takeOver: { policySync: true, logForwarding: true },
        services: SERVICES,
      }),
    );
    assert.doesNotThrow(() => planL7Logging({ enabled: false, felix: { l7LogsFileEnabled: false } }));
    assert.doesNotThrow(() => planL7Logging({ felix: { l7LogsFileDirectory: '/var/log/calico/l7logs/' }, services: SERVICES }));
    expectIssue(() => planL7Logging({ takeOver: { logForwarding: 'yes' as never } }), 'takeOver.logForwarding', /true or false/);
  });
});

describe('the example', () => {
  test('synthesizes the legacy cluster before and after its upgrade to 3.23', () => {
    const { legacy, legacyUpgrade } = buildApp(Testing.app());
    assert.equal(legacy.plan.collector.mode, 'daemonset');
    assert.equal(legacyUpgrade.plan.collector.mode, 'operator');
    assert.match(legacyUpgrade.plan.rollout[1]?.command ?? '', /delete daemonset\/l7-log-collector/);
  });
});

describe('the runbook of a fleet (rolloutRunbook)', () => {
  test('every construct of each cluster in order, every command with --context: the archive Secret, the phases, the verification, the storage resize', () => {
    const app = new App({ outdir: scratchDir('l7-runbook-') });
    const { prod, ebpf, verification } = buildApp(app);
    const lines = rolloutRunbook([{ logging: prod, verification }, { logging: ebpf, name: 'edge' }], app.outdir);
    const commands = lines.filter((l) => l !== '' && !l.startsWith('#'));
    assert.ok(commands.length >= 7);
    for (const c of commands) assert.match(c, /^kubectl --context (prod-eu1|edge) /, c);
    const prodSteps = lines.slice(0, lines.indexOf('')).filter((l) => l.startsWith('# ')).map((l) => l.replace(/^# \d+\. /, '').slice(0, 30));
    assert.deepEqual(prodSteps, [
      'Before the first apply: the S3',
      'Apply the Felix settings and t',
      'Wait until the collector runs ',
      'Annotate the selected Services',
      'Prove that the selected Servic',
      'In a maintenance window: raise',
    ]);
    assert.ok(lines.includes('## edge'));
    assert.match(lines.join('\n'), /kubectl --context prod-eu1 -n tigera-operator create secret generic log-collector-s3-credentials/);
    assert.match(lines.join('\n'), /kubectl --context prod-eu1 -n default wait --for=condition=complete job\/calico-l7-verification/);
  });
});
