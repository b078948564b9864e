import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, test } from 'node:test';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { FelixL7Config, L7Collector } from '../src/cdk8s';
import { ENVOY_CONFIG_HASH_ANNOTATION, renderL7Collector, planL7Logging } from '../src/core';
import { synthFelix } from './helpers';

type Any = Record<string, any>;
const byKind = (objs: readonly Any[], kind: string) => objs.find((o) => o.kind === kind) as Any;

function daemonset(props: object = {}) {
  const plan = planL7Logging({ collector: 'daemonset', ...props });
  const ds = byKind(plan.objects, 'DaemonSet');
  const envoy = parse(byKind(plan.objects, 'ConfigMap').data['envoy-config.yaml']);
  const containers = Object.fromEntries(ds.spec.template.spec.containers.map((c: Any) => [c.name, c]));
  const env = Object.fromEntries(containers['l7-collector'].env.map((e: Any) => [e.name, e.value]));
  // The traffic phase holds the whole FelixConfiguration, TPROXY fields included.
  return { plan, ds, envoy, containers, env, felix: byKind(plan.trafficPhase, 'FelixConfiguration').spec as Any };
}

function accessLogPaths(envoy: Any): string[] {
  const paths: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Any;
      if (o['@type']?.endsWith('FileAccessLog')) paths.push(o.path);
      Object.values(o).forEach(walk);
    }
  };
  walk(envoy);
  return paths;
}

describe('daemonset mode: settings that must agree come from one source', () => {
  test('defaults match the documented values', () => {
    const { env, felix, ds } = daemonset();
    assert.deepEqual(env, {
      ENVOY_LOG_INTERVAL_SECONDS: '5',
      ENVOY_LOG_REQUESTS_PER_INTERVAL: '-1',
      ENVOY_LOG_PATH: '/tmp/envoy.log',
      FELIX_DIAL_TARGET: '/var/run/felix/nodeagent/socket',
      LOG_LEVEL: 'Panic',
    });
    assert.deepEqual(felix, { policySyncPathPrefix: '/var/run/nodeagent', tproxyMode: 'Enabled', tproxyPort: 16001 });
    assert.deepEqual(ds.metadata, {
      name: 'l7-log-collector',
      namespace: 'calico-system',
      labels: { app: 'l7-log-collector', 'app.kubernetes.io/name': 'l7-log-collector', 'app.kubernetes.io/part-of': 'calico-l7-logging' },
    });
    assert.deepEqual(ds.spec.template.spec.imagePullSecrets, [{ name: 'tigera-pull-secret' }]);
  });

  test('every access-log path equals ENVOY_LOG_PATH and the log mount covers it', () => {
    for (const path of ['/tmp/envoy.log', '/var/log/envoy/access.json']) {
      const { envoy, env, containers } = daemonset({ envoyLogPath: path });
      const paths = accessLogPaths(envoy);
      assert.equal(paths.length, 8, 'four filter chains on each of two listeners');
      assert.ok(paths.every((p) => p === env.ENVOY_LOG_PATH));
      assert.equal(env.ENVOY_LOG_PATH, path);
      for (const name of ['envoy-proxy', 'l7-collector']) {
        const mount = containers[name].volumeMounts.find((m: Any) => m.name === 'envoy-logs');
        assert.equal(mount.mountPath, posix.dirname(path), `${name} mounts the log directory`);
      }
    }
  });

  test('the Envoy listener port equals Felix tproxyPort, NodePorts on the next port', () => {
    const { envoy, felix } = daemonset({ felix: { tproxyPort: 17001 } });
    const [services, nodeports] = envoy.static_resources.listeners;
    assert.equal(felix.tproxyPort, 17001);
    assert.equal(services.address.socket_address.port_value, 17001);
    assert.equal(nodeports.address.socket_address.port_value, 17002);
  });

  test("the original_src mark is Felix's upstream mark 0x17 (no setting before 3.11), NodePorts add the masquerade bit", () => {
    const { envoy } = daemonset({ kubeMasqueradeBit: 14 });
    const mark = (l: Any) => l.listener_filters.find((f: Any) => f.name === 'envoy.filters.listener.original_src').typed_config.mark;
    const [services, nodeports] = envoy.static_resources.listeners;
    assert.equal(mark(services), 0x17);
    assert.equal(mark(nodeports), 0x4017);
    const collector = renderL7Collector({ collector: 'daemonset', kubeMasqueradeBit: 0 });
    const cm = parse(byKind(collector.objects, 'ConfigMap').data['envoy-config.yaml']);
    assert.equal(mark(cm.static_resources.listeners[1]), 0x17, 'bit 0 is already part of 0x17');
  });

  test('the pod rolls when the Envoy config changes', () => {
    const a = daemonset().ds.spec.template.metadata.annotations[ENVOY_CONFIG_HASH_ANNOTATION];
    const b = daemonset({ felix: { tproxyPort: 17001 } }).ds.spec.template.metadata.annotations[ENVOY_CONFIG_HASH_ANNOTATION];
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.notEqual(a, b);
  });

  test('images come from registry, name and tag or digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { containers } = daemonset({ calicoVersion: '3.9', images: { registry: 'registry.example.com:5000/mirror', envoy: { digest } } });
    assert.equal(containers['envoy-proxy'].image, `registry.example.com:5000/mirror/tigera/envoy@${digest}`);
    assert.equal(containers['l7-collector'].image, 'registry.example.com:5000/mirror/tigera/l7-collector:v3.9.0');
  });

  test('the standalone L7Collector reports the Felix settings it needs', () => {
    const chart = Testing.chart();
    const collector = new L7Collector(chart, 'c', { collector: 'daemonset', tproxyPort: 18001 });
    new FelixL7Config(chart, 'f', { ...collector.felixSettings, l7LogsFlushInterval: '1m' });
    assert.deepEqual(Testing.synth(chart).map((o) => o.kind), ['ConfigMap', 'ServiceAccount', 'DaemonSet']);
    const [felix] = synthFelix(chart);
    assert.deepEqual(felix?.spec, { policySyncPathPrefix: '/var/run/nodeagent', tproxyMode: 'Enabled', tproxyPort: 18001, l7LogsFlushInterval: '1m' });
  });
});

