// Props as a hostile or careless user gives them: each is an error that names the field, never a
// crash, a hang or a manifest that differs from what was checked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planL7LogAccess, planL7LogArchive, planL7Logging, planL7Verification, renderFelixL7Config, sizeLogStorage } from '../src/core';
import { Issues } from '../src/core/errors';
import { validateStorage } from '../src/core/log-platform/storage';
import { expectIssue, expectIssues } from './helpers';

describe('props are read once into plain data', () => {
  test('a getter that changes its value after the check cannot change the output', () => {
    let reads = 0;
    const felix = {
      get l7LogsFlushInterval() {
        reads += 1;
        return reads === 1 ? '5m0s' : 'not a duration';
      },
    };
    const plan = planL7Logging({ felix, services: [{ name: 'a' }] });
    assert.equal((plan.collectorPhase[0]?.spec as Record<string, unknown>).l7LogsFlushInterval, '5m0s');
    assert.equal(reads, 1);
  });

  test('a Map, an inherited prop, a sparse list and deep nesting are errors', () => {
    expectIssue(() => planL7Logging({ felix: new Map([['l7LogsFlushInterval', '5m']]) as never }), 'felix', /object of Felix settings/);
    expectIssue(() => planL7Logging({ felix: Object.create({ l7LogsFlushInterval: '5m' }) as never }), 'felix', /object/);
    // eslint-disable-next-line no-sparse-arrays
    expectIssue(() => planL7Logging({ services: [{ name: 'a' }, , { name: 'b' }] as never }), 'services[1]', /without holes/);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i += 1) deep = { x: deep };
    expectIssues(() => planL7Logging({ felix: deep }));
  });
});

describe('values are checked against what Kubernetes and Linux accept', () => {
  test('path names of more than 255 bytes, toleration keys and values, long node names, long image references', () => {
    expectIssue(() => planL7Logging({ collector: 'daemonset', envoyLogPath: `/tmp/${'x'.repeat(256)}.log` }), 'envoyLogPath', /255 bytes/);
    expectIssue(() => planL7Logging({ collector: 'daemonset', tolerations: [{ key: 'bad key!', operator: 'Exists' }] }), 'tolerations[0].key', /key such as/);
    expectIssue(() => planL7Logging({ collector: 'daemonset', tolerations: [{ key: 'a', operator: 'Equal', value: 'x'.repeat(64) }] }), 'tolerations[0].value', /at most 63/);
    expectIssue(() => renderFelixL7Config({ node: 'n'.repeat(250) }), 'node', /at most 248/);
    expectIssue(() => planL7Logging({ collector: 'daemonset', images: { registry: `${'r'.repeat(250)}.example.com/` } }), 'images.envoy', /at most 255 characters/);
  });

  test('$(VAR) in an env value is escaped, so Kubernetes does not expand it', () => {
    const plan = planL7Logging({ collector: 'daemonset', envoyLogPath: '/tmp/$(HOSTNAME).log' });
    const ds = plan.objects.find((o) => o.kind === 'DaemonSet') as unknown as { spec: { template: { spec: { containers: { env?: { name: string; value: string }[] }[] } } } };
    const env = ds.spec.template.spec.containers[1]?.env?.find((e) => e.name === 'ENVOY_LOG_PATH');
    assert.equal(env?.value, '/tmp/$$(HOSTNAME).log');
  });
});

describe('error messages', () => {
  test('show invisible characters escaped and cut long values', () => {
    const e = expectIssues(() => planL7Logging({ services: [{ name: 'cart\u200bservice' }] }));
    assert.match(e.message, /got "cart\\u200bservice"/);
    const long = expectIssues(() => planL7Logging({ felix: { l7LogsFlushInterval: 'x'.repeat(10_000) } }));
    assert.ok(long.message.length < 600, `${long.message.length} characters`);
    assert.match(long.message, /\.\.\. \(10000 characters\)/);
  });

  test('every one of 20,000 bad Services is reported, each once', () => {
    const services = Array.from({ length: 20_000 }, (_, i) => ({ name: `Bad_${i}` }));
    const e = expectIssues(() => planL7Logging({ services }));
    assert.equal(e.issues.length, 20_000);
    assert.equal(new Set(e.issues.map((i) => i.field)).size, 20_000);
  });
});

