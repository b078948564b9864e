import { Issues, describeIssue } from '../errors';
import type { KubeObject } from '../objects';
import { type ContainerResources, checkContainerResources, resourcesOf } from '../resources';
import { checkBoolean, checkEnum, checkKnownKeys, checkNameAt, isPlainObject, join } from '../rules';

// Selecting workloads for the L7 sidecar (Calico Enterprise 3.20.0-2.0 on): the operator's webhook
// injects Envoy into pods created with the label below and at least one feature annotation "Enabled".

/** Pod label the sidecar webhook selects pods by (its objectSelector). */
export const SIDECAR_LABEL = 'applicationlayer.projectcalico.org/sidecar';
/** Pod annotations the webhook reads; each feature is on only with the exact value "Enabled". */
export const SIDECAR_ANNOTATIONS = {
  logging: 'applicationlayer.projectcalico.org/logging',
  policy: 'applicationlayer.projectcalico.org/policy',
  waf: 'applicationlayer.projectcalico.org/waf',
  resources: 'applicationlayer.projectcalico.org/sidecarResources',
} as const;

/** The workload kinds whose pod template can carry the selection, with their API versions. */
export const WORKLOAD_KINDS = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
} as const;
export type WorkloadKind = keyof typeof WORKLOAD_KINDS;
const KINDS = Object.keys(WORKLOAD_KINDS) as WorkloadKind[];
/** The kinds an existing workload may be: not a Job, whose pod template is immutable. */
const EXISTING_KINDS = KINDS.filter((k) => k !== 'Job');

/** An existing workload, named by kind, namespace and name. */
export interface WorkloadRef {
  /** One of Deployment, StatefulSet, DaemonSet, ReplicaSet, CronJob (an existing Job's pod template cannot change). */
  readonly kind: WorkloadKind;
  /** @default "default" */
  readonly namespace?: string;
  readonly name: string;
}

/** What is known of a workload's pod template, to check it against the documented limits. */
export interface PodTemplateShape {
  readonly labels?: Readonly<Record<string, unknown>>;
  readonly annotations?: Readonly<Record<string, unknown>>;
  readonly hostNetwork?: unknown;
}

export interface WorkloadShape {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly template?: PodTemplateShape;
}

/**
 * A workload to select, as an adapter describes it: an existing one, or one defined in the same program.
 * @internal
 */
export interface DescribedWorkload extends WorkloadShape {
  /** Defined in the same app or program: label that object instead of emitting one. */
  readonly inApp: boolean;
}

/** Turns one entry of `workloads` into a shape, reporting problems at `field`. */
export type WorkloadDescriber<W> = (issues: Issues, field: string, workload: W) => DescribedWorkload | undefined;

/** What the injected sidecar does besides L7 logs, and when the selected pods restart. */
export interface SidecarOptions {
  /** Also enforce application layer policy in the sidecar (`…/policy: Enabled`). @default false */
  readonly policy?: boolean;
  /** Also run the web application firewall in the sidecar (`…/waf: Enabled`). @default false */
  readonly waf?: boolean;
  /** Requests and limits of the injected containers (`…/sidecarResources`). @default - the webhook's own */
  readonly resources?: ContainerResources;
  /**
   * Whether to change the pod templates now. The webhook injects only when a pod is created, so a
   * changed template rolls the pods, which is what makes selection take effect. `false` holds the
   * workloads back for a maintenance window: nothing is written to them and the rollout steps list them.
   * @default true
   */
  readonly rollPods?: boolean;
}

/** @internal */
export interface ResolvedSidecar {
  readonly policy: boolean;
  readonly waf: boolean;
  readonly resources?: ContainerResources;
  readonly rollPods: boolean;
}

