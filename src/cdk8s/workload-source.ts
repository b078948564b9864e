import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  type PodTemplateShape,
  type ResolvedSidecar,
  SIDECAR_ANNOTATIONS,
  SIDECAR_LABEL,
  WORKLOAD_KINDS,
  type WorkloadDescriber,
  type WorkloadKind,
  type WorkloadRef,
  checkWorkloadKind,
  checkWorkloadLimits,
  describeWorkloadRef,
  isPlainObject,
  podTemplateNode,
  podTemplateOf,
  podTemplatePath,
  sidecarPodMetadata,
} from '../core';
import { apiObjectOf } from './api-objects';

/**
 * A workload to select for the L7 sidecar: an existing one named by kind, namespace and name, or a
 * workload of the same app (a cdk8s `ApiObject` of kind Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job or CronJob, or a cdk8s-plus workload).
 */
export type WorkloadSource = WorkloadRef | Construct;

/** The part of a cdk8s-plus workload this package uses: its pod metadata and host networking. */
interface PlusWorkload {
  readonly podMetadata: {
    addLabel(key: string, value: string): void;
    addAnnotation(key: string, value: string): void;
    toJson(): unknown;
  };
  readonly hostNetwork?: unknown;
}

function asPlusWorkload(source: Construct, object: ApiObject): PlusWorkload | undefined {
  const plus = source as unknown as Partial<PlusWorkload>;
  return source !== object && typeof plus.podMetadata?.addLabel === 'function' ? (plus as PlusWorkload) : undefined;
}

/** Describes an existing workload or a workload of this app, checking the documented limits. */
export const describeWorkloadSource: WorkloadDescriber<WorkloadSource> = (issues, field, source) => {
  // isConstruct, not instanceof: the app may load its own copy of the constructs package.
  if (!Construct.isConstruct(source)) return describeWorkloadRef(issues, field, source);
  const object = apiObjectOf(issues, field, source, 'a workload construct (an ApiObject of a workload kind, or a construct wrapping one)');
  if (!object || !checkWorkloadKind(issues, `${field}.kind`, object.kind, true)) return undefined;
  if (WORKLOAD_KINDS[object.kind] !== object.apiVersion) {
    issues.add(field, `${object.apiVersion}/${object.kind} ${source.node.path}`, `expected ${WORKLOAD_KINDS[object.kind]} ${object.kind}`);
    return undefined;
  }
  const template = podTemplateOfConstruct(source, object, object.kind);
  if (!template) {
    issues.add(field, source.node.path, `expected a ${object.kind} with a pod template`);
    return undefined;
  }
  const shape = checkWorkloadLimits(issues, field, { kind: object.kind, namespace: object.metadata.namespace ?? 'default', name: object.name, template });
  return shape && { ...shape, inApp: true };
};

/** Labels, annotations and hostNetwork of a workload construct's pod template, read before its containers may be complete. */
function podTemplateOfConstruct(source: Construct, object: ApiObject, kind: WorkloadKind): PodTemplateShape | undefined {
  const plus = asPlusWorkload(source, object);
  // cdk8s-plus keeps these as properties; rendering a workload without containers would throw.
  if (plus) {
    const meta = plus.podMetadata.toJson();
    const m = isPlainObject(meta) ? meta : {};
    return {
      ...(isPlainObject(m.labels) ? { labels: m.labels } : {}),
      ...(isPlainObject(m.annotations) ? { annotations: m.annotations } : {}),
      ...(plus.hostNetwork === undefined ? {} : { hostNetwork: plus.hostNetwork }),
    };
  }
  return podTemplateOf(kind, object.toJson());
}

const pointer = (path: readonly string[]) => `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * Selects a workload of this app by adding the sidecar label and annotations to its pod template,
 * next to its others; deselects it by removing those it carries.
 */
export function selectWorkloadInApp(source: Construct, sidecar: ResolvedSidecar, selected: boolean): void {
  const object = ApiObject.of(source);
  const kind = object.kind as WorkloadKind;
  const plus = asPlusWorkload(source, object);
  const wanted = sidecarPodMetadata(sidecar);
  if (selected && plus) {
    for (const [k, v] of Object.entries(wanted.labels)) plus.podMetadata.addLabel(k, v);
    for (const [k, v] of Object.entries(wanted.annotations)) plus.podMetadata.addAnnotation(k, v);
    return;
  }
  const metaPath = [...podTemplatePath(kind), 'metadata'];
  const current = podTemplateOfConstruct(source, object, kind) ?? {};
  if (selected) {
    // JSON Patch adds a member only under an existing parent: create the maps first where missing.
    if (!isPlainObject(podTemplateNode(kind, object.toJson())?.metadata)) object.addJsonPatch(JsonPatch.add(pointer(metaPath), {}));
    for (const where of ['labels', 'annotations'] as const) {
      if (current[where] === undefined) object.addJsonPatch(JsonPatch.add(pointer([...metaPath, where]), {}));
      for (const [k, v] of Object.entries(wanted[where])) object.addJsonPatch(JsonPatch.add(pointer([...metaPath, where, k]), v));
    }
    return;
  }
  const ours = { labels: [SIDECAR_LABEL], annotations: Object.values(SIDECAR_ANNOTATIONS) };
  for (const where of ['labels', 'annotations'] as const) {
    for (const k of ours[where]) {
      if (current[where]?.[k] !== undefined) object.addJsonPatch(JsonPatch.remove(pointer([...metaPath, where, k])));
    }
  }
}
