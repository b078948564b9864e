import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  type DescribedWorkload,
  type PodTemplateShape,
  type ResolvedSidecar,
  type WorkloadDescriber,
  type WorkloadKind,
  type WorkloadRef,
  checkWorkloadKind,
  describeWorkloadRef,
  isPlainObject,
  podTemplateOf,
  renderWorkloadSelection,
  workloadProblemsAtDeployment,
} from '../core';
import { registerWorkloadPatch } from './resources';
import { isDeferred } from './deferred';

/** An existing workload whose namespace or name is only known at deployment: another resource's output, say. */
export interface WorkloadInputRef {
  readonly kind: WorkloadKind;
  /** @default "default" */
  readonly namespace?: pulumi.Input<string>;
  readonly name: pulumi.Input<string>;
}

/** Workload resources of the program that can be selected through a patch (a Job's pod template is immutable). */
export type WorkloadResource = k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet | k8s.apps.v1.ReplicaSet | k8s.batch.v1.CronJob;

/**
 * A workload to select in Pulumi: named by kind, namespace and name (plain strings or inputs), or a
 * workload resource of the same program, which the selection then depends on.
 */
export type WorkloadSource = WorkloadRef | WorkloadInputRef | WorkloadResource;

const RESOURCE_KINDS: readonly [WorkloadKind, { isInstance(o: unknown): boolean }][] = [
  ['Deployment', k8s.apps.v1.Deployment],
  ['StatefulSet', k8s.apps.v1.StatefulSet],
  ['DaemonSet', k8s.apps.v1.DaemonSet],
  ['ReplicaSet', k8s.apps.v1.ReplicaSet],
  ['CronJob', k8s.batch.v1.CronJob],
];

function resourceKind(source: unknown): WorkloadKind | undefined {
  return RESOURCE_KINDS.find(([, cls]) => cls.isInstance(source))?.[0];
}

/**
 * Plain names are checked now; a workload resource or an input name is checked at deployment,
 * when its values are known, and selected through a patch of its own.
 */
export const describeWorkloadSource: WorkloadDescriber<WorkloadSource> = (issues, field, source) => {
  if (k8s.batch.v1.Job.isInstance(source)) {
    issues.add(`${field}.kind`, 'Job', "a Job resource cannot be selected by a patch: its pod template is immutable; put the sidecar label and annotations in the Job's own args");
    return undefined;
  }
  const kind = resourceKind(source);
  if (kind) return { kind, namespace: '(deployment)', name: field, inApp: true } satisfies DescribedWorkload;
  if (isPlainObject(source) && (isDeferred(source.name) || isDeferred(source.namespace))) {
    if (!checkWorkloadKind(issues, `${field}.kind`, source.kind, false)) return undefined;
    // Not known yet: a placeholder that no other workload can equal, so uniqueness is not claimed for it.
    return { kind: source.kind, namespace: '(deployment)', name: field, inApp: true } satisfies DescribedWorkload;
  }
  return describeWorkloadRef(issues, field, source as WorkloadRef);
};

/**
 * The `*Patch` of a workload whose namespace and name come from the program, carrying only the pod
 * template's selection. Checked as a workload is (names, host network, Istio) when the values arrive.
 */
export function registerWorkloadInput(
  name: string,
  source: WorkloadInputRef | WorkloadResource,
  sidecar: ResolvedSidecar,
  selected: boolean,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const kind = resourceKind(source) ?? (source as WorkloadInputRef).kind;
  const resource = resourceKind(source) ? (source as WorkloadResource) : undefined;
  const workloadName = resource ? resource.metadata.name : pulumi.output((source as WorkloadInputRef).name);
  const namespace = resource ? resource.metadata.namespace : pulumi.output((source as WorkloadInputRef).namespace ?? 'default');
  const spec: pulumi.Output<unknown> = resource ? (resource.spec as pulumi.Output<unknown>) : pulumi.output(undefined);
  const checked = pulumi.all([namespace, workloadName, spec]).apply(([ns, n, s]) => {
    const template: PodTemplateShape | undefined = s === undefined ? undefined : podTemplateOf(kind, { spec: s });
    const problems = workloadProblemsAtDeployment(kind, ns ?? 'default', n, template);
    if (problems) throw new Error(`${name}: ${problems}`);
    return renderWorkloadSelection({ kind, namespace: ns ?? 'default', name: n }, sidecar, selected);
  });
  // The patch's args are the rendered object's, whose shape the core has checked.
  const args = { metadata: checked.apply((o) => o.metadata as never), spec: checked.apply((o) => o.spec as never) } as never;
  return registerWorkloadPatch(name, kind, args, { ...opts, ...(resource ? { dependsOn: [resource] } : {}) });
}
