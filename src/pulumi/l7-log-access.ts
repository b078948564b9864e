import * as pulumi from '@pulumi/pulumi';
import { type L7LogAccessOptions, type L7Warning, planL7LogAccess } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';
import { raiseWarnings } from './warnings';

/** Arguments of {@link L7LogAccess}: the same as the cdk8s construct's props. */
export type L7LogAccessArgs = L7LogAccessOptions;

/** Read access to L7 logs: a ClusterRole on `lma.tigera.io` and its ClusterRoleBinding to the subjects. */
export class L7LogAccess extends pulumi.ComponentResource {
  readonly clusterRole: pulumi.CustomResource;
  readonly clusterRoleBinding: pulumi.CustomResource;
  /** Props that are valid but grant more than logs (also logged as Pulumi warnings). */
  readonly warnings: readonly L7Warning[];

  constructor(name: string, args: L7LogAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `L7LogAccess ${name}`;
    const plan = planL7LogAccess(args, label);
    recordWrites(label, opts, plan.objects);
    super(typeToken('L7LogAccess'), name, {}, opts);
    this.warnings = plan.warnings;
    raiseWarnings(this, plan.warnings);
    [this.clusterRole, this.clusterRoleBinding] = registerInOrder(name, plan.objects, { parent: this }) as [pulumi.CustomResource, pulumi.CustomResource];
    this.registerOutputs({});
  }
}
