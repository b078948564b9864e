import * as pulumi from '@pulumi/pulumi';
import { type MeshAccessLoggingOptions, type MeshIstioSettings, planMeshAccessLogging } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';

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

  constructor(name: string, args: MeshAccessLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `MeshAccessLogging ${name}`;
    const plan = planMeshAccessLogging(args, label);
    recordWrites(label, opts, plan.objects);
    super(typeToken('MeshAccessLogging'), name, {}, opts);
    for (const note of plan.notes) void pulumi.log.warn(note, this);
    [this.resource] = registerInOrder(name, plan.objects, { parent: this }) as [pulumi.CustomResource];
    this.istio = Object.fromEntries(plan.istio.map((s) => [s.cluster, s]));
    this.registerOutputs({ istio: this.istio });
  }
}
