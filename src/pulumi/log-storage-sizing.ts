import * as pulumi from '@pulumi/pulumi';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { registerInOrder, typeToken } from './resources';

export type { LogStorageSizingProps, StorageGuidance } from '../core';

/** Log storage sizing for L7 logs; with `emitLogStoragePatch` it patches `LogStorage tigera-secure`. */
export class LogStorageSizing extends pulumi.ComponentResource {
  readonly guidance: StorageGuidance;
  readonly resources: readonly pulumi.CustomResource[];

  constructor(name: string, props: LogStorageSizingProps, opts?: pulumi.ComponentResourceOptions) {
    const { guidance, objects } = renderLogStorageSizing(props, `LogStorageSizing ${name}`);
    super(typeToken('LogStorageSizing'), name, {}, opts);
    this.guidance = guidance;
    this.resources = registerInOrder(name, objects, { parent: this });
    this.registerOutputs({ guidance });
  }
}
