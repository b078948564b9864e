import * as pulumi from '@pulumi/pulumi';
import type * as k8s from '@pulumi/kubernetes';
import {
  type CollectorCoverage,
  type L7LoggingOptions,
  type L7LoggingPlan,
  type StorageGuidance,
  type StorageSizingInputs,
  WORKLOAD_KINDS,
  collectorKind,
  planL7LoggingWith,
  sizeLogStorage,
  L7Warning,
} from '../core';
import { type ImagesArgs, type StorageSizingArgs, deferInputs } from './deferred';
import { recordWrites, registerPhases, typeToken } from './resources';
import { raiseWarnings } from './warnings';
import { type ServiceSource, describeServiceSource, registerServiceInput } from './service-source';
import { type WorkloadSource, describeWorkloadSource, registerWorkloadInput } from './workload-source';

/**
 * Arguments of {@link L7Logging}: the core's props, with Services and workloads that may be inputs
 * or resources of the program, and image tags and the current storage size that may be outputs.
 * Versions, modes and the other props decide which resources exist, so they are plain values.
 */
export interface L7LoggingArgs extends Omit<L7LoggingOptions<ServiceSource, WorkloadSource>, 'images' | 'storage'> {
  readonly images?: ImagesArgs;
  readonly storage?: StorageSizingArgs;
}

/**
 * L7 logs for one cluster, from the same props as the cdk8s construct: the Felix patch, the
 * collector, the patches that select Services, workloads and namespaces, and the LogStorage patch,
 * registered in apply order. Target a cluster with the `provider` option.
 */
export class L7Logging extends pulumi.ComponentResource {
  /** Every child resource, in registration order. */
  readonly resources: readonly pulumi.CustomResource[];
  /** The FelixConfiguration patch of the collector phase. */
  readonly felixConfiguration?: pulumi.CustomResource;
  /** Operator and sidecar modes: the ApplicationLayer patch. */
  readonly applicationLayer?: pulumi.CustomResource;
  /** Waypoint mode: the patch of the operator's Istio resource. */
  readonly istio?: pulumi.CustomResource;
  /** Waypoint mode: the waypoint Gateways. */
  readonly gateways: readonly pulumi.CustomResource[];
  /** Waypoint mode: the NamespacePatches carrying the waypoint label (`namespaces` in cdk8s too). */
  readonly namespaces: readonly pulumi.CustomResource[];
  /** Daemonset mode: the Envoy ConfigMap, ServiceAccount and DaemonSet. */
  readonly configMap?: pulumi.CustomResource;
  readonly serviceAccount?: pulumi.CustomResource;
  readonly daemonSet?: pulumi.CustomResource;
  /** The LogStorage patch, with `storage.resizeLogStorage`. */
  readonly logStorage?: pulumi.CustomResource;
  /** Daemonset mode: the FelixConfiguration patch of the traffic phase (the TPROXY fields). */
  readonly trafficFelixConfiguration?: pulumi.CustomResource;
  /** The ServicePatches: those of Services named by plain strings, then those known at deployment. */
  readonly services: readonly pulumi.CustomResource[];
  /** Every selected Service as `namespace/name`, in the order of `services`, as in cdk8s (names known only at deployment resolve then). */
  readonly selectedServices: pulumi.Output<string[]>;
  /** The workload patches, in the order of `workloads` (none while held back with `sidecar.rollPods: false`). */
  readonly workloads: readonly pulumi.CustomResource[];

  /** @deprecated Use `services`. */
  get servicePatches(): readonly pulumi.CustomResource[] {
    return this.services;
  }

  /** @deprecated Use `workloads`. */
  get workloadPatches(): readonly pulumi.CustomResource[] {
    return this.workloads;
  }

  /** @deprecated Use `namespaces`. */
  get namespacePatches(): readonly pulumi.CustomResource[] {
    return this.namespaces;
  }
  /** What the collector mode logs and what it misses. */
  readonly coverage: CollectorCoverage;
  readonly storageGuidance?: StorageGuidance;
  /** The validated, rendered plan this component was built from. @internal */
  readonly plan: L7LoggingPlan;
  /** Props that are valid but probably not meant (each id logged once per program as a Pulumi warning). */
  readonly warnings: readonly L7Warning[];