describe('the selections of today: workloads, waypoints, node versions', () => {
  const K8S = { kubernetesVersion: '1.30' } as const;
  test('prototype keys, odd kinds and huge or odd strings are errors, never crashes', () => {
    const side = (workloads: unknown, sidecar?: unknown) => () =>
      planL7Logging({ calicoVersion: '3.23', platform: K8S, workloads: workloads as never, ...(sidecar === undefined ? {} : { sidecar: sidecar as never }) });
    expectIssue(side([{ kind: '__proto__', name: 'a' }]), 'workloads[0].kind', /one of/);
    expectIssue(side([{ kind: 'toString', name: 'a' }]), 'workloads[0].kind', /one of/);
    expectIssue(side([JSON.parse('{"kind":"Deployment","name":"a","__proto__":{"x":1}}')]), 'workloads[0].__proto__', /unknown prop/);
    expectIssue(side([{ kind: 'Deployment', name: 'a'.repeat(100_000) }]), 'workloads[0].name', /RFC 1123/);
    expectIssue(side([{ kind: 'Deployment', name: 'a\u202eb' }]), 'workloads[0].name');
    expectIssue(side('cart'), 'workloads', /list of workloads/);
    expectIssue(side([new Map()]), 'workloads[0]');
    expectIssue(side([{ kind: 'Deployment', name: 'a' }], { resources: { limits: { cpu: '1'.repeat(10_000) } } }), 'sidecar.resources.limits.cpu');
    expectIssue(side([{ kind: 'Deployment', name: 'a' }], { rollPods: 'no' }), 'sidecar.rollPods', /true or false|boolean/);
    expectIssue(() => planL7Logging({ waypoints: [{ namespace: 'b', name: 'w'.repeat(64) }] }), 'waypoints[0].name', /at most 63/);
    expectIssue(() => planL7Logging({ waypoints: [Object.create({ namespace: 'b' })] as never }), 'waypoints[0]');
    expectIssue(() => planL7Logging({ collector: 'ebpf', platform: { kernelVersion: `5.${'9'.repeat(100_000)}` } }), 'platform.kernelVersion', /version such as/);
    expectIssue(() => planL7Logging({ collector: 'ebpf', platform: { kernelVersion: 517 as never } }), 'platform.kernelVersion', /version such as/);
  });
});

describe('around the logs: access, archive, verification', () => {
  test('prototype keys, huge and odd strings, non-plain objects are errors', () => {
    expectIssue(() => planL7LogAccess({ subjects: [JSON.parse('{"kind":"User","name":"a","__proto__":{"admin":true}}')] }), 'subjects[0].__proto__', /unknown prop/);
    expectIssue(() => planL7LogAccess({ subjects: [{ kind: 'User', name: 'u'.repeat(100_000) }] }), 'subjects[0].name', /1 to 1024/);
    expectIssue(() => planL7LogAccess({ subjects: new Map() as never }), 'subjects');
    expectIssue(() => planL7LogArchive({ s3: { region: 'eu-west-1', bucketName: 'b'.repeat(100_000), bucketPath: 'p' } }), 's3.bucketName');
    expectIssue(() => planL7LogArchive({ s3: { region: 'eu-west-1', bucketName: 'bucket', bucketPath: 'a\u0000b' } }), 's3.bucketPath');
    expectIssue(() => planL7LogArchive(JSON.parse('{"s3":{"region":"eu-west-1","bucketName":"bucket","bucketPath":"p"},"__proto__":{}}')), '__proto__', /unknown prop/);
    expectIssue(() => planL7Verification({ services: [{ name: 'a', port: 80, path: `/${'x'.repeat(100_000)}` }] }), 'services[0].path');
    expectIssue(() => planL7Verification({ services: [{ name: 'a', port: '80' as never }] }), 'services[0].port');
  });
});

