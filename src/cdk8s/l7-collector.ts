import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type FelixL7Settings, type L7CollectorProps, renderL7Collector } from '../core';
import { addApiObjects, clusterWrites, constructLabel } from './api-objects';

/**
 * The L7 log collector: an `ApplicationLayer` for the Tigera operator, or in daemonset mode the
 * `l7-log-collector` DaemonSet with its Envoy ConfigMap and ServiceAccount.
 */
export class L7Collector extends Construct {
  /** The collector's objects in apply order. */
  readonly apiObjects: readonly ApiObject[];
  /** Operator mode: the ApplicationLayer; also the default child. */
  readonly applicationLayer?: ApiObject;
  /** Daemonset mode: the Envoy ConfigMap. */
  readonly configMap?: ApiObject;
  /** Daemonset mode: the ServiceAccount. */
  readonly serviceAccount?: ApiObject;
  /** Daemonset mode: the DaemonSet; also the default child. */
  readonly daemonSet?: ApiObject;
  /** Felix settings the collector relies on (in daemonset mode `tproxyMode` and `tproxyPort`); pass them to a {@link FelixL7Config}. */
  readonly felixSettings: FelixL7Settings;

  constructor(scope: Construct, id: string, props: L7CollectorProps = {}) {
    super(scope, id);
    const label = constructLabel('L7Collector', this);
    const rendered = renderL7Collector(props, label);
    this.felixSettings = rendered.felixSettings;
    this.apiObjects = addApiObjects(this, rendered.objects);
    for (const o of this.apiObjects) {
      if (o.kind === 'ApplicationLayer') this.applicationLayer = o;
      else if (o.kind === 'ConfigMap') this.configMap = o;
      else if (o.kind === 'ServiceAccount') this.serviceAccount = o;
      else if (o.kind === 'DaemonSet') this.daemonSet = o;
    }
    this.node.defaultChild = this.applicationLayer ?? this.daemonSet;
    clusterWrites(this).record(this.node.path, rendered.objects, 'envoy');
  }
}
