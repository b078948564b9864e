import { WORKLOAD_KINDS, type WorkloadKind, podTemplateNode } from './selection/workload';

/** Object metadata as this package writes it. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** A plain Kubernetes object, ready to serialize or hand to cdk8s or Pulumi. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}


/**
 * Kinds the package patches rather than owns: objects that exist in a Calico cluster (or may), of
 * which it writes only its own fields. Its Service and Namespace objects always patch existing ones.
 */
const PATCHED_KINDS: ReadonlySet<string> = new Set(['FelixConfiguration', 'ApplicationLayer', 'LogStorage', 'LogCollector', 'Istio', 'Service', 'Namespace']);

/** Whether the package writes only some fields of this object, leaving the rest to its owner. */
export function isPatch(object: KubeObject): boolean {
  return PATCHED_KINDS.has(object.kind) || isPodTemplatePatch(object);
}

/**
 * Whether Calico's API server serves this object (`projectcalico.org/v3`, the FelixConfiguration):
 * an aggregated API server, where a server-side apply of a partial object is not known to work for
 * any Calico Enterprise release, unless the cluster has native v3 CRDs (docs/gitops.md).
 */
export function isCalicoApiObject(object: KubeObject): boolean {
  return object.apiVersion === 'projectcalico.org/v3';
}

/**
 * A workload whose pod template has no pod spec: never a whole object (a pod needs containers), so
 * a patch of an existing workload's pod-template metadata, as the sidecar selection writes.
 */
export function isPodTemplatePatch(object: { readonly apiVersion?: unknown; readonly kind?: unknown; readonly spec?: unknown }): boolean {
  const kind = object.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(WORKLOAD_KINDS, kind) || WORKLOAD_KINDS[kind as WorkloadKind] !== object.apiVersion) return false;
  const template = podTemplateNode(kind as WorkloadKind, object);
  return template !== undefined && template.spec === undefined;
}

/** `Kind/namespace/name` (or `Kind/name`): one object of a cluster. */
export function objectIdentity(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}

/**
 * The container securityContext of the package's Jobs: the "restricted" Pod Security Standard, as
 * user and group nobody (65534), with a read-only root. A new object each call.
 * @internal
 */
export function restrictedContainerSecurity(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    capabilities: { drop: ['ALL'] },
  };
}
