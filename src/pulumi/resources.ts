import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { ClusterWrites, type CollectorKind, type KubeObject, L7ValidationError, isPatch, isPodTemplatePatch, type WorkloadKind } from '../core';

/** Type tokens of this package's components: `calico-l7-logging:index:<Name>`. */
export const typeToken = (name: string) => `calico-l7-logging:index:${name}`;

/**
 * Registers one core-rendered object as the Pulumi resource that manages it the way this package
 * means: existing objects (FelixConfiguration, Services, LogStorage) and the ApplicationLayer
 * through Patch resources, which apply only our fields and give them back on delete; objects
 * the package introduces (the collector's ConfigMap, ServiceAccount and DaemonSet) as ordinary resources.
 */
export function registerObject(name: string, object: KubeObject, opts: pulumi.CustomResourceOptions, finish: FinishArgs = (o) => o): pulumi.CustomResource {
  // A resource of its own per object: Pulumi transformations on one never reach another's maps.
  const args = finish(structuredClone(object)) as never;
  if (isPodTemplatePatch(object)) return registerWorkloadPatch(name, object.kind as WorkloadKind, args, opts);
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Service':
      return new k8s.core.v1.ServicePatch(name, args, opts);
    case 'v1/Namespace':
      return new k8s.core.v1.NamespacePatch(name, args, opts);
    case 'gateway.networking.k8s.io/v1/Gateway':
      // The namespace's waypoint label must wait until Istio runs the waypoint (pulumi-kubernetes 4.18+).
      return new k8s.apiextensions.CustomResource(name, withAnnotation(args, 'pulumi.com/waitFor', 'condition=Programmed'), opts);
    case 'v1/ConfigMap':
      return new k8s.core.v1.ConfigMap(name, args, opts);
    case 'v1/ServiceAccount':
      return new k8s.core.v1.ServiceAccount(name, args, opts);
    case 'apps/v1/DaemonSet':
      return new k8s.apps.v1.DaemonSet(name, args, opts);
    case 'batch/v1/Job':
      // The update fails unless the Job completes; a Job's template is immutable, so a change replaces it.
      return new k8s.batch.v1.Job(name, withAnnotation(args, 'pulumi.com/waitFor', 'condition=Complete'), { ...opts, deleteBeforeReplace: true });
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return new k8s.rbac.v1.ClusterRole(name, args, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return new k8s.rbac.v1.ClusterRoleBinding(name, args, opts);
    default:
      if (isPatch(object)) return new k8s.apiextensions.CustomResourcePatch(name, args, opts);
      // Custom resources the package owns (Gloo Mesh's access log record or policy).
      if (object.apiVersion.includes('.')) return new k8s.apiextensions.CustomResource(name, args, opts);
      throw new Error(`no Pulumi resource mapping for ${object.apiVersion}/${object.kind}`);
  }
}

/** The `*Patch` resource of each workload kind: server-side apply of the pod template's selection. */
const WORKLOAD_PATCHES = {
  Deployment: k8s.apps.v1.DeploymentPatch,
  StatefulSet: k8s.apps.v1.StatefulSetPatch,
  DaemonSet: k8s.apps.v1.DaemonSetPatch,
  ReplicaSet: k8s.apps.v1.ReplicaSetPatch,
  Job: k8s.batch.v1.JobPatch,
  CronJob: k8s.batch.v1.CronJobPatch,
} as const satisfies Record<WorkloadKind, unknown>;

export function registerWorkloadPatch(name: string, kind: WorkloadKind, args: never, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return new WORKLOAD_PATCHES[kind](name, args, opts);
}

function withAnnotation(args: Record<string, unknown>, key: string, value: string): never {
  const metadata = (args.metadata ?? {}) as Record<string, unknown>;
  return { ...args, metadata: { ...metadata, annotations: { ...(metadata.annotations as object), [key]: value } } } as never;
}

/**
 * Logical name of an object's resource under a component: the component's name (with "~" and "/"
 * escaped as `~0`, `~1`), the kind, the namespace and the name, joined by "/". No kind, namespace
 * or name holds a "/", so two objects never get one name, whatever the component names.
 */
