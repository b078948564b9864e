import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DAEMONSET_RELEASE, NEWEST_KNOWN, planL7Logging } from '../src/core';
import type { CalicoRelease, KubeObject } from '../src/core';
import Ajv from 'ajv';
import { selfChecked } from '../src/self-check';
import { firstViolation } from '../src/validate/schema-check';
import { selfCheckKey } from '../src/validate/self-check-keys';
import { selfCheckSchemas } from '../src/validate/self-check-schemas';
import type { AjvSchema } from '../src/validate/structural';
import { unknownKeywords } from '../tools/self-check-schemas';
import { assertConforms } from './reference-crds';

const assertOwnOutputValid = (objects: readonly unknown[], release: CalicoRelease, construct: string) => selfChecked({ release, objects: objects as KubeObject[] }, construct);

const felix = (spec: Record<string, unknown>) => ({ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec });

test('the package checks its own output: a misspelled or mistyped field is a reported defect', () => {
  assert.throws(() => assertOwnOutputValid([felix({ policySyncPathPrefx: '/var/run/nodeagent' })], NEWEST_KNOWN, 'L7Logging x'), /L7Logging x: calico-l7-logging rendered objects that fail their schema[\s\S]*FelixConfiguration\/default \/spec\/policySyncPathPrefx/);
  assert.throws(() => assertOwnOutputValid([felix({ l7LogsFileMaxFiles: '5' })], NEWEST_KNOWN, 'x'), /\/spec\/l7LogsFileMaxFiles/);
  const ds = planL7Logging({ collector: 'daemonset' }).objects.find((o) => o.kind === 'DaemonSet');
  const broken = { ...ds, spec: { ...(ds?.spec as object), replicas: 3 } } as never;
  assert.throws(() => assertOwnOutputValid([broken], DEFAULT_DAEMONSET_RELEASE, 'x'), /DaemonSet\/calico-system\/l7-log-collector \/spec\/replicas/);
});

test('a run of selections is checked by its first: Services, Namespaces, and pod templates per kind; every other object always', () => {
  const service = (name: string, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', ...extra } });
  const namespace = (name: string, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...extra } });
  const check = (objects: readonly unknown[]) => () => assertOwnOutputValid(objects, NEWEST_KNOWN, 'x');
  const broken = { uid: 'u' };
  assert.throws(check([service('a', broken), service('b')]), /Service\/shop\/a \/metadata\/uid/);
  assert.doesNotThrow(check([service('a'), service('b', broken)]));
  assert.throws(check([namespace('a', broken), namespace('b')]), /Namespace\/a \/metadata\/uid/);
  assert.doesNotThrow(check([namespace('a'), namespace('b', broken)]));
  // A Service of an API the package never writes is not one of the run.
  assert.throws(check([service('a'), { ...service('b'), apiVersion: 'v2' }]), /Service\/shop\/b: no schema for v2 Service/);
  // After a run, an object of another kind is checked.
  assert.throws(check([service('a'), service('b'), felix({ l7LogsFileMaxFiles: '5' })]), /l7LogsFileMaxFiles/);
  const { objects } = planL7Logging({ calicoVersion: '3.22', collector: 'sidecar', platform: { kubernetesVersion: '1.30' }, workloads: [
    { kind: 'Deployment', namespace: 'shop', name: 'a' },
    { kind: 'Deployment', namespace: 'shop', name: 'b' },
    { kind: 'StatefulSet', namespace: 'shop', name: 'c' },
  ] });
  const withUid = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, uid: 'u' } });
  const at = (i: number) => objects.findIndex((o) => o.metadata.name === ['a', 'b', 'c'][i]);
  const breakAt = (i: number) => objects.map((o, j) => (j === at(i) ? withUid(o) : o));
  assert.ok(at(0) >= 0 && at(1) >= 0 && at(2) >= 0);
  assert.throws(check(breakAt(0)), /Deployment\/shop\/a \/metadata\/uid/);
  assert.doesNotThrow(check(breakAt(1)));
  assert.throws(check(breakAt(2)), /StatefulSet\/shop\/c \/metadata\/uid/);
});