  constructor(name: string, args: L7LoggingArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad prop must not leave a half-registered component.
    const label = `L7Logging ${name}`;
    const deferred = deferInputs(label, args);
    const plan = planL7LoggingWith(deferred.plain as L7LoggingOptions<ServiceSource, WorkloadSource>, label, describeServiceSource, describeWorkloadSource);
    recordWrites(label, opts, plan.objects, plan.enabled ? collectorKind(plan.collector.mode) : undefined);
    super(typeToken('L7Logging'), name, {}, opts);
    this.plan = plan;
    this.coverage = plan.coverage;
    // Pulumi orders the objects, waits for its DaemonSet and Gateways (what the operator renders, it
    // cannot wait for: see docs/pulumi.md) and deletes what leaves the program; what it cannot do
    // (remove an old collector, delete an ApplicationLayer it may not own) is left to the user: each
    // command is logged, and one warning per program says there are such steps.
    const manual = plan.rollout.filter((step) => step.command && step.waitsFor === undefined && step.deletesRendered === undefined);
    for (const step of manual) void pulumi.log.info(`${label}: ${step.description}: ${step.command}`, this);
    this.warnings = manual.length === 0 ? plan.warnings : [...plan.warnings, new L7Warning('manual-rollout-step', label, `${manual.length} rollout step(s) run outside Pulumi (the commands are logged): ${manual.map((s) => s.description).join('; ')}`)];
    raiseWarnings(this, this.warnings);
    const registered = registerPhases(name, plan.collectorPhase, plan.trafficPhase, { parent: this }, deferred.finish);
    const kinds = [...plan.collectorPhase, ...plan.trafficPhase].map((o) => o.kind);
    for (const [i, resource] of registered.entries()) {
      const kind = kinds[i];
      if (kind === 'FelixConfiguration') {
        if (i >= plan.collectorPhase.length) this.trafficFelixConfiguration = resource;
        else this.felixConfiguration = resource;
      } else if (kind === 'ApplicationLayer') this.applicationLayer = resource;
      else if (kind === 'ConfigMap') this.configMap = resource;
      else if (kind === 'ServiceAccount') this.serviceAccount = resource;
      else if (kind === 'DaemonSet') this.daemonSet = resource;
      else if (kind === 'LogStorage') this.logStorage = resource;
      else if (kind === 'Istio') this.istio = resource;
    }
    this.gateways = registered.filter((_, i) => kinds[i] === 'Gateway');
    this.namespaces = registered.filter((_, i) => kinds[i] === 'Namespace');
    // Services known only at deployment get their own patches, after the collector as the others.
    const collector = this.daemonSet ?? this.applicationLayer;
    const inputByIndex = new Map<number, k8s.core.v1.ServicePatch>();
    const inputs = (args.services ?? []).flatMap((source, i) =>
      plan.services[i]?.inApp
        ? [
            remember(inputByIndex, i, registerServiceInput(`${name}/Service/${i}`, source, plan.enabled, plan.release, {
              parent: this,
              ...(collector ? { dependsOn: [collector] } : {}),
            })),
          ]
        : [],
    );
    const heldBack = plan.enabled && plan.sidecar?.rollPods === false;
    const workloadInputs = (args.workloads ?? []).flatMap((source, i) =>
      plan.workloads[i]?.inApp && plan.sidecar && !heldBack
        ? [
            registerWorkloadInput(`${name}/Workload/${i}`, source, plan.sidecar, plan.enabled, {
              parent: this,
              ...(collector ? { dependsOn: [collector] } : {}),
            }),
          ]
        : [],
    );
    this.resources = [...registered, ...inputs, ...workloadInputs];
    this.services = [...registered.filter((_, i) => kinds[i] === 'Service'), ...inputs];
    this.workloads = [...registered.filter((_, i) => Object.hasOwn(WORKLOAD_KINDS, kinds[i] ?? '') && i >= plan.collectorPhase.length), ...workloadInputs];
    const selected = plan.enabled ? plan.services.map((s, i) => inputByIndex.get(i)?.metadata.apply((m) => `${m.namespace ?? 'default'}/${m.name}`) ?? `${s.namespace}/${s.name}`) : [];
    this.selectedServices = pulumi.all(selected);
    if (plan.storage) {
      // A current size known only at deployment: the guidance gives what it can without it.
      const { currentPerNodeStorage: _current, ...known } = deferred.plain.storage as StorageSizingInputs;
      this.storageGuidance = deferred.sizeDeferred ? sizeLogStorage(known, args.platform ?? {}) : plan.storage;
    }
    // The count, not the list: Pulumi makes an Output of each item of a registered list and keeps
    // the list in the state.
    this.registerOutputs({
      collector: plan.collector.mode,
      coverage: plan.coverage,
      selectedServiceCount: selected.length,
      storageGuidance: plan.storage?.text,
    });
  }
}

function remember<T>(map: Map<number, T>, i: number, value: T): T {
  map.set(i, value);
  return value;
}
