import * as pulumi from '@pulumi/pulumi';
import { type L7Warning, type MeshAccessLoggingOptions, type MeshIstioSettings, planMeshAccessLogging } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';
import { raiseWarnings } from './warnings';

/** Arguments of {@link MeshAccessLogging}: the same as the cdk8s construct's props. */
export type MeshAccessLoggingArgs = MeshAccessLoggingOptions;

/**
 * Gloo Mesh access logs: the AccessLogRecord (1.x) or AccessLogPolicy (2.x), registered through the
 * `provider` of the management cluster (1.x) or of the workspace's config cluster (2.x), and each
 * cluster's Istio settings as outputs, to merge into that cluster's istiod Helm values.
 */
export class MeshAccessLogging extends pulumi.ComponentResource {
  readonly resource: pulumi.CustomResource;
  /** Istio settings per registered cluster name. */
  readonly istio: Readonly<Record<string, MeshIstioSettings>>;
  /** What the props select that a reader might not expect (each id logged once per program). */
  readonly warnings: readonly L7Warning[];

  constructor(name: string, args: MeshAccessLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `MeshAccessLogging ${name}`;
    const plan = planMeshAccessLogging(args, label);
    recordWrites(label, opts, plan.objects);
    super(typeToken('MeshAccessLogging'), name, {}, opts);
    this.warnings = plan.warnings;
    raiseWarnings(this, plan.warnings);
    [this.resource] = registerInOrder(name, plan.objects, { parent: this }) as [pulumi.CustomResource];
    this.istio = Object.fromEntries(plan.istio.map((s) => [s.cluster, s]));
    this.registerOutputs({ istio: this.istio });
  }
}
