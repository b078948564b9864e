import * as pulumi from '@pulumi/pulumi';
import { type FelixL7Settings, type L7CollectorProps, renderL7Collector } from '../core';
import { type ImagesArgs, deferInputs } from './deferred';
import { recordWrites, registerInOrder, typeToken } from './resources';

/** Arguments of {@link L7Collector}: the cdk8s construct's props, with image tags that may be outputs. */
export interface L7CollectorArgs extends Omit<L7CollectorProps, 'images'> {
  readonly images?: ImagesArgs;
}

/**
 * The L7 collector: the operator's `ApplicationLayer tigera-secure` (patched, so it works whether or
 * not the object exists), or in daemonset mode the ConfigMap, ServiceAccount and DaemonSet.
 */
export class L7Collector extends pulumi.ComponentResource {
  /** Every child resource, in registration order. */
  readonly resources: readonly pulumi.CustomResource[];
  /** Operator mode: the ApplicationLayer patch. */
  readonly applicationLayer?: pulumi.CustomResource;
  /** Daemonset mode: the DaemonSet. */
  readonly daemonSet?: pulumi.CustomResource;
  /** Felix settings the collector relies on; pass them to a {@link FelixL7Config}. */
  readonly felixSettings: FelixL7Settings;

  constructor(name: string, args: L7CollectorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const label = `L7Collector ${name}`;
    const deferred = deferInputs(label, args);
    const rendered = renderL7Collector(deferred.plain as L7CollectorProps, label);
    recordWrites(label, opts, rendered.objects, 'envoy');
    super(typeToken('L7Collector'), name, {}, opts);
    this.felixSettings = rendered.felixSettings;
    this.resources = registerInOrder(name, rendered.objects, { parent: this }, deferred.finish);
    const at = (kind: string) => this.resources[rendered.objects.findIndex((o) => o.kind === kind)];
    const applicationLayer = at('ApplicationLayer');
    const daemonSet = at('DaemonSet');
    if (applicationLayer) this.applicationLayer = applicationLayer;
    if (daemonSet) this.daemonSet = daemonSet;
    this.registerOutputs({ felixSettings: rendered.felixSettings });
  }
}
