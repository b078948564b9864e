import * as pulumi from '@pulumi/pulumi';
import { type FelixL7Settings, type L7CollectorProps, renderL7Collector } from '../core';
import { registerInOrder, typeToken } from './resources';

export type { L7CollectorProps } from '../core';

/**
 * The L7 collector: the operator's `ApplicationLayer tigera-secure` (patched, so it works whether or
 * not the object exists), or in daemonset mode the ConfigMap, ServiceAccount and DaemonSet.
 */
export class L7Collector extends pulumi.ComponentResource {
  readonly resources: readonly pulumi.CustomResource[];
  /** Felix settings the collector relies on; pass them to a {@link FelixL7Config}. */
  readonly felixSettings: FelixL7Settings;

  constructor(name: string, props: L7CollectorProps = {}, opts?: pulumi.ComponentResourceOptions) {
    const { objects, felixSettings } = renderL7Collector(props, `L7Collector ${name}`);
    super(typeToken('L7Collector'), name, {}, opts);
    this.felixSettings = felixSettings;
    this.resources = registerInOrder(name, objects, { parent: this });
    this.registerOutputs({ felixSettings });
  }
}
