// The package's output checked strictly against the real CRDs of the releases it targets
// (test/fixtures/crds) and the Kubernetes schemas of the built-in kinds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Testing } from 'cdk8s';
import { buildApp } from '../examples/clusters';
import { type CalicoVersion, type FelixL7Settings, type L7LoggingOptions, planL7Logging } from '../src/core';
import { validateObjects } from '../src/validate';
import { assertConforms, crdsOf } from './reference-crds';
import { phaseObjects } from './helpers';


/** Every Felix L7 setting the package writes in CE 3.11–3.23 (3.10 lacks tproxyUpstreamConnMark, which operator mode leaves to the operator). */
const FELIX: FelixL7Settings = {
  policySyncPathPrefix: '/var/run/nodeagent',
  l7LogsFlushInterval: '5m0s',
  l7LogsFileEnabled: true,
  l7LogsFileDirectory: '/var/log/calico/l7logs',
  l7LogsFileMaxFiles: 5,
  l7LogsFileMaxFileSizeMB: 100,
  l7LogsFilePerNodeLimit: 1500,
  l7LogsFileAggregationHTTPHeaderInfo: 'ExcludeL7HTTPHeaderInfo',
  l7LogsFileAggregationHTTPMethod: 'IncludeL7HTTPMethod',
  l7LogsFileAggregationServiceInfo: 'IncludeL7ServiceInfo',
  l7LogsFileAggregationDestinationInfo: 'IncludeL7DestinationInfo',
  l7LogsFileAggregationSourceInfo: 'IncludeL7SourceInfoNoPort',
  l7LogsFileAggregationResponseCode: 'IncludeL7ResponseCode',
  l7LogsFileAggregationTrimURL: 'TrimURLQuery',
  l7LogsFileAggregationNumURLPath: 5,
  l7LogsFileAggregationURLCharLimit: 250,
};

/** The Felix fields that arrived with CE 3.24. */
const FELIX_3_24: FelixL7Settings = { l7LogsFileAggregationTLSSNI: 'IncludeL7TLSSNI', l7ObservabilityEnabled: true };

const SERVICES = [{ namespace: 'default', name: 'cartservice' }, { name: 'frontend' }, { namespace: 'shop', name: 'checkout' }];

const operator = (props: Partial<L7LoggingOptions>) =>
  planL7Logging({
    logIntervalSeconds: 5,
    logRequestsPerInterval: -1,
    felix: FELIX,
    services: SERVICES,
    storage: { nodes: 3, retentionDays: 2, currentPerNodeStorage: '10Gi', resizeLogStorage: true },
    ...props,
  }).objects;

const daemonset = (props: Partial<L7LoggingOptions>) =>
  planL7Logging({
    collector: 'daemonset',
    logLevel: 'Info',
    felix: { ...FELIX, tproxyPort: 16001 },
    services: SERVICES,
    priorityClassName: 'system-node-critical',
    imagePullSecrets: ['tigera-pull-secret', 'mirror'],
    resources: { envoyProxy: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } } },
    tolerations: [{ operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute', tolerationSeconds: 60 }],
    ...props,
  }).objects;

describe('operator mode', () => {
  for (const release of ['v1.42.4', 'master'] as const) {
    test(`CE 3.23 output matches the ${release} CRDs`, () => {
      assertConforms(operator({ calicoVersion: '3.23', sidecarInjection: true }), release);
    });
    test(`CE 3.23 with collection off matches the ${release} CRDs`, () => {
      assertConforms(operator({ calicoVersion: '3.23', enabled: false }), release);
    });
  }

  test('CE 3.24 output, with the 3.24 Felix fields, matches the master CRDs', () => {
    assertConforms(operator({ calicoVersion: '3.24', sidecarInjection: false, felix: { ...FELIX, ...FELIX_3_24 } }), 'master');
  });

  test('the 3.24 Felix fields are unknown to the v1.42.4 (CE 3.23) CRD', () => {
    const errors = validateObjects(operator({ calicoVersion: '3.24', felix: { ...FELIX, ...FELIX_3_24 } }), { crds: crdsOf('v1.42.4') });
    assert.deepEqual(
      errors.map((e) => `${e.object}: ${e.path}: ${e.message.split(':')[0]}`),
      [
        'FelixConfiguration/default: /spec/l7LogsFileAggregationTLSSNI: unknown field "l7LogsFileAggregationTLSSNI"',
        'FelixConfiguration/default: /spec/l7ObservabilityEnabled: unknown field "l7ObservabilityEnabled"',
      ],
    );
  });
});

describe('daemonset mode', () => {
  for (const calicoVersion of ['3.10', '3.9']) {
    test(`CE ${calicoVersion} output matches the CE 3.10 CRD and the Kubernetes schemas`, () => {
      assertConforms(daemonset({ calicoVersion: calicoVersion as CalicoVersion }), 'ce-3.10');
    });
  }

  test('CE 3.10 with collection off matches the CE 3.10 CRD', () => {
    assertConforms(daemonset({ calicoVersion: '3.10', enabled: false }), 'ce-3.10');
  });
});

describe('the bundled example, as cdk8s synthesizes it', () => {
  const charts = () => {
    const app = Testing.app();
    buildApp(app);
    return phaseObjects(app);
  };

  for (const release of ['v1.42.4', 'master'] as const) {
    test(`prod-eu1 (operator mode, CE 3.23) matches the ${release} CRDs`, () => {
      const objects = charts().get('prod-eu1');
      assert.ok(objects && objects.length > 0, 'the example has no prod-eu1 chart');
      assertConforms(objects, release);
    });
  }

  test('legacy-us1 (daemonset mode, CE 3.10) matches the CE 3.10 CRD and the Kubernetes schemas', () => {
    const objects = charts().get('legacy-us1');
    assert.ok(objects && objects.length > 0, 'the example has no legacy-us1 chart');
    assertConforms(objects, 'ce-3.10');
  });

  test('shop-eu2 (sidecar mode, CE 3.23) matches the v1.42.4 CRDs and the Kubernetes schemas, both phases', () => {
    const all = charts();
    const objects = [...(all.get('shop-eu2') ?? []), ...(all.get('shop-eu2-traffic') ?? [])];
    assert.deepEqual(
      objects.map((o) => o.kind),
      ['FelixConfiguration', 'ApplicationLayer', 'Deployment', 'Deployment', 'Deployment', 'Deployment'],
    );
    assertConforms(objects, 'v1.42.4');
  });

  test('edge-ap1 (eBPF collector, CE 3.24) matches the main CRDs', () => {
    const objects = charts().get('edge-ap1');
    assert.deepEqual(objects?.map((o) => o.spec), [{ l7LogsFileAggregationTrimURL: 'TrimURLQuery', l7LogsFileAggregationTLSSNI: 'IncludeL7TLSSNI', l7ObservabilityEnabled: true }]);
    assertConforms(objects ?? [], 'master');
  });
});
