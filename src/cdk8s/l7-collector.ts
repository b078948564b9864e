import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type FelixL7Settings, type L7CollectorProps, renderL7Collector } from '../core';
import { addApiObjects, constructLabel } from './api-objects';

export type { L7CollectorProps } from '../core';

/**
 * The L7 log collector: an `ApplicationLayer` for the Tigera operator, or in daemonset mode the
 * `l7-log-collector` DaemonSet with its Envoy ConfigMap and ServiceAccount.
 */
export class L7Collector extends Construct {
  /** The collector's objects in apply order. */
  readonly apiObjects: readonly ApiObject[];
  /** Felix settings the collector relies on (in daemonset mode `tproxyMode` and `tproxyPort`); pass them to a {@link FelixL7Config}. */
  readonly felixSettings: FelixL7Settings;

  constructor(scope: Construct, id: string, props: L7CollectorProps = {}) {
    super(scope, id);
    const { objects, felixSettings } = renderL7Collector(props, constructLabel('L7Collector', this));
    this.felixSettings = felixSettings;
    this.apiObjects = addApiObjects(this, objects);
  }
}