export function validateSidecarOptions(issues: Issues, field: string, given: unknown): ResolvedSidecar {
  const defaults: ResolvedSidecar = { policy: false, waf: false, rollPods: true };
  if (given === undefined) return defaults;
  if (!checkKnownKeys(issues, field, given, ['policy', 'waf', 'resources', 'rollPods'])) return defaults;
  const s = given as SidecarOptions;
  const resolved: ResolvedSidecar = {
    policy: s.policy ?? defaults.policy,
    waf: s.waf ?? defaults.waf,
    rollPods: s.rollPods ?? defaults.rollPods,
    ...(s.resources === undefined ? {} : { resources: s.resources }),
  };
  for (const key of ['policy', 'waf', 'rollPods'] as const) checkBoolean(issues, join(field, key), resolved[key]);
  if (s.resources !== undefined) checkContainerResources(issues, join(field, 'resources'), s.resources);
  return resolved;
}

const WORKLOAD_REF_KEYS = ['kind', 'namespace', 'name'];

/** Checks a reference to an existing workload; returns it with the namespace filled in. */
export const describeWorkloadRef: WorkloadDescriber<WorkloadRef> = (issues, field, ref) => {
  if (!checkKnownKeys(issues, field, ref, WORKLOAD_REF_KEYS)) return undefined;
  const namespace = ref.namespace ?? 'default';
  const kindOk = checkWorkloadKind(issues, join(field, 'kind'), ref.kind, false);
  const ok = checkNameAt(issues, field, 'namespace', namespace, 'label') && checkNameAt(issues, field, 'name', ref.name, 'subdomain');
  return kindOk && ok ? { kind: ref.kind, namespace, name: ref.name, inApp: false } : undefined;
};

/**
 * The kinds that can be selected. A bare Pod cannot: the webhook acts when a pod is created, and a
 * Pod's labels are read by nothing that creates pods. An existing Job cannot either: its pod template
 * is immutable. A Job of the same app can, since it is created with the selection.
 */
export function checkWorkloadKind(issues: Issues, field: string, kind: unknown, inApp: boolean): kind is WorkloadKind {
  if (kind === 'Pod') {
    issues.add(field, kind, 'a bare Pod cannot be selected: the sidecar is injected when a pod is created; select the workload that creates it');
    return false;
  }
  if (kind === 'Job' && !inApp) {
    issues.add(field, kind, "an existing Job cannot be selected: its pod template is immutable; select its CronJob, or define the Job in the same app");
    return false;
  }
  return checkEnum(issues, field, kind, inApp ? KINDS : EXISTING_KINDS);
}

const ISTIO_MARKS: readonly { readonly where: 'labels' | 'annotations'; readonly key: string; readonly value?: string }[] = [
  { where: 'labels', key: 'sidecar.istio.io/inject', value: 'true' },
  { where: 'annotations', key: 'sidecar.istio.io/inject', value: 'true' },
  { where: 'labels', key: 'istio.io/rev' },
  { where: 'labels', key: 'istio.io/dataplane-mode', value: 'ambient' },
];

/**
 * What makes a selected workload fail in a cluster, as far as its pod template is known: host-network
 * pods are unsupported, and the Calico sidecar does not work beside a service mesh such as Istio.
 */
export function checkWorkloadLimits(issues: Issues, field: string, w: WorkloadShape): WorkloadShape | undefined {
  const before = issues.count;
  const t = w.template ?? {};
  const id = `${w.kind} ${w.namespace}/${w.name}`;
  if (t.hostNetwork === true) {
    issues.add(join(field, 'hostNetwork'), true, `${id} cannot be selected: L7 log collection does not support host-network pods`);
  }
  for (const mark of ISTIO_MARKS) {
    const value = t[mark.where]?.[mark.key];
    if (value !== undefined && (mark.value === undefined || value === mark.value)) {
      issues.add(
        join(field, `${mark.where}.${mark.key}`),
        value,
        `${id} is in an Istio mesh: the Calico L7 sidecar is not supported beside a service mesh (use collector "waypoint" for Istio ambient)`,
      );
    }
  }
  return issues.count === before ? w : undefined;
}

