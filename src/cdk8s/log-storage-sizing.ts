import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type L7Warning, type LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { addApiObjects, clusterWrites, constructLabel } from './api-objects';
import { raiseWarnings } from './warnings';

export type { LogStorageSizingProps } from '../core';

/**
 * Sizes log storage for L7 logs by the docs' rule (at least 1 GB more per cluster node per day of
 * retention, spread over the Elasticsearch nodes, times one plus the replicas) and prints the
 * `kubectl patch` that resizes it. Only with `resizeLogStorage` does it emit the `LogStorage
 * tigera-secure` patch, which makes the operator migrate Elasticsearch to new volumes.
 */
export class LogStorageSizing extends Construct {
  /** The sizing result, with a short text for a person. */
  readonly guidance: StorageGuidance;
  /** The LogStorage patch, when `resizeLogStorage` is set; also the default child. */
  readonly logStorage?: ApiObject;
  /** Props that are valid but probably not meant (printed once per app when it synthesizes). */
  readonly warnings: readonly L7Warning[];

  constructor(scope: Construct, id: string, props: LogStorageSizingProps) {
    super(scope, id);
    const label = constructLabel('LogStorageSizing', this);
    const rendered = renderLogStorageSizing(props, label);
    this.guidance = rendered.guidance;
    this.warnings = rendered.warnings;
    raiseWarnings(this, rendered.warnings);
    const [patch] = addApiObjects(this, rendered.objects);
    if (patch) {
      this.logStorage = patch;
      this.node.defaultChild = patch;
    }
    clusterWrites(this).record(this.node.path, rendered.objects);
  }
}