export function resourceName(component: string, object: KubeObject, phase?: 'traffic'): string {
  const escaped = component.replace(/~/g, '~0').replace(/\//g, '~1');
  return [escaped, object.kind, object.metadata.namespace, object.metadata.name, phase].filter((p) => p !== undefined).join('/');
}

/**
 * Objects of 0.1 whose renamed resource would disrupt the cluster if replaced: the collector's and the
 * Felix, ApplicationLayer and LogStorage patches. Selections need no alias: a renamed patch is created
 * before the old one is deleted, and each Patch resource has a field manager of its own, so the
 * annotation stays owned throughout. One alias per Service made Pulumi a third slower and 40% larger
 * at 5,000 Services. Kinds added since 0.1 have no old name.
 */
function hadLegacyName(object: KubeObject): boolean {
  return ['FelixConfiguration', 'ApplicationLayer', 'LogStorage', 'ConfigMap', 'ServiceAccount', 'DaemonSet'].includes(object.kind) && !isPodTemplatePatch(object);
}

/** The name releases before 0.2 gave the resource: kept as an alias, so it updates in place. */
function previousName(component: string, object: KubeObject): string {
  return [component, object.kind.toLowerCase(), object.metadata.namespace, object.metadata.name].filter(Boolean).join('-');
}

/** Puts values known only at deployment (outputs) into an object's args before its resource is registered. */
export type FinishArgs = (args: KubeObject) => Record<string, unknown>;

/** Registers objects in apply order: the collector (`DaemonSet` or `ApplicationLayer`) waits for everything before it. */
export function registerInOrder(component: string, objects: readonly KubeObject[], opts: pulumi.CustomResourceOptions, finish?: FinishArgs): pulumi.CustomResource[] {
  return registerPhases(component, objects, [], opts, finish);
}

/**
 * Registers the collector phase as {@link registerInOrder} does, then the traffic phase waiting for
 * the collector and the waypoints: Pulumi waits for a DaemonSet until it is rolled out on every node
 * and for a waypoint Gateway until it is Programmed, so nothing sends traffic to a proxy that does
 * not run. The traffic phase's FelixConfiguration patch is a resource (and field manager) of its own.
 */
export function registerPhases(
  component: string,
  collectorPhase: readonly KubeObject[],
  trafficPhase: readonly KubeObject[],
  opts: pulumi.CustomResourceOptions,
  finish?: FinishArgs,
): pulumi.CustomResource[] {
  const registered: pulumi.CustomResource[] = [];
  let collector: pulumi.CustomResource | undefined;
  const register = (object: KubeObject, dependsOn: pulumi.Resource[], phase?: 'traffic') => {
    const aliases = phase || !hadLegacyName(object) ? [] : [{ name: previousName(component, object) }];
    const resource = registerObject(resourceName(component, object, phase), object, { ...opts, aliases, ...(dependsOn.length ? { dependsOn } : {}) }, finish);
    registered.push(resource);
    return resource;
  };
  const waypoints: pulumi.CustomResource[] = [];
  for (const object of collectorPhase) {
    const isCollector = object.kind === 'DaemonSet' || object.kind === 'ApplicationLayer' || object.kind === 'Istio';
    const resource = register(object, isCollector ? [...registered] : []);
    if (isCollector) collector = resource;
    if (object.kind === 'Gateway') waypoints.push(resource);
  }
  const ready = [...(collector ? [collector] : []), ...waypoints];
  for (const object of trafficPhase) {
    // The collector phase may patch the same FelixConfiguration: the traffic one needs a name of its own.
    register(object, ready, object.kind === 'FelixConfiguration' && collectorPhase.length > 0 ? 'traffic' : undefined);
  }
  return registered;
}

const writesByProvider = new Map<unknown, ClusterWrites>();

/**
 * Records what a component writes to its cluster (its provider) and throws when it conflicts with
 * what another component of the program writes there: the same object written differently, a
 * Service selected and deselected, two collectors.
 */
export function recordWrites(
  component: string,
  opts: pulumi.ComponentResourceOptions | undefined,
  objects: readonly KubeObject[],
  collector?: CollectorKind,
): void {
  const cluster = clusterOf(opts);
  let writes = writesByProvider.get(cluster);
  if (!writes) {
    writes = new ClusterWrites();
    writesByProvider.set(cluster, writes);
  }
  const added = writes.record(component, objects, collector);
  if (added.length > 0) {
    throw new L7ValidationError(component, added.map((allowed) => ({ field: '(cluster)', value: component, allowed })));
  }
}

/**
 * The Kubernetes provider a component's resources use, as Pulumi picks it: `provider`, else the
 * Kubernetes entry of `providers` (a list or a map by package), else the parent's. Without one, the
 * default provider.
 */
export function clusterOf(opts: pulumi.ComponentResourceOptions | undefined): unknown {
  if (opts?.provider && k8s.Provider.isInstance(opts.provider)) return opts.provider;
  const providers = opts?.providers;
  const listed = Array.isArray(providers) ? providers.find((p) => k8s.Provider.isInstance(p)) : (providers)?.kubernetes;
  return listed ?? opts?.parent?.getProvider('kubernetes:core/v1:Service') ?? 'the default provider';
}
