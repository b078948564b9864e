import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Testing } from 'cdk8s';
import { FelixL7Config, L7Collector, L7Logging, LogStorageSizing } from '../src/cdk8s';
import { L7ValidationError, planL7Logging } from '../src/core';
import { expectIssue, expectIssues } from './helpers';

const logging = (props: object) => () => planL7Logging(props);

describe('L7Logging rejects bad props with the field, the value and what is allowed', () => {
  const cases: [string, object, string, RegExp][] = [
    ['non-integer interval', { logIntervalSeconds: 2.5 }, 'logIntervalSeconds', /integer from 1/],
    ['zero interval', { logIntervalSeconds: 0 }, 'logIntervalSeconds', /integer from 1/],
    ['negative interval', { logIntervalSeconds: -5 }, 'logIntervalSeconds', /integer from 1/],
    ['string interval', { logIntervalSeconds: '5' }, 'logIntervalSeconds', /integer/],
    ['fractional per-interval limit', { logRequestsPerInterval: 1.5 }, 'logRequestsPerInterval', /integer/],
    ['unknown collector', { collector: 'envoy' }, 'collector', /operator, daemonset, sidecar, ebpf, waypoint/],
    ['unknown log level', { collector: 'daemonset', logLevel: 'Verbose' }, 'logLevel', /Trace, Debug, Info, Warning, Error, Fatal, Panic/],
    ['relative log path', { collector: 'daemonset', envoyLogPath: 'tmp/envoy.log' }, 'envoyLogPath', /absolute file path/],
    ['log path in /', { collector: 'daemonset', envoyLogPath: '/envoy.log' }, 'envoyLogPath', /under \/tmp, \/var\/tmp, \/var\/log/],
    ['log path over another mount', { collector: 'daemonset', envoyLogPath: '/var/run/l7-collector/e.log' }, 'envoyLogPath', /shared log volume/],
    ['log path over the image', { collector: 'daemonset', envoyLogPath: '/usr/local/bin/e.log' }, 'envoyLogPath', /under \/tmp/],
    ['privileged TPROXY port', { collector: 'daemonset', felix: { tproxyPort: 80 } }, 'felix.tproxyPort', /1024 to 65534/],
    ['tolerationSeconds without NoExecute', { collector: 'daemonset', tolerations: [{ operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] }, 'tolerations[0].tolerationSeconds', /NoExecute only/],
    ['Equal toleration without a key', { collector: 'daemonset', tolerations: [{ operator: 'Equal', value: 'x' }] }, 'tolerations[0].operator', /without a key/],
    ['request above its limit', { collector: 'daemonset', resources: { l7Collector: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } } }, 'resources.l7Collector.requests.memory', /must not exceed the limit 512Mi/],
    ['LogStorage resize on Calico Cloud', { platform: { product: 'calico-cloud' }, storage: { nodes: 1, retentionDays: 1, currentPerNodeStorage: '10Gi', resizeLogStorage: true } }, 'storage.resizeLogStorage', /Calico Cloud/],
    ['LogStorage resize on a managed cluster', { platform: { clusterRole: 'managed' }, storage: { nodes: 1, retentionDays: 1, currentPerNodeStorage: '10Gi', resizeLogStorage: true } }, 'storage.resizeLogStorage', /management cluster/],
    ['null prop', { logLevel: null }, 'logLevel', /leave the prop out/],
    ['major version 4', { calicoVersion: '4.0' }, 'calicoVersion', /a release this package knows: 3\.9, 3\.10, .*, 3\.24 /],
    ['a release after the newest known', { calicoVersion: '3.25' }, 'calicoVersion', /a release this package knows: 3\.9, .*3\.24 /],
    ['log path with ..', { collector: 'daemonset', envoyLogPath: '/tmp/../etc/x.log' }, 'envoyLogPath', /absolute file path/],
    ['dial target outside the sync volume', { collector: 'daemonset', felixDialTarget: '/run/socket' }, 'felixDialTarget', /under \/var\/run\/felix/],
    ['malformed duration', { felix: { l7LogsFlushInterval: '5 minutes' } }, 'felix.l7LogsFlushInterval', /duration/],
    ['fractional duration the CRD refuses', { felix: { l7LogsFlushInterval: '1.5m' } }, 'felix.l7LogsFlushInterval', /whole numbers/],
    ['zero duration', { felix: { l7LogsFlushInterval: '0s' } }, 'felix.l7LogsFlushInterval', /positive/],
    ['unknown aggregation value', { felix: { l7LogsFileAggregationTrimURL: 'TrimEverything' } }, 'felix.l7LogsFileAggregationTrimURL', /TrimURLQuery/],
    ['misspelled Felix field', { felix: { l7LogsFlushIntervall: '5m' } }, 'felix.l7LogsFlushIntervall', /unknown prop/],
    ['misspelled top-level prop', { logIntervalSecond: 5 }, 'logIntervalSecond', /unknown prop/],
    ['relative policy-sync path', { felix: { policySyncPathPrefix: 'var/run' } }, 'felix.policySyncPathPrefix', /absolute directory/],
    ['port out of range', { collector: 'daemonset', felix: { tproxyPort: 70000 } }, 'felix.tproxyPort', /1 to 65535/],
    ['port with no room for the NodePort listener', { collector: 'daemonset', felix: { tproxyPort: 65535 } }, 'felix.tproxyPort', /65534/],
    ['TPROXY mode in operator mode', { felix: { tproxyMode: 'Enabled' } }, 'felix.tproxyMode', /set by the Tigera operator/],
    ['TPROXY port in operator mode', { felix: { tproxyPort: 17001 } }, 'felix.tproxyPort', /operator's Envoy listens on 16001/],
    ['mark overlapping iptablesMarkMask', { felix: { tproxyUpstreamConnMark: 0x10017 } }, 'felix.tproxyUpstreamConnMark', /0xffff0000/],
    ['daemonset with tproxy disabled', { collector: 'daemonset', felix: { tproxyMode: 'Disabled' } }, 'felix.tproxyMode', /needs "Enabled"/],
    ['invalid namespace', { collector: 'daemonset', namespace: 'Calico_System' }, 'namespace', /RFC 1123 label/],
    ['invalid service name', { services: [{ namespace: 'default', name: '1cart' }] }, 'services[0].name', /RFC 1035/],
    ['invalid service namespace', { services: [{ namespace: 'Default', name: 'cart' }] }, 'services[0].namespace', /RFC 1123/],
    ['duplicate service', { services: [{ name: 'cart' }, { namespace: 'default', name: 'cart' }] }, 'services[1]', /each Service once; it is already services\[0\]/],
    [
      'duplicate service after another namespace',
      { services: [{ namespace: 'shop', name: 'cart' }, { name: 'cart' }, { namespace: 'shop', name: 'cart' }] },
      'services[2]',
      /each Service once; it is already services\[0\]/,
    ],
    ['the kubernetes Service', { services: [{ namespace: 'default', name: 'kubernetes' }] }, 'services[0]', /host network/],
    ['latest image tag', { collector: 'daemonset', images: { tag: 'latest' } }, 'images.tag', /"latest" is refused/],
    ['bad digest', { collector: 'daemonset', images: { envoy: { digest: 'sha256:xyz' } } }, 'images.envoy.digest', /64/],
    ['bad registry', { collector: 'daemonset', images: { registry: 'https://quay.io/' } }, 'images.registry', /registry prefix/],
    ['bad storage quantity', { storage: { nodes: 3, retentionDays: 7, currentPerNodeStorage: '10 GB' } }, 'storage.currentPerNodeStorage', /quantity/],
    ['zero nodes', { storage: { nodes: 0, retentionDays: 7 } }, 'storage.nodes', /integer from 1/],
    ['fractional retention', { storage: { nodes: 3, retentionDays: 1.5 } }, 'storage.retentionDays', /integer from 1 to 365/],
    ['bad resource quantity', { collector: 'daemonset', resources: { envoyProxy: { limits: { cpu: 'lots' } } } }, 'resources.envoyProxy.limits.cpu', /quantity/],
    ['bad toleration effect', { collector: 'daemonset', tolerations: [{ operator: 'Exists', effect: 'Never' }] }, 'tolerations[0].effect', /NoSchedule/],
    ['invalid priority class', { collector: 'daemonset', priorityClassName: 'High Priority' }, 'priorityClassName', /RFC 1123/],
    ['daemonset prop in operator mode', { logLevel: 'Info' }, 'logLevel', /daemonset" only/],
    ['sidecar injection in daemonset mode', { collector: 'daemonset', sidecarInjection: true }, 'sidecarInjection', /operator/],
    ['unknown version', { calicoVersion: 'three' }, 'calicoVersion', /version such as/],
    ['too old a version', { calicoVersion: '3.8' }, 'calicoVersion', /3\.9 or later/],
    ['unknown platform provider', { platform: { provider: 'k3s' } }, 'platform.provider', /eks, aks, gke/],
  ];
  for (const [name, props, field, allowed] of cases) {
    test(name, () => expectIssue(logging(props), field, allowed));
  }

  test('every issue is reported at once', () => {
    const err = expectIssues(logging({ logIntervalSeconds: 0, logRequestsPerInterval: 0.5, felix: { l7LogsFlushInterval: 'x' } }));
    assert.deepEqual(err.issues.map((i) => i.field).sort(), ['felix.l7LogsFlushInterval', 'logIntervalSeconds', 'logRequestsPerInterval']);
  });

  test('the message names the construct, the field, the value and what is allowed', () => {
    const err = expectIssues(logging({ logIntervalSeconds: -1 }));
    assert.equal(err.message, 'L7Logging: invalid props\n  - logIntervalSeconds: got -1; expected an integer from 1 to 2147483647');
  });
});

describe('calicoVersion', () => {
  test('picks daemonset mode for 3.9 and 3.10, operator mode after', () => {
    assert.equal(planL7Logging({ calicoVersion: '3.9' }).collector.mode, 'daemonset');
    assert.equal(planL7Logging({ calicoVersion: '3.10.2' }).collector.mode, 'daemonset');
    assert.equal(planL7Logging({ calicoVersion: '3.11' }).collector.mode, 'operator');
    assert.equal(planL7Logging({}).collector.mode, 'operator');
  });
  test('rejects operator mode before 3.11 and daemonset mode after 3.10', () => {
    expectIssue(logging({ calicoVersion: '3.10', collector: 'operator' }), 'collector', /3\.10 has no operator collector; it is in Calico Enterprise 3\.11 to 3\.24/);
    expectIssue(logging({ calicoVersion: '3.20', collector: 'daemonset' }), 'collector', /3\.9–3\.10 only/);
  });
  test('sidecarInjection from 3.20.0-2.0 (operator v1.36); the 3.20.0-1.0 preview and earlier releases lack it', () => {
    expectIssue(logging({ calicoVersion: '3.19', sidecarInjection: true }), 'sidecarInjection', /needs 3\.20 or later/);
    expectIssue(logging({ calicoVersion: '3.20.0-1.0', sidecarInjection: true }), 'sidecarInjection', /not available in Calico Enterprise 3\.20\.0-1\.0/);
    assert.deepEqual(planL7Logging({ calicoVersion: '3.20.0-2.0', sidecarInjection: true, services: [{ name: 'a' }] }).warnings, []);
    assert.deepEqual(planL7Logging({ calicoVersion: '3.20.1', sidecarInjection: true, services: [{ name: 'a' }] }).warnings, []);
    // "3.20" cannot tell the two 3.20 trains apart: accepted, with a warning.
    assert.match(planL7Logging({ calicoVersion: '3.20', sidecarInjection: true, services: [{ name: 'a' }] }).warnings.join(), /needs Calico Enterprise 3\.20\.0-2\.0 or later/);
  });
  test('rejects Felix fields the release lacks', () => {
    expectIssue(logging({ calicoVersion: '3.23', felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } }), 'felix.l7LogsFileAggregationTLSSNI', /needs 3\.24/);
    expectIssue(logging({ calicoVersion: '3.23', felix: { l7ObservabilityEnabled: true } }), 'felix.l7ObservabilityEnabled', /needs 3\.24/);
    expectIssue(logging({ calicoVersion: '3.10', felix: { tproxyUpstreamConnMark: 0x17 } }), 'felix.tproxyUpstreamConnMark', /needs 3\.11/);
    expectIssue(
      () => new FelixL7Config(Testing.chart(), 'f', { calicoVersion: '3.10', tproxyMode: 'EnabledAllServices' }),
      'tproxyMode',
      /only Disabled or Enabled/,
    );
    assert.doesNotThrow(logging({ calicoVersion: '3.24', felix: { l7ObservabilityEnabled: true } }));
  });
});

describe('platform limits', () => {
  test('Windows nodes are rejected on every release', () => {
    expectIssue(logging({ calicoVersion: '3.23', platform: { windowsNodes: true } }), 'platform.windowsNodes', /Linux nodes only/);
  });
  test('the Envoy collector on the eBPF dataplane is rejected in every release (the eBPF install page lists L7 logs as unsupported 3.14–3.24)', () => {
    for (const calicoVersion of ['3.10', '3.14', '3.15', '3.23', '3.24']) {
      expectIssue(logging({ calicoVersion, platform: { dataplane: 'ebpf' } }), 'platform.dataplane', /does not support the eBPF dataplane/);
    }
    expectIssue(logging({ platform: { product: 'calico-cloud', dataplane: 'ebpf' } }), 'platform.dataplane', /eBPF/);
  });
  test('RKE through 3.15, RKE2 in 3.15, GKE in 3.15–3.20 (the 3.16–3.19 and 3.20.0-1.0 docs)', () => {
    expectIssue(logging({ calicoVersion: '3.10', platform: { provider: 'rke' } }), 'platform.provider', /RKE/);
    expectIssue(logging({ calicoVersion: '3.15', platform: { provider: 'rke' } }), 'platform.provider', /RKE/);
    assert.doesNotThrow(logging({ calicoVersion: '3.16', platform: { provider: 'rke' } }));
    expectIssue(logging({ calicoVersion: '3.15', platform: { provider: 'rke2' } }), 'platform.provider', /RKE2/);
    assert.doesNotThrow(logging({ calicoVersion: '3.16', platform: { provider: 'rke2' } }));
    assert.doesNotThrow(logging({ calicoVersion: '3.14', platform: { provider: 'gke' } }));
    expectIssue(logging({ calicoVersion: '3.15', platform: { provider: 'gke' } }), 'platform.provider', /GKE/);
    expectIssue(logging({ calicoVersion: '3.20', platform: { provider: 'gke' } }), 'platform.provider', /GKE/);
    assert.doesNotThrow(logging({ calicoVersion: '3.21', platform: { provider: 'gke' } }));
  });
  test('Calico Cloud: operator only, no GKE', () => {
    expectIssue(logging({ platform: { product: 'calico-cloud', provider: 'gke' } }), 'platform.provider', /Calico Cloud/);
    expectIssue(logging({ collector: 'daemonset', platform: { product: 'calico-cloud' } }), 'collector', /Calico Cloud/);
  });
});

describe('cdk8s constructs', () => {
  test('errors carry the construct path and nothing is added to the chart', () => {
    const chart = Testing.chart();
    assert.throws(() => new L7Logging(chart, 'l7', { logIntervalSeconds: 0 }), (e: unknown) => {
      assert.ok(e instanceof L7ValidationError);
      assert.match(e.message, /^L7Logging test\/l7: invalid props/);
      return true;
    });
    assert.deepEqual(Testing.synth(chart), []);
  });
  test('each smaller construct validates its own props', () => {
    expectIssue(() => new FelixL7Config(Testing.chart(), 'f', { node: 'Bad_Node' }), 'node', /subdomain/);
    expectIssue(() => new L7Collector(Testing.chart(), 'c', { collector: 'daemonset', logLevel: 'Loud' as never }), 'logLevel');
    expectIssue(() => new LogStorageSizing(Testing.chart(), 's', { nodes: 3, retentionDays: 0 }), 'retentionDays');
    expectIssue(() => new LogStorageSizing(Testing.chart(), 's', { nodes: 3, retentionDays: 2, resizeLogStorage: true }), 'resizeLogStorage', /currentPerNodeStorage/);
  });
});

describe('an uncaught prop error is one block a person can read', () => {
  test('the construct path, each field with what was given and what is allowed, "did you mean"; no stack trace, no object dump', async () => {
    const script = `
      const { App, Chart } = require('cdk8s');
      const { L7Logging } = require('./src/cdk8s');
      new L7Logging(new Chart(new App(), 'prod-eu1'), 'l7', { calicoVersion: '3.23', servces: [{ name: 'cart' }], logIntervalSeconds: 0 });`;
    const stderr = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..') }, (error, _stdout, err) => {
        assert.ok(error, 'the program fails');
        resolve(err);
      });
    });
    assert.match(stderr, /L7ValidationError: L7Logging prod-eu1\/l7: invalid props\n {2}- servces: got \[\{"name":"cart"\}\]; unknown prop; did you mean "services"\?\n {2}- logIntervalSeconds: got 0; /);
    assert.doesNotMatch(stderr, /^\s+at /m);
    assert.doesNotMatch(stderr, /issues:|construct:/);
  });

  test('a prop name far from every known one lists the allowed props', () => {
    expectIssue(() => planL7Logging({ zzzzzzzz: 1 } as never), 'zzzzzzzz', /allowed props are collector, calicoVersion/);
  });
});
