import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AnnotatedService, L7Logging } from '../src/cdk8s';
import { type CalicoVersion, L7_LOGGING_ANNOTATION, planL7Logging } from '../src/core';
import { expectIssue, synthFelix } from './helpers';

type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: Record<string, unknown> };
const synth = (chart: ReturnType<typeof Testing.chart>) => Testing.synth(chart) as Obj[];

describe('Services of the same app', () => {
  test('a cdk8s-plus Service keeps its annotations, labels, ports and selector', () => {
    const chart = Testing.chart();
    const svc = new kplus.Service(chart, 'cart', {
      metadata: { name: 'cartservice', namespace: 'shop', annotations: { team: 'payments', 'prometheus.io/scrape': 'true' }, labels: { app: 'cart' } },
      ports: [{ port: 7070, targetPort: 7070 }],
      selector: kplus.Pods.select(chart, 'sel', { labels: { app: 'cartservice' } }),
    });
    new L7Logging(chart, 'l7', { services: [svc] });
    const service = synth(chart).find((o) => o.kind === 'Service') as Obj;
    assert.deepEqual(service.metadata.annotations, { [L7_LOGGING_ANNOTATION]: 'true', 'prometheus.io/scrape': 'true', team: 'payments' });
    assert.deepEqual(service.metadata.labels, { app: 'cart' });
    assert.deepEqual(service.spec?.ports, [{ port: 7070, targetPort: 7070 }]);
    assert.deepEqual(service.spec?.selector, { app: 'cartservice' });
    assert.equal(synth(chart).filter((o) => o.kind === 'Service').length, 1, 'no second Service object is emitted');
  });

  test('a plain ApiObject Service keeps its other annotations', () => {
    const chart = Testing.chart();
    const svc = new ApiObject(chart, 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'frontend', annotations: { owner: 'web' } },
      spec: { ports: [{ port: 80 }], selector: { app: 'frontend' } },
    });
    new AnnotatedService(chart, 'sel', { service: svc });
    const [service] = synth(chart);
    assert.deepEqual(service?.metadata.annotations, { owner: 'web', [L7_LOGGING_ANNOTATION]: 'true' });
    assert.deepEqual(service?.spec, { ports: [{ port: 80 }], selector: { app: 'frontend' } });
  });

  test('ExternalName and headless Services are rejected on every release; NodePort and LoadBalancer before 3.10', () => {
    const cases: [string, Record<string, unknown>, string, RegExp, string][] = [
      ['NodePort', { type: 'NodePort', ports: [{ port: 80 }] }, 'services[0].type', /only ClusterIP Services are proxied before 3\.10/, '3.9'],
      ['LoadBalancer', { type: 'LoadBalancer', ports: [{ port: 80 }] }, 'services[0].type', /only ClusterIP Services are proxied before 3\.10/, '3.9'],
      ['ExternalName', { type: 'ExternalName', externalName: 'example.com' }, 'services[0].type', /no cluster IP/, '3.23'],
      ['headless', { clusterIP: 'None', ports: [{ port: 80 }] }, 'services[0].clusterIP', /headless/, '3.23'],
    ];
    for (const [name, spec, field, allowed, calicoVersion] of cases) {
      const chart = Testing.chart();
      const svc = new ApiObject(chart, name, { apiVersion: 'v1', kind: 'Service', metadata: { name: name.toLowerCase() }, spec });
      expectIssue(() => new L7Logging(chart, 'l7', { calicoVersion: calicoVersion as CalicoVersion, services: [svc] }), field, allowed);
    }
    const chart = Testing.chart();
    const headless = new kplus.Service(chart, 'h', { clusterIP: 'None', ports: [{ port: 80 }] });
    expectIssue(() => new AnnotatedService(chart, 'sel', { service: headless }), 'service.clusterIP', /headless/);
    const nodePort = new kplus.Service(chart, 'np', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80 }] });
    expectIssue(() => new AnnotatedService(chart, 'sel2', { service: nodePort, calicoVersion: '3.9' }), 'service.type', /before 3\.10/);
  });

  test('from 3.10 NodePort Services are selected (the nodeports listener takes them), LoadBalancer ones with a warning', (t) => {
    t.mock.method(fs, 'writeSync', ((_fd: number, data: Uint8Array) => data.length) as never);
    const chart = Testing.chart();
    const nodePort = new kplus.Service(chart, 'np', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80 }] });
    const lb = new ApiObject(chart, 'lb', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    const l7 = new L7Logging(chart, 'l7', { calicoVersion: '3.10', services: [nodePort, lb] });
    assert.deepEqual(l7.selectedServices, ['default/' + nodePort.name, 'default/lb']);
    assert.equal(l7.selectedServices, l7.selectedServices, 'listed once');
    assert.match(l7.warnings.join('\n'), /default\/lb is a LoadBalancer Service: Felix proxies its ClusterIP and NodePort traffic/);
    // CE 3.9's Envoy config has no nodeports listener; 3.10's has one on tproxyPort + 1.
    const listeners = (v: string) =>
      (planL7Logging({ calicoVersion: v as CalicoVersion, collector: 'daemonset' }).objects.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> }).data[
        'envoy-config.yaml'
      ]?.match(/- name: (services|nodeports)\n/g);
    assert.deepEqual(listeners('3.9'), ['- name: services\n']);
    assert.deepEqual(listeners('3.10'), ['- name: services\n', '- name: nodeports\n']);
  });

  test('selected: false removes the annotation from a Service of the app and keeps the others', () => {
    const chart = Testing.chart();
    const svc = new ApiObject(chart, 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'frontend', annotations: { owner: 'web', [L7_LOGGING_ANNOTATION]: 'true' } },
      spec: { ports: [{ port: 80 }] },
    });
    new AnnotatedService(chart, 'sel', { service: svc, selected: false });
    assert.deepEqual(synth(chart)[0]?.metadata.annotations, { owner: 'web' });
    const plain = new ApiObject(chart, 'plain', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain' }, spec: { ports: [{ port: 80 }] } });
    new AnnotatedService(chart, 'sel2', { service: plain, selected: false });
    assert.equal(synth(chart)[1]?.metadata.annotations, undefined);
  });

  test("the app's own chart is applied after the collector runs; a Service in the collector's chart is a warning", (t) => {
    const app = Testing.app();
    const appChart = new Chart(app, 'shop-app');
    const own = new kplus.Service(appChart, 'cart', { metadata: { name: 'cart', namespace: 'shop' }, ports: [{ port: 80 }] });
    const collectorChart = new Chart(app, 'prod');
    const l7 = new L7Logging(collectorChart, 'l7', { calicoVersion: '3.23', services: [own] });
    const steps = l7.rolloutSteps('dist');
    assert.deepEqual(
      steps.map((s) => s.split('\n').slice(1)),
      [
        ['kubectl apply --field-manager=calico-l7-logging -f dist/prod-felix.k8s.yaml', 'kubectl apply --server-side --field-manager=calico-l7-logging -f dist/prod.k8s.yaml'],
        ['kubectl -n calico-system rollout status daemonset/l7-log-collector --timeout=10m'],
        ['kubectl apply -f dist/shop-app.k8s.yaml'],
      ],
    );
    const emit = t.mock.method(process, 'emitWarning', () => undefined);
    app.synth();
    assert.equal(emit.mock.callCount(), 0);

    // The same Service in the collector's chart is applied before the collector runs.
    const app2 = Testing.app();
    const chart = new Chart(app2, 'prod');
    const inCollector = new kplus.Service(chart, 'cart', { metadata: { name: 'cart', namespace: 'shop' }, ports: [{ port: 80 }] });
    new L7Logging(chart, 'l7', { calicoVersion: '3.23', services: [inCollector] });
    app2.synth();
    const [message, options] = (emit.mock.calls[0]?.arguments ?? []) as unknown as [string, { code: string }];
    assert.equal(options.code, 'selected-with-collector');
    assert.match(message, /Service shop\/cart is selected in chart prod, which is applied with the collector/);
  });

  test('a construct that is not a Service is rejected', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expectIssue(() => new AnnotatedService(chart, 'sel', { service: cm }), 'service', /v1 Service/);
  });
});