/** Rejects the same workload twice: a second selection would be a conflicting owner of its pod template. */
export function checkUniqueWorkloads(issues: Issues, field: string, workloads: readonly (WorkloadShape | undefined)[]): void {
  const seen = new Map<string, number>();
  workloads.forEach((w, i) => {
    if (!w) return;
    const id = `${w.kind}/${w.namespace}/${w.name}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.add(`${field}[${i}]`, id, `expected each workload once; it is already ${field}[${first}]`);
  });
}

/** The pod-template label and annotations that select a workload, in a fixed order. */
export function sidecarPodMetadata(s: ResolvedSidecar): { labels: Record<string, string>; annotations: Record<string, string> } {
  // Literal keys (`satisfies` keeps them the constants): objects built with computed keys are slower to synthesize.
  const annotations: Record<string, string> = { 'applicationlayer.projectcalico.org/logging': 'Enabled' } satisfies Record<
    typeof SIDECAR_ANNOTATIONS.logging,
    string
  >;
  if (s.policy) annotations[SIDECAR_ANNOTATIONS.policy] = 'Enabled';
  if (s.waf) annotations[SIDECAR_ANNOTATIONS.waf] = 'Enabled';
  // The webhook parses this as ResourceRequirements JSON, and rejects the pod when it cannot.
  if (s.resources) annotations[SIDECAR_ANNOTATIONS.resources] = JSON.stringify(resourcesOf(s.resources));
  return { labels: { 'applicationlayer.projectcalico.org/sidecar': 'true' } satisfies Record<typeof SIDECAR_LABEL, string>, annotations };
}

/** Where a kind keeps its pod template: CronJobs one level down, in the Job template. */
export function podTemplatePath(kind: WorkloadKind): readonly string[] {
  return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
}

/**
 * A workload object that carries only the pod template's selection, for `kubectl apply --server-side`:
 * the API server merges it into the existing workload. Deselected, the template metadata is empty,
 * so the same field manager's next apply removes the label and annotations, which rolls the pods
 * back without the sidecar.
 */
export function renderWorkloadSelection(w: WorkloadShape, sidecar: ResolvedSidecar, selected = true): KubeObject {
  let nested: Record<string, unknown> = { metadata: selected ? sidecarPodMetadata(sidecar) : {} };
  for (const key of [...podTemplatePath(w.kind)].reverse().slice(0, -1)) nested = { [key]: nested };
  return { apiVersion: WORKLOAD_KINDS[w.kind], kind: w.kind, metadata: { name: w.name, namespace: w.namespace }, spec: nested };
}

/**
 * Checks a workload known only at deployment (a Pulumi output): the name rules and the limits.
 * Returns the problems as one sentence, or undefined when it can be selected.
 */
export function workloadProblemsAtDeployment(kind: WorkloadKind, namespace: string, name: string, template: PodTemplateShape | undefined): string | undefined {
  const issues = new Issues();
  const shape = describeWorkloadRef(issues, 'workload', { kind, namespace, name });
  if (shape) checkWorkloadLimits(issues, 'workload', { ...shape, ...(template ? { template } : {}) });
  return issues.list.length === 0 ? undefined : issues.list.map(describeIssue).join('; ');
}

/** The pod template of a workload object of `kind`, where that kind keeps it, if the object has one. */
export function podTemplateNode(kind: WorkloadKind, object: unknown): Record<string, unknown> | undefined {
  let node: unknown = object;
  for (const key of podTemplatePath(kind)) node = isPlainObject(node) ? node[key] : undefined;
  return isPlainObject(node) ? node : undefined;
}

/** Reads the pod template's labels, annotations and hostNetwork from a workload object. */
export function podTemplateOf(kind: WorkloadKind, object: unknown): PodTemplateShape | undefined {
  const t = podTemplateNode(kind, object);
  if (!t) return undefined;
  const meta = isPlainObject(t.metadata) ? t.metadata : {};
  const spec = isPlainObject(t.spec) ? t.spec : {};
  return {
    ...(isPlainObject(meta.labels) ? { labels: meta.labels } : {}),
    ...(isPlainObject(meta.annotations) ? { annotations: meta.annotations } : {}),
    ...(spec.hostNetwork === undefined ? {} : { hostNetwork: spec.hostNetwork }),
  };
}
