import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { buildEnvoyConfig, renderEnvoyConfigYaml } from '../src/core/collector/envoy';
import { Testing } from 'cdk8s';
import { AnnotatedService } from '../src/cdk8s';
import {
  AGGREGATION_VALUES,
  COLLECTOR_OPTION_KEYS,
  FELIX_FIELDS,
  L7_LOGGING_KEYS,
  L7ValidationError,
  LOG_LEVELS,
  type L7LoggingOptions,
  STORAGE_KEYS,
  renderFelixL7Config,
  renderL7Collector,
  planL7Logging,
  renderLogStorageSizing,
  type CalicoVersion,
} from '../src/core';
import { assertConforms } from './reference-crds';

// Fixed seed: a failure prints it with the counterexample, and the same run reproduces it.
const SEED = 20261122;
const run = (property: fc.IProperty<any>, numRuns: number) => fc.assert(property, { seed: SEED, numRuns });

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
const services = fc.uniqueArray(fc.record({ namespace: label.filter((n) => n !== 'default'), name: label }), {
  maxLength: 8,
  selector: (s) => `${s.namespace}/${s.name}`,
});
const aggregation = fc.record(
  Object.fromEntries(
    Object.entries(AGGREGATION_VALUES)
      .filter(([k]) => k !== 'l7LogsFileAggregationTLSSNI')
      .map(([k, values]) => [k, fc.constantFrom(...values)]),
  ),
  { requiredKeys: [] },
);
const felixCommon = fc.record(
  {
    l7LogsFlushInterval: fc.tuple(fc.integer({ min: 1, max: 59 }), fc.constantFrom('s', 'm', 'h')).map(([n, u]) => `${n}${u}`),
    l7LogsFileEnabled: fc.boolean(),
    l7LogsFileDirectory: fc.array(label, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`),
    l7LogsFileMaxFiles: fc.integer({ min: 1, max: 100 }),
    l7LogsFileMaxFileSizeMB: fc.integer({ min: 1, max: 10000 }),
    l7LogsFilePerNodeLimit: fc.integer({ min: 0, max: 100000 }),
    l7LogsFileAggregationNumURLPath: fc.integer({ min: -1, max: 50 }),
    l7LogsFileAggregationURLCharLimit: fc.integer({ min: 1, max: 5000 }),
  },
  { requiredKeys: [] },
);
const storage = fc.option(
  fc.record(
    {
      nodes: fc.integer({ min: 1, max: 5000 }),
      retentionDays: fc.integer({ min: 1, max: 365 }),
      currentPerNodeStorage: fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('Gi', 'G', 'Ti', 'Mi')).map(([n, u]) => `${n}${u}`),
    },
    { requiredKeys: ['nodes', 'retentionDays'] },
  ),
  { nil: undefined },
);

/** Valid operator-mode props, any release from 3.11 to 3.24. */
export const operatorProps: fc.Arbitrary<L7LoggingOptions> = fc
  .record({
    minor: fc.integer({ min: 11, max: 24 }),
    patch: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    logIntervalSeconds: fc.integer({ min: 1, max: 3600 }),
    logRequestsPerInterval: fc.integer({ min: -1, max: 1_000_000 }),
    sidecar: fc.option(fc.boolean(), { nil: undefined }),
    felix: fc.tuple(felixCommon, aggregation).map(([a, b]) => ({ ...a, ...b })),
    services,
    storage,
  })
  .map(({ minor, patch, sidecar, storage: s, ...rest }) => ({
    ...rest,
    // Any log file directory, and the file switched off: the user ships the logs (see takeOver).
    takeOver: { logForwarding: true },
    calicoVersion: (patch === undefined ? `3.${minor}` : `3.${minor}.${patch}`) as CalicoVersion,
    ...(sidecar !== undefined && minor >= 21 ? { sidecarInjection: sidecar } : {}),
    ...(s ? { storage: s } : {}),
  }));

/** Valid daemonset-mode props (3.9 and 3.10). */
export const daemonsetProps: fc.Arbitrary<L7LoggingOptions> = fc
  .record({
    minor: fc.constantFrom(9, 10),
    logIntervalSeconds: fc.integer({ min: 1, max: 3600 }),
    logRequestsPerInterval: fc.integer({ min: -1000, max: 1_000_000 }),
    logLevel: fc.constantFrom(...LOG_LEVELS),
    envoyLogPath: fc.tuple(fc.constantFrom('/tmp', '/var/tmp', '/var/log'), fc.array(label, { minLength: 1, maxLength: 3 })).map(([dir, p]) => `${dir}/${p.join('/')}.log`),
    kubeMasqueradeBit: fc.integer({ min: 0, max: 31 }),
    tproxyPort: fc.integer({ min: 1024, max: 65534 }),
    namespace: label,
    tag: fc.stringMatching(/^v3\.(9|10)\.[0-9]$/),
    digest: fc.option(fc.stringMatching(/^[a-f0-9]{64}$/), { nil: undefined }),
    priorityClassName: fc.option(label, { nil: undefined }),
    felix: fc.tuple(felixCommon, aggregation).map(([a, b]) => ({ ...a, ...b })),
    services,
  })
  .map(({ minor, tproxyPort, tag, digest, priorityClassName, felix, ...rest }) => ({
    ...rest,
    takeOver: { logForwarding: true },
    calicoVersion: `3.${minor}` as CalicoVersion,
    collector: 'daemonset' as const,
    felix: { ...felix, tproxyPort },
    images: { tag, ...(digest ? { envoy: { digest: `sha256:${digest}` } } : {}) },
    ...(priorityClassName ? { priorityClassName } : {}),
  }));

/** A value no prop accepts: wrong type, or a string no enum, name or path allows. */
const hostile = fc.oneof(
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.double({ noInteger: true }),
  fc.constant(-0.5),
  fc.string().map((s) => `${s} \u0000!`),
  fc.array(fc.constant({ bad: 1 }), { minLength: 1 }),
  fc.constant(() => 1),
  fc.constant(Symbol('x')),
);

function expectValidationError(props: unknown, field?: string): void {
  try {
    planL7Logging(props as L7LoggingOptions);
  } catch (e) {
    assert.ok(e instanceof L7ValidationError, `expected L7ValidationError, got ${e instanceof Error ? e.stack : String(e)}`);
    if (field) assert.ok(e.issues.some((i) => i.field === field || i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`)), `no issue at ${field}: ${e.message}`);
    return;
  }
  assert.fail(`accepted ${String(field)}`);
}