/** The traffic chart the constructs of `chart` write their selections to. */
const trafficOf = (chart: Chart) => chart.node.scope?.node.findChild(`${chart.node.id}-traffic`) as Chart;

describe('existing Services', () => {
  test('emit a Service that carries only the annotation, for server-side apply, in the traffic chart applied once the collector runs', () => {
    const chart = Testing.chart();
    new AnnotatedService(chart, 'sel', { service: { namespace: 'shop', name: 'cartservice' } });
    assert.deepEqual(synth(chart), []);
    assert.deepEqual(synth(trafficOf(chart)), [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cartservice', namespace: 'shop', annotations: { [L7_LOGGING_ANNOTATION]: 'true' } } },
    ]);
  });

  test('selected: false emits the Service without the annotation', () => {
    const chart = Testing.chart();
    new AnnotatedService(chart, 'sel', { service: { name: 'cartservice' }, selected: false });
    assert.deepEqual(synth(trafficOf(chart)), [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cartservice', namespace: 'default' } }]);
  });

  test('enabled: false deselects every Service first and writes no ApplicationLayer; the runbook then deletes it', () => {
    const chart = Testing.chart();
    const own = new kplus.Service(chart, 'own', { metadata: { name: 'own' }, ports: [{ port: 80 }] });
    const l7 = new L7Logging(chart, 'l7', { enabled: false, services: [{ name: 'cartservice' }, own] });
    const objs = synth(chart);
    assert.ok(objs.every((o) => !o.metadata.annotations?.[L7_LOGGING_ANNOTATION]));
    // collectLogs: Disabled is not "off" to the operator (an ApplicationLayer with nothing enabled is Degraded and keeps the old render).
    assert.equal(objs.find((o) => o.kind === 'ApplicationLayer'), undefined);
    assert.equal(l7.trafficChart, undefined, 'nothing to wait for: one chart');
    assert.deepEqual(
      l7.plan.rollout.map((s) => s.phase ?? s.command),
      ['traffic', 'app', 'kubectl delete applicationlayer tigera-secure'],
    );
    // The Service of the app sits in the one chart, applied by the first step: no step of its own.
    assert.equal(l7.rolloutSteps().length, 2);
  });

  test('enabled: false in daemonset mode disables TPROXY and deselects before the collector is removed', () => {
    const chart = Testing.chart();
    const l7 = new L7Logging(chart, 'l7', { collector: 'daemonset', enabled: false, services: [{ name: 'cartservice' }] });
    const objs = [...synthFelix(chart), ...synth(chart)];
    assert.deepEqual(objs.map((o) => o.kind), ['FelixConfiguration', 'Service']);
    assert.equal(objs[0]?.spec?.tproxyMode, 'Disabled');
    assert.deepEqual(
      l7.plan.rollout.map((s) => s.phase ?? s.command),
      ['traffic', 'kubectl -n calico-system delete daemonset/l7-log-collector configmap/envoy-config serviceaccount/l7-log-collector --ignore-not-found'],
    );
  });

  test('default/kubernetes is rejected by name', () => {
    expectIssue(() => new AnnotatedService(Testing.chart(), 'k', { service: { name: 'kubernetes' } }), 'service', /host network/);
  });
});