describe('each message names what the user wrote, and the rule', () => {
  test('JSON "__proto__" and "constructor" keys are named as the unknown props they are', () => {
    expectIssue(() => planL7Logging(JSON.parse('{"felix":{"__proto__":{"x":1}}}')), 'felix.__proto__', /unknown prop/);
    expectIssue(() => planL7Logging(JSON.parse('{"felix":{"constructor":{"x":1}}}')), 'felix.constructor', /unknown prop/);
  });

  test('a class instance given for an object is named by its class', () => {
    class ServiceName {
      constructor(readonly name: string) {}
    }
    expectIssue(() => planL7Logging({ services: [new ServiceName('cart')] as never }), 'services[0]', /plain object .*class ServiceName/);
  });

  test('look-alike and invisible characters are escaped, not printed raw', () => {
    const e = expectIssues(() => planL7Logging({ services: [{ name: 'carts\u0435rvice' }] }));
    assert.match(e.message, /got "carts\\u0435rvice"/);
    assert.ok(e.message.split('\n').every((line) => /^[ -~]*$/.test(line)), 'only printable ASCII');
  });

  test('an overlong or malformed pre-release is blamed on calicoVersion, never on the image tag made from it', () => {
    for (const calicoVersion of [`3.10.0-${'a'.repeat(300)}`, '3.10.0-..', '3.10.0-']) {
      const e = expectIssues(() => planL7Logging({ calicoVersion: calicoVersion as never, collector: 'daemonset' }));
      assert.deepEqual(e.issues.map((i) => i.field), ['calicoVersion']);
    }
    const tag = planL7Logging({ calicoVersion: '3.10.0-2.0', collector: 'daemonset' }).objects.find((o) => o.kind === 'DaemonSet');
    assert.match(JSON.stringify(tag), /tigera\/envoy:v3\.10\.0-2\.0"/);
  });

  test("a Pulumi Output is named, without Pulumi's own toJSON text", () => {
    const output = {
      __pulumiOutput: true,
      toJSON() {
        return 'Calling [toJSON] on an [Output<T>] is not supported.';
      },
    };
    const e = expectIssues(() => planL7Logging({ calicoVersion: output as never }));
    assert.match(e.message, /calicoVersion: got \(a Pulumi Output, known only at deployment\)/);
    assert.doesNotMatch(e.message, /Calling/);
  });

  test('storage past 1Ei per node is an error; every recommendation is a Kubernetes quantity', () => {
    const issues = new Issues();
    assert.equal(validateStorage(issues, '', { nodes: 3, retentionDays: 1, currentPerNodeStorage: '1e300' }), undefined);
    assert.deepEqual(issues.list.map((i) => i.field), ['currentPerNodeStorage']);
    const biggest = sizeLogStorage({ nodes: 100_000, retentionDays: 3650, replicas: 100, currentPerNodeStorage: '1Ei' });
    assert.match(biggest.recommendedPerNodeStorage ?? '', /^[1-9][0-9]*(Gi|Ti|Pi|Ei)$/);
  });

  test('image registries and references follow the distribution grammar at every part', () => {
    for (const registry of ['-', 'a..b', 'quay.io.', '-quay.io', 'quay-.io', 'quay.io:port/', 'quay.io/Upper/', 'quay.io/a--/']) {
      expectIssue(() => planL7Logging({ collector: 'daemonset', images: { registry } }), 'images.registry', /domain/);
    }
    for (const registry of ['quay.io', 'registry.example.com:5000/mirror/', 'localhost:5000', '[::1]:5000/', 'Registry.Example.com/a__b/c--d/']) {
      planL7Logging({ collector: 'daemonset', images: { registry } });
    }
    expectIssue(() => planL7Logging({ collector: 'daemonset', images: { envoy: { name: 'tigera/-envoy' } } }), 'images.envoy.name');
    expectIssue(() => planL7Logging({ collector: 'daemonset', images: { envoy: { digest: `sha256:${'A'.repeat(64)}` } } }), 'images.envoy.digest');
    planL7Logging({ collector: 'daemonset', images: { envoy: { digest: `sha512:${'a'.repeat(128)}` } } });
    for (const image of ['-/curl', 'a..b/curl', 'quay.io./curl', 'curl:', 'curl@sha256:abc', `r/${'x'.repeat(260)}:1`]) {
      expectIssue(() => planL7Verification({ image, services: [{ name: 'a', port: 80 }] }), 'image');
    }
    for (const image of ['curl', 'registry.example.com:5000/tools/curl:8.11.1', `localhost/curl@sha256:${'a'.repeat(64)}`]) {
      planL7Verification({ image, services: [{ name: 'a', port: 80 }] });
    }
  });
});