test('the own schemas follow the release', () => {
  assert.doesNotThrow(() => assertOwnOutputValid([felix({ tproxyUpstreamConnMark: 0x17 })], NEWEST_KNOWN, 'x'));
  assert.throws(() => assertOwnOutputValid([felix({ tproxyUpstreamConnMark: 0x17 })], DEFAULT_DAEMONSET_RELEASE, 'x'), /tproxyUpstreamConnMark/);
  assert.throws(() => assertOwnOutputValid([felix({ tproxyMode: 'EnabledAllServices' })], DEFAULT_DAEMONSET_RELEASE, 'x'), /tproxyMode/);
});

// The corpus: what every mode renders with most of its props, at the release boundaries.
const CORPUS: { release: CalicoRelease; objects: readonly KubeObject[] }[] = [
  planL7Logging({
    calicoVersion: '3.10',
    collector: 'daemonset',
    logLevel: 'Debug',
    priorityClassName: 'system-node-critical',
    imagePullSecrets: ['pull'],
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute', tolerationSeconds: 30 }],
    resources: { envoyProxy: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } } },
    felix: { l7LogsFlushInterval: '1m0s', tproxyPort: 17001 },
    services: [{ name: 'a' }, { namespace: 'shop', name: 'b' }],
  }),
  planL7Logging({
    calicoVersion: '3.23',
    sidecarInjection: true,
    felix: { l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    services: [{ name: 'a' }],
    storage: { nodes: 3, retentionDays: 2, currentPerNodeStorage: '10Gi', resizeLogStorage: true },
  }),
  planL7Logging({
    calicoVersion: '3.23',
    platform: { kubernetesVersion: '1.30' },
    workloads: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob'].map((kind) => ({ kind: kind as 'Deployment', name: 'w' })),
    sidecar: { policy: true, waf: true, resources: { requests: { cpu: '10m' }, limits: { memory: '64Mi' } } },
  }),
  planL7Logging({ calicoVersion: '3.24', collector: 'ebpf', platform: { kernelVersion: '6.1' }, felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } }),
  planL7Logging({ calicoVersion: '3.24', waypoints: [{ namespace: 'bookinfo' }] }),
  planL7Logging({ calicoVersion: '3.24', waypoints: [{ namespace: 'bookinfo' }], enabled: false }),
];

/** Maps whose keys are the user's (labels, ConfigMap data): any key is valid there. */
const OPEN_MAPS = new Set(['labels', 'annotations', 'data', 'matchLabels', 'nodeSelector']);

/** Every copy of `o` with one unknown field added to one of its objects, and with one leaf given another type. */
function mutations(o: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (node !== null && typeof node === 'object') {
      if (!Array.isArray(node) && !OPEN_MAPS.has(String(path[path.length - 1]))) {
        const copy = structuredClone(o) as Record<string, unknown>;
        let at: any = copy;
        for (const p of path) at = at[p];
        at.unexpectedField = 'x';
        out.push(copy);
      }
      for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
    } else if (path.length > 0) {
      const copy = structuredClone(o) as Record<string, unknown>;
      let at: any = copy;
      for (const p of path.slice(0, -1)) at = at[p];
      // A boolean where a string or number is expected, a string where a boolean is: never an int-or-string.
      at[path[path.length - 1] as string] = typeof node === 'boolean' ? 'seven' : true;
      out.push(copy);
    }
  };
  walk(o, []);
  return out;
}

test('whatever the self-check accepts, the real schemas accept: the corpus passes both', () => {
  for (const { release, objects } of CORPUS) {
    assert.doesNotThrow(() => selfChecked({ release, objects }, 'corpus'));
    // The built-in kinds and Calico kinds against kubernetes-models and the real CRDs; the Gateway is checked in modes.test.ts.
    assertConforms(objects.filter((o) => o.kind !== 'Gateway'), release.minor <= 10 ? 'ce-3.10' : release.minor >= 24 ? 'master' : 'v1.42.4');
  }
});