describe('property-based', () => {
  test('any valid operator-mode props render and match the real CRDs and Kubernetes schemas', () => {
    run(
      fc.property(operatorProps, (props) => {
        const plan = planL7Logging(props);
        assert.equal(plan.collector.mode, 'operator');
        assert.equal(plan.trafficPhase.filter((o) => o.kind === 'Service').length, props.services?.length ?? 0);
        // The generated props hold no 3.24-only field, so CE 3.23's CRDs accept them too.
        assertConforms(plan.objects, 'v1.42.4');
        assertConforms(plan.objects, 'master');
      }),
      1500,
    );
  });

  test('any valid daemonset-mode props render, match the CE 3.10 CRD and Kubernetes schemas, with Envoy and Felix in agreement', () => {
    run(
      fc.property(daemonsetProps, (props) => {
        const plan = planL7Logging(props);
        assertConforms(plan.objects, 'ce-3.10');
        const cm = plan.objects.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
        const felix = plan.trafficPhase.find((o) => o.kind === 'FelixConfiguration') as unknown as { spec: { tproxyPort: number } };
        assert.equal(felix.spec.tproxyPort, props.felix?.tproxyPort);
        assert.ok(cm.data['envoy-config.yaml']?.includes(`port_value: ${props.felix?.tproxyPort}\n`));
        assert.ok(cm.data['envoy-config.yaml']?.includes(`path: ${props.envoyLogPath}\n`));
      }),
      1500,
    );
  });

  test('one hostile value in any prop gives L7ValidationError naming that prop, never a crash', () => {
    run(
      fc.property(fc.oneof(operatorProps, daemonsetProps), fc.constantFrom(...L7_LOGGING_KEYS), hostile, (props, key, value) => {
        expectValidationError({ ...props, [key]: value }, key);
      }),
      2000,
    );
  });

  test('one hostile value inside felix, storage or a service is named by its path', () => {
    const nested = fc.oneof(
      fc.tuple(fc.constant('felix'), fc.constantFrom('l7LogsFlushInterval', 'l7LogsFileMaxFiles', 'l7LogsFileAggregationTrimURL', 'policySyncPathPrefix', 'l7LogsFileEnabled')),
      fc.tuple(fc.constant('storage'), fc.constantFrom('nodes', 'retentionDays', 'currentPerNodeStorage')),
    );
    run(
      fc.property(operatorProps, nested, hostile, (props, [outer, inner], value) => {
        const base = (props[outer] ?? { nodes: 1, retentionDays: 1 });
        expectValidationError({ ...props, [outer]: { ...base, [inner]: value } }, `${outer}.${inner}`);
      }),
      1500,
    );
    run(
      fc.property(operatorProps, fc.constantFrom('name', 'namespace'), hostile, (props, key, value) => {
        expectValidationError({ ...props, services: [{ name: 'cart', namespace: 'shop', [key]: value }] }, `services[0].${key}`);
      }),
      500,
    );
  });

  test('arbitrary input never crashes: it renders or throws L7ValidationError', () => {
    run(
      fc.property(fc.dictionary(fc.constantFrom(...L7_LOGGING_KEYS, 'other'), fc.anything()), (props) => {
        try {
          planL7Logging(props);
        } catch (e) {
          assert.ok(e instanceof L7ValidationError, e instanceof Error ? e.stack : String(e));
        }
      }),
      2000,
    );
  });

  test('every smaller construct renders or throws L7ValidationError on arbitrary input', () => {
    const renderers: [readonly string[], (p: any) => unknown][] = [
      [[...FELIX_FIELDS, 'node', 'calicoVersion'], renderFelixL7Config],
      [[...COLLECTOR_OPTION_KEYS, 'tproxyPort'], renderL7Collector],
      [STORAGE_KEYS, renderLogStorageSizing],
      [['service', 'selected'], (p) => new AnnotatedService(Testing.chart(), 'a', p)],
    ];
    for (const [keys, render] of renderers) {
      run(
        // Any value at all, including null and non-objects, or an object of any of the construct's props.
        fc.property(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...keys), fc.anything())), (props) => {
          try {
            render(props);
          } catch (e) {
            assert.ok(e instanceof L7ValidationError, e instanceof Error ? e.stack : String(e));
          }
        }),
        1000,
      );
    }
  });
});

describe('the Envoy configuration YAML', () => {
  test('reads back as the configuration for every port, mark, masquerade bit and log path, including paths YAML must quote', () => {
    const pathChar = fc.oneof({ arbitrary: fc.constantFrom('a', 'Z', '0', '.', '_', '-', '/'), weight: 10 }, { arbitrary: fc.constantFrom(' ', ':', '#', "'", '"', '%', '@', '!', '&', '*', 'é'), weight: 1 });
    run(
      fc.property(
        fc.integer({ min: 1, max: 65534 }),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.integer({ min: 0, max: 31 }),
        fc.boolean(),
        fc.array(pathChar, { maxLength: 30 }).map((cs) => `/${cs.join('')}`),
        (tproxyPort, upstreamConnMark, kubeMasqueradeBit, nodePorts, logPath) => {
          const inputs = { tproxyPort, upstreamConnMark, kubeMasqueradeBit, nodePorts, logPath };
          assert.deepEqual(parse(renderEnvoyConfigYaml(inputs)), buildEnvoyConfig(inputs));
        },
      ),
      300,
    );
  });
});
