import * as pulumi from '@pulumi/pulumi';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { selfChecked } from '../self-check';
import { recordWrites, registerInOrder, typeToken } from './resources';

/** Arguments of {@link LogStorageSizing}: the same as the cdk8s construct's props. */
export type LogStorageSizingArgs = LogStorageSizingProps;

/** Log storage sizing for L7 logs; with `resizeLogStorage` it patches `LogStorage tigera-secure`, which migrates Elasticsearch. */
export class LogStorageSizing extends pulumi.ComponentResource {
  readonly guidance: StorageGuidance;
  /** The LogStorage patch, with `resizeLogStorage`. */
  readonly logStorage?: pulumi.CustomResource;

  constructor(name: string, args: LogStorageSizingArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `LogStorageSizing ${name}`;
    const rendered = selfChecked(renderLogStorageSizing(args, label), label);
    recordWrites(label, opts, rendered.objects, false);
    super(typeToken('LogStorageSizing'), name, {}, opts);
    this.guidance = rendered.guidance;
    for (const warning of rendered.guidance.warnings) void pulumi.log.warn(`${label}: ${warning}`, this);
    const [logStorage] = registerInOrder(name, rendered.objects, { parent: this });
    if (logStorage) this.logStorage = logStorage;
    this.registerOutputs({ guidance: rendered.guidance });
  }
}
