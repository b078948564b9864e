import * as pulumi from '@pulumi/pulumi';
import { type L7VerificationOptions, planL7Verification } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';

/** Arguments of {@link L7Verification}: the same as the cdk8s construct's props. */
export type L7VerificationArgs = L7VerificationOptions;

/**
 * Proof that traffic passes the collector's proxy: a Job that requests each Service and fails unless
 * every response carries `server: envoy`. Pulumi waits for it to complete, so `pulumi up` fails when
 * collection is not in effect. Make it depend on the L7Logging component (`dependsOn`).
 */
export class L7Verification extends pulumi.ComponentResource {
  readonly job: pulumi.CustomResource;
  readonly urls: readonly string[];

  constructor(name: string, args: L7VerificationArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `L7Verification ${name}`;
    const plan = planL7Verification(args, label);
    recordWrites(label, opts, plan.objects);
    super(typeToken('L7Verification'), name, {}, opts);
    this.urls = plan.urls;
    [this.job] = registerInOrder(name, plan.objects, { parent: this }) as [pulumi.CustomResource];
    this.registerOutputs({ urls: this.urls });
  }
}
