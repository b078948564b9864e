import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type L7VerificationOptions, type VerifiedService, planL7Verification } from '../core';
import { addRecordedObjects, constructLabel } from './api-objects';
import type { L7Logging } from './l7-logging';

/** Props of {@link L7Verification}. */
export type L7VerificationProps = L7VerificationOptions;

/**
 * Proof that traffic passes the collector's proxy: a Job that sends a HEAD request to each Service
 * and fails unless every response carries `server: envoy`. Apply it after the traffic phase and wait
 * for it with {@link L7Verification.waitCommand}.
 */
export class L7Verification extends Construct {
  /** The Services of an L7Logging, each checked on `port` (and `path`). */
  static servicesOf(logging: L7Logging, port: number, path?: string): VerifiedService[] {
    return logging.plan.services.map((s) => ({ namespace: s.namespace, name: s.name, port, ...(path === undefined ? {} : { path }) }));
  }

  /** The Job; also the default child. */
  readonly job: ApiObject;
  /** The URLs the Job requests, in order. */
  readonly urls: readonly string[];
  /** `kubectl wait` until the Job completes; it fails when a response did not pass Envoy. */
  readonly waitCommand: string;

  constructor(scope: Construct, id: string, props: L7VerificationProps) {
    super(scope, id);
    const label = constructLabel('L7Verification', this);
    const plan = planL7Verification(props, label);
    [this.job] = addRecordedObjects(this, plan.objects) as [ApiObject];
    this.urls = plan.urls;
    this.waitCommand = plan.waitCommand;
  }
}
