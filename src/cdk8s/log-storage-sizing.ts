import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStorageSizing } from '../core';
import { addApiObjects, constructLabel } from './api-objects';

export type { LogStorageSizingProps, StorageGuidance } from '../core';

/**
 * Sizes log storage for L7 logs (at least 1 GB more per node per day of retention) and, if asked,
 * emits a `LogStorage tigera-secure` patch that raises the per-node storage request.
 */
export class LogStorageSizing extends Construct {
  /** The sizing result, with a short text for a person. */
  readonly guidance: StorageGuidance;
  /** The LogStorage patch, when `emitLogStoragePatch` is set. */
  readonly apiObject?: ApiObject;

  constructor(scope: Construct, id: string, props: LogStorageSizingProps) {
    super(scope, id);
    const { guidance, objects } = renderLogStorageSizing(props, constructLabel('LogStorageSizing', this));
    this.guidance = guidance;
    const [patch] = addApiObjects(this, objects);
    if (patch) this.apiObject = patch;
  }
}
