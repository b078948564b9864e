import * as pulumi from '@pulumi/pulumi';
import { type FelixL7ConfigProps, renderFelixL7Config } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';

/** Arguments of {@link FelixL7Config}: the same as the cdk8s construct's props. */
export type FelixL7ConfigArgs = FelixL7ConfigProps;

/**
 * Patches the FelixConfiguration (`default`, or `node.<name>`) with the L7 fields, through a
 * CustomResourcePatch: only these fields are applied, and deleting the component gives them back.
 */
export class FelixL7Config extends pulumi.ComponentResource {
  /** The CustomResourcePatch of the FelixConfiguration. */
  readonly felixConfiguration: pulumi.CustomResource;
  /** The Felix fields written. */
  readonly settings: Readonly<Record<string, unknown>>;

  constructor(name: string, args: FelixL7ConfigArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const label = `FelixL7Config ${name}`;
    const rendered = renderFelixL7Config(args, label);
    recordWrites(label, opts, rendered.objects);
    super(typeToken('FelixL7Config'), name, {}, opts);
    this.settings = rendered.felixConfiguration.spec as Readonly<Record<string, unknown>>;
    [this.felixConfiguration] = registerInOrder(name, rendered.objects, { parent: this }) as [pulumi.CustomResource];
    this.registerOutputs({ settings: this.settings });
  }
}
