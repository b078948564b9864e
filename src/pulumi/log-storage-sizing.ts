import * as pulumi from '@pulumi/pulumi';
import { type LogStorageSizingConstructProps as LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { registerInOrder, typeToken } from './resources';

export type { LogStorageSizingConstructProps as LogStorageSizingProps, StorageGuidance } from '../core';

/** Log storage sizing for L7 logs; with `resizeLogStorage` it patches `LogStorage tigera-secure`, which migrates Elasticsearch. */
export class LogStorageSizing extends pulumi.ComponentResource {
  readonly guidance: StorageGuidance;
  readonly resources: readonly pulumi.CustomResource[];

  constructor(name: string, props: LogStorageSizingProps, opts?: pulumi.ComponentResourceOptions) {
    const { guidance, objects } = renderLogStorageSizing(props, `LogStorageSizing ${name}`);
    super(typeToken('LogStorageSizing'), name, {}, opts);
    this.guidance = guidance;
    for (const warning of guidance.warnings) void pulumi.log.warn(`LogStorageSizing ${name}: ${warning}`, this);
    this.resources = registerInOrder(name, objects, { parent: this });
    this.registerOutputs({ guidance });
  }
}