test('the self-check is strict: an unknown field anywhere, or a leaf of another type, is a defect', () => {
  let checked = 0;
  for (const { release, objects } of CORPUS) {
    for (const object of objects) {
      for (const mutated of mutations(object)) {
        assert.throws(() => selfChecked({ release, objects: [mutated as KubeObject] }, 'x'), /fail their schema/, JSON.stringify(mutated).slice(0, 300));
        checked += 1;
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} mutations`);
});

/** Ajv as the reference: the self-check interprets the schemas, and must give Ajv's verdicts. */
const ajv = new Ajv({ allErrors: false, strict: false, logger: false, formats: { int32: true, int64: true } });
const conforms = (schema: AjvSchema, value: unknown) => firstViolation(schema, value) === undefined;

test('the self-check validator knows every keyword of the schemas it interprets', () => {
  assert.deepEqual(unknownKeywords(selfCheckSchemas()), []);
  assert.deepEqual(unknownKeywords({ x: { type: 'object', properties: { a: { anyOf: [] } } } }), ['x: anyOf']);
});

test("the self-check gives Ajv's verdicts: every rendered object and every broken copy of it", () => {
  const schemas = selfCheckSchemas();
  let compared = 0;
  for (const { release, objects } of CORPUS) {
    for (const object of objects) {
      const key = selfCheckKey(object, release) as string;
      const schema = schemas[key] as AjvSchema;
      const compiled = ajv.compile(schema);
      for (const candidate of [object, ...mutations(object)]) {
        assert.equal(conforms(schema, candidate), compiled(candidate), `${key}: ${JSON.stringify(candidate).slice(0, 200)}`);
        compared += 1;
      }
    }
  }
  assert.ok(compared > 300);
});

/** Values at and past each limit a schema node sets, and one of each type. */
function probes(node: AjvSchema): unknown[] {
  const n = node as { enum?: unknown[]; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number };
  const out: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, Number.NaN, '', 'x', '😀', [], ['x'], [1], {}, { unexpected: 1 }, { a: undefined }];
  for (const limit of [n.minimum, n.maximum]) if (limit !== undefined) out.push(limit - 1, limit, limit + 1);
  for (const limit of [n.minLength, n.maxLength]) if (limit !== undefined) out.push('a'.repeat(Math.max(0, limit - 1)), 'a'.repeat(limit), '😀'.repeat(limit), 'a'.repeat(limit + 1));
  for (const limit of [n.minItems, n.maxItems]) if (limit !== undefined) out.push(Array(Math.max(0, limit - 1)).fill('a'), Array(limit).fill('a'), Array(limit + 1).fill('a'));
  for (const value of n.enum ?? []) out.push(value, `${String(value)}x`);
  // A declared property set to undefined counts as missing, as in Ajv.
  for (const key of Object.keys(node.properties ?? {})) out.push({ [key]: undefined });
  return out;
}

test("the self-check gives Ajv's verdicts on every schema node: at and past each limit, and each type", () => {
  const nodes = new Map<string, AjvSchema>();
  const walk = (node: AjvSchema) => {
    nodes.set(JSON.stringify(node), node);
    for (const child of Object.values((node.properties ?? {}) as Record<string, AjvSchema>)) walk(child);
    for (const child of [node.items, node.additionalProperties]) if (child !== null && typeof child === 'object') walk(child as AjvSchema);
  };
  Object.values(selfCheckSchemas()).forEach(walk);
  let compared = 0;
  for (const node of nodes.values()) {
    const compiled = ajv.compile(node);
    for (const value of probes(node)) {
      assert.equal(conforms(node, value), compiled(value), `${JSON.stringify(node).slice(0, 200)} with ${JSON.stringify(value)}`);
      compared += 1;
    }
  }
  assert.ok(nodes.size > 100 && compared > 2000, `${nodes.size} nodes, ${compared} verdicts`);
});
