import * as pulumi from '@pulumi/pulumi';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing, sizeLogStorage } from '../core';
import { type Deferrable, deferInputs } from './deferred';
import { recordWrites, registerInOrder, typeToken } from './resources';
import { raiseWarnings } from './warnings';

/** Arguments of {@link LogStorageSizing}: the cdk8s construct's props, with a current size that may be an output. */
export interface LogStorageSizingArgs extends Omit<LogStorageSizingProps, 'currentPerNodeStorage'> {
  readonly currentPerNodeStorage?: Deferrable;
}

/** Log storage sizing for L7 logs; with `resizeLogStorage` it patches `LogStorage tigera-secure`, which migrates Elasticsearch. */
export class LogStorageSizing extends pulumi.ComponentResource {
  readonly guidance: StorageGuidance;
  /** The LogStorage patch, with `resizeLogStorage`. */
  readonly logStorage?: pulumi.CustomResource;

  constructor(name: string, args: LogStorageSizingArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `LogStorageSizing ${name}`;
    const deferred = deferInputs(label, { storage: args });
    const rendered = renderLogStorageSizing(deferred.plain.storage as LogStorageSizingProps, label);
    recordWrites(label, opts, rendered.objects);
    super(typeToken('LogStorageSizing'), name, {}, opts);
    const { currentPerNodeStorage: _current, platform, ...known } = deferred.plain.storage as LogStorageSizingProps;
    // A current size known only at deployment: the guidance gives what it can without it.
    this.guidance = deferred.sizeDeferred ? sizeLogStorage(known, platform ?? {}) : rendered.guidance;
    raiseWarnings(this, rendered.warnings);
    const [logStorage] = registerInOrder(name, rendered.objects, { parent: this }, deferred.finish);
    if (logStorage) this.logStorage = logStorage;
    this.registerOutputs({ guidance: this.guidance });
  }
}
