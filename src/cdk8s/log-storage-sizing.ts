import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type LogStorageSizingConstructProps as LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { addApiObjects, constructLabel, reportWarnings } from './api-objects';

export type { LogStorageSizingConstructProps as LogStorageSizingProps, StorageGuidance } from '../core';

/**
 * Sizes log storage for L7 logs by the docs' rule (at least 1 GB more per cluster node per day of
 * retention, spread over the Elasticsearch nodes, times one plus the replicas) and prints the
 * `kubectl patch` that resizes it. Only with `resizeLogStorage` does it emit the `LogStorage
 * tigera-secure` patch, which makes the operator migrate Elasticsearch to new volumes.
 */
export class LogStorageSizing extends Construct {
  /** The sizing result, with a short text for a person. */
  readonly guidance: StorageGuidance;
  /** The LogStorage patch, when `resizeLogStorage` is set. */
  readonly apiObject?: ApiObject;

  constructor(scope: Construct, id: string, props: LogStorageSizingProps) {
    super(scope, id);
    const { guidance, objects } = renderLogStorageSizing(props, constructLabel('LogStorageSizing', this));
    this.guidance = guidance;
    reportWarnings(guidance.warnings.map((w) => `${constructLabel('LogStorageSizing', this)}: ${w}`));
    const [patch] = addApiObjects(this, objects);
    if (patch) this.apiObject = patch;
  }
}
