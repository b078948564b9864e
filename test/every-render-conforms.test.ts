// The guarantee the tests give for every rendered object (test/setup/every-render-conforms.ts) is
// only as strong as the check behind it: here, that check rejects every unknown field and every
// leaf of the wrong type in what each mode renders; and the validator's offline schemas of the
// Calico kinds accept all of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planL7Logging } from '../src/core';
import type { CalicoRelease, KubeObject } from '../src/core';
import { validateObjects } from '../src/validate';
import { observed } from '../src/core/observe';
import { ownCrds } from './own-schemas';
import { conformanceErrors } from './reference-crds';

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

test('the real-schema check rejects an unknown field in any object of the package, and a leaf of another type', () => {
  let checked = 0;
  const missed: string[] = [];
  for (const { release, objects } of CORPUS) {
    for (const object of objects) {
      for (const mutated of mutations(object)) {
        if (conformanceErrors([mutated as KubeObject], release).length === 0) missed.push(JSON.stringify(mutated).slice(0, 300));
        checked += 1;
      }
    }
  }
  assert.deepEqual(missed, []);
  assert.ok(checked > 300, `only ${checked} mutations`);
});

test("the package's record of the fields it writes, release by release, accepts everything it renders", () => {
  for (const { release, objects } of CORPUS) {
    const errors = validateObjects(objects, { crds: ownCrds(release) });
    assert.deepEqual(errors, [], release.text);
  }
});

test('calico-l7 validate accepts everything the package renders, against the shipped CRDs of its release', () => {
  for (const { release, objects } of CORPUS) {
    const errors = validateObjects(objects, { calicoVersion: release.text });
    assert.deepEqual(errors, [], release.text);
  }
});

test('every test process checks what it renders: a planner result with an unknown field throws', () => {
  const felix = { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { policySyncPathPrefx: '/var/run/nodeagent' } };
  const release = CORPUS[0]?.release as CalicoRelease;
  assert.throws(() => observed({ release, objects: [felix as KubeObject] }, 'L7Logging x'), /L7Logging x: rendered objects fail the real schemas[\s\S]*policySyncPathPrefx/);
});
