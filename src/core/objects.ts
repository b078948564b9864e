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
 * which it writes only its own fields. Its Service objects always patch an existing Service.
 */
const PATCHED_KINDS: ReadonlySet<string> = new Set(['FelixConfiguration', 'ApplicationLayer', 'LogStorage', 'Service']);

/** Whether the package writes only some fields of this object, leaving the rest to its owner. */
export function isPatch(object: KubeObject): boolean {
  return PATCHED_KINDS.has(object.kind);
}

/** `Kind/namespace/name` (or `Kind/name`): one object of a cluster. */
export function objectIdentity(object: KubeObject): string {
  return [object.kind, object.metadata.namespace, object.metadata.name].filter((p) => p !== undefined).join('/');
}
