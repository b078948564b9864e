import * as pulumi from '@pulumi/pulumi';
import { type L7LoggingPlan, type L7LoggingProps, type StorageGuidance, renderL7Logging } from '../core';
import { registerPhases, typeToken } from './resources';

export type { L7LoggingProps } from '../core';

/**
 * L7 logs for one cluster, from the same props as the cdk8s construct: the Felix patch, the
 * collector, the Service patches and the LogStorage patch, registered in apply order. Target a
 * cluster with the `provider` option.
 */
export class L7Logging extends pulumi.ComponentResource {
  readonly resources: readonly pulumi.CustomResource[];
  /** `namespace/name` of each selected Service. */
  readonly selectedServices: readonly string[];
  readonly storageGuidance?: StorageGuidance;
  readonly plan: L7LoggingPlan;
  /** Props that are valid but probably not meant (also logged as Pulumi warnings). */
  readonly warnings: readonly string[];

  constructor(name: string, props: L7LoggingProps = {}, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad prop must not leave a half-registered component.
    const plan = renderL7Logging(props, `L7Logging ${name}`);
    super(typeToken('L7Logging'), name, {}, opts);
    this.plan = plan;
    this.warnings = plan.warnings;
    for (const warning of plan.warnings) void pulumi.log.warn(warning, this);
    // Pulumi orders and awaits the objects itself; what it cannot do (remove an old collector, delete
    // an ApplicationLayer it may not own) is left to the user, and said.
    for (const step of plan.rollout) {
      if (step.command && !step.command.includes(' rollout status ')) void pulumi.log.warn(`L7Logging ${name}: ${step.description}: ${step.command}`, this);
    }
    this.resources = registerPhases(name, plan.collectorPhase, plan.trafficPhase, { parent: this });
    this.selectedServices = plan.enabled ? plan.services.map((s) => `${s.namespace}/${s.name}`) : [];
    if (plan.storage) this.storageGuidance = plan.storage;
    this.registerOutputs({
      collector: plan.collector.mode,
      selectedServices: this.selectedServices,
      storageGuidance: plan.storage?.text,
    });
  }
}