describe('operator mode', () => {
  test('an ApplicationLayer tigera-secure with logCollection, and Felix gets only policySyncPathPrefix', () => {
    const plan = planL7Logging({ calicoVersion: '3.22', logIntervalSeconds: 10, logRequestsPerInterval: 2000, sidecarInjection: true });
    assert.deepEqual(plan.objects, [
      { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { policySyncPathPrefix: '/var/run/nodeagent' } },
      {
        apiVersion: 'operator.tigera.io/v1',
        kind: 'ApplicationLayer',
        metadata: { name: 'tigera-secure' },
        spec: { logCollection: { collectLogs: 'Enabled', logIntervalSeconds: 10, logRequestsPerInterval: 2000 }, sidecarInjection: 'Enabled' },
      },
    ]);
  });
});

describe('FelixL7Config', () => {
  test('writes only the fields that are set, and node.<name> for a node', () => {
    const chart = Testing.chart();
    new FelixL7Config(chart, 'f', { node: 'worker-1', l7LogsFileMaxFiles: 10, l7LogsFileAggregationSourceInfo: 'ExcludeL7SourceInfo' });
    // In the Felix chart beside, applied client-side: Calico's API server is not known to take server-side apply.
    assert.deepEqual(Testing.synth(chart), []);
    assert.deepEqual(synthFelix(chart), [
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'FelixConfiguration',
        metadata: { name: 'node.worker-1' },
        spec: { l7LogsFileAggregationSourceInfo: 'ExcludeL7SourceInfo', l7LogsFileMaxFiles: 10, policySyncPathPrefix: '/var/run/nodeagent' },
      },
    ]);
  });
});
