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

/** The kinds whose schema changes with the release (the Calico kinds, Istio's, the Gateway, Gloo's), by apiVersion. */
const KINDS_BY_RELEASE: Readonly<Record<string, string>> = {
  FelixConfiguration: 'projectcalico.org/v3',
  ApplicationLayer: 'operator.tigera.io/v1',
  LogStorage: 'operator.tigera.io/v1',
  LogCollector: 'operator.tigera.io/v1',
  Istio: 'operator.tigera.io/v1',
  Gateway: 'gateway.networking.k8s.io/v1',
  AccessLogRecord: 'observability.enterprise.mesh.gloo.solo.io/v1',
  AccessLogPolicy: 'observability.policy.gloo.solo.io/v2',
};

/** The built-in kinds the package writes, as their keys: `apiVersion/Kind`. */
const BUILT_IN_KEYS = [
  'v1/Service',
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/ServiceAccount',
  'apps/v1/DaemonSet',
  'batch/v1/Job',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
];

/** Each kind written: its apiVersion, and its key unless that depends on the release. Looked up per object, with no string built. */
const WRITTEN_KINDS = new Map<string, { readonly apiVersion: string; readonly key?: string }>([
  ...Object.entries(KINDS_BY_RELEASE).map(([kind, apiVersion]) => [kind, { apiVersion }] as const),
  ...BUILT_IN_KEYS.map((key) => [key.slice(key.lastIndexOf('/') + 1), { apiVersion: key.slice(0, key.lastIndexOf('/')), key }] as const),
]);

/** The key of the self-check schema for a rendered object, or undefined for a kind the package never writes. */
export function selfCheckKey(object: KubeObject, release: CalicoRelease): string | undefined {
  if (isPodTemplatePatch(object)) return `${object.apiVersion}/${object.kind}#pod-template`;
  const written = WRITTEN_KINDS.get(object.kind);
  if (written?.apiVersion !== object.apiVersion) return undefined;
  return written.key ?? releaseVariant(object.kind, release);
}
