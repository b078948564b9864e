import { type KubeObject, isPodTemplatePatch } from '../core/objects';
import { type CalicoRelease, type Feature, hasFeature } from '../core/release';

// Which schema checks an object the package rendered. Light on purpose: it runs in every synth,
// while the schemas themselves are compiled ahead of time (lib) or on first use (sources).

/** The release features that change the schema of a Calico kind this package writes. */
export const SCHEMA_FEATURES: Readonly<Record<string, readonly Feature[]>> = {
  FelixConfiguration: ['tproxyUpstreamConnMark', 'tproxyModeEnabledAllServices', 'l7LogsFileAggregationTLSSNI', 'l7ObservabilityEnabled'],
  ApplicationLayer: ['sidecarInjection'],
};

/** `Kind@bits`: a Calico kind with the features of `release` that shape its schema, one bit each. */
export function releaseVariant(kind: string, release: CalicoRelease): string {
  const features = SCHEMA_FEATURES[kind] ?? [];
  return features.length === 0 ? kind : `${kind}@${features.map((f) => (hasFeature(release, f) ? 1 : 0)).join('')}`;
}

/** The key of the self-check schema for a rendered object, or undefined for a kind the package never writes. */
export function selfCheckKey(object: KubeObject, release: CalicoRelease): string | undefined {
  const id = `${object.apiVersion}/${object.kind}`;
  if (isPodTemplatePatch(object)) return `${id}#pod-template`;
  switch (id) {
    case 'projectcalico.org/v3/FelixConfiguration':
    case 'operator.tigera.io/v1/ApplicationLayer':
    case 'operator.tigera.io/v1/LogStorage':
    case 'operator.tigera.io/v1/LogCollector':
    case 'operator.tigera.io/v1/Istio':
    case 'gateway.networking.k8s.io/v1/Gateway':
    case 'observability.enterprise.mesh.gloo.solo.io/v1/AccessLogRecord':
    case 'observability.policy.gloo.solo.io/v2/AccessLogPolicy':
      return releaseVariant(object.kind, release);
    case 'v1/Service':
    case 'v1/Namespace':
    case 'v1/ConfigMap':
    case 'v1/ServiceAccount':
    case 'apps/v1/DaemonSet':
    case 'batch/v1/Job':
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return id;
    default:
      return undefined;
  }
}

/** The module file the build compiles a key's validator to: the key in base64url, a name of its own per key. */
export function validatorFile(key: string): string {
  return `${Buffer.from(key).toString('base64url')}.js`;
}
