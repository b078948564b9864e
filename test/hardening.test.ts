import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RESOURCES, planL7Logging } from '../src/core';
import { expectIssue } from './helpers';

type Any = Record<string, any>;

function podSpec(props: object = {}): Any {
  const ds = planL7Logging({ collector: 'daemonset', ...props }).objects.find((o) => o.kind === 'DaemonSet') as Any;
  return ds.spec.template.spec;
}
const containers = (props: object = {}): Any[] => podSpec(props).containers;

describe('the daemonset collector asks for no more privilege than it needs', () => {
  test('no container is privileged or may escalate', () => {
    for (const c of containers()) {
      assert.equal(c.securityContext.privileged, false, c.name);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
    }
  });

  test('every container drops ALL capabilities; only envoy-proxy adds NET_ADMIN and NET_RAW', () => {
    const caps = Object.fromEntries(containers().map((c) => [c.name, c.securityContext.capabilities]));
    assert.deepEqual(caps, {
      'envoy-proxy': { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] },
      'l7-collector': { drop: ['ALL'] },
    });
  });

  test('root file systems are read-only and the pod uses the runtime default seccomp profile', () => {
    for (const c of containers()) assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
    assert.deepEqual(podSpec().securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('CPU and memory requests by default, no limits (an OOM-killed Envoy drops every proxied connection on its node); limits when given', () => {
    const [envoy, collector] = containers();
    assert.deepEqual(envoy?.resources, DEFAULT_RESOURCES.envoyProxy);
    assert.deepEqual(collector?.resources, DEFAULT_RESOURCES.l7Collector);
    for (const c of containers()) {
      for (const r of ['cpu', 'memory']) assert.ok(c.resources.requests[r], `${c.name} requests.${r}`);
      assert.equal(c.resources.limits, undefined, `${c.name} has no limits by default`);
    }
    const custom = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } };
    const [envoy2, collector2] = containers({ resources: { envoyProxy: custom } });
    assert.deepEqual(envoy2?.resources, custom);
    assert.deepEqual(collector2?.resources, DEFAULT_RESOURCES.l7Collector);
  });

  test('images are pinned to a version tag or a digest; a minor release gets its newest known patch', () => {
    // CE 3.10's last patch is 3.10.2; no 3.9 patch after 3.9.0 is known (calico-l7-eras.md §3.1).
    for (const c of containers()) assert.match(c.image, /^quay\.io\/tigera\/[a-z0-9-]+:v3\.10\.2$/);
    for (const c of containers({ calicoVersion: '3.9' })) assert.match(c.image, /:v3\.9\.0$/);
    for (const c of containers({ calicoVersion: '3.10.1' })) assert.match(c.image, /:v3\.10\.1$/);
    expectIssue(() => planL7Logging({ collector: 'daemonset', images: { collector: { tag: 'latest' } } }), 'images.collector.tag', /latest/);
    expectIssue(() => planL7Logging({ collector: 'daemonset', images: { tag: '' } }), 'images.tag', /version tag/);
    // The default tag comes from calicoVersion: a pre-release too long for a tag is refused where the user wrote it.
    expectIssue(() => planL7Logging({ collector: 'daemonset', calicoVersion: `3.10.0-${'1'.repeat(130)}` }), 'calicoVersion', /at most 64/);
  });

  test('no hostPath volume; the Envoy config is mounted read-only', () => {
    const spec = podSpec();
    assert.ok(spec.volumes.every((v: Any) => v.hostPath === undefined));
    const mount = spec.containers[0].volumeMounts.find((m: Any) => m.name === 'envoy-config');
    assert.equal(mount.readOnly, true);
  });

  test('the ServiceAccount mounts no token', () => {
    const objects = planL7Logging({ collector: 'daemonset' }).objects as unknown as Any[];
    assert.equal(objects.find((o) => o.kind === 'ServiceAccount')?.automountServiceAccountToken, false);
    assert.equal(podSpec().automountServiceAccountToken, false);
    assert.equal(podSpec().serviceAccountName, 'l7-log-collector');
  });

  test('priorityClassName is an option, unset by default', () => {
    assert.equal(podSpec().priorityClassName, undefined);
    assert.equal(podSpec({ priorityClassName: 'system-node-critical' }).priorityClassName, 'system-node-critical');
  });
});
