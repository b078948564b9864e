import * as pulumi from '@pulumi/pulumi';
import { type FelixL7ConfigProps, renderFelixL7Config } from '../core';
import { registerObject, resourceName, typeToken } from './resources';

export type { FelixL7ConfigProps } from '../core';

/**
 * Patches the FelixConfiguration (`default`, or `node.<name>`) with the L7 fields, through a
 * CustomResourcePatch: only these fields are applied, and deleting the component gives them back.
 */
export class FelixL7Config extends pulumi.ComponentResource {
  readonly patch: pulumi.CustomResource;
  /** The Felix fields written. */
  readonly settings: Record<string, unknown>;

  constructor(name: string, props: FelixL7ConfigProps = {}, opts?: pulumi.ComponentResourceOptions) {
    const object = renderFelixL7Config(props, `FelixL7Config ${name}`);
    super(typeToken('FelixL7Config'), name, {}, opts);
    this.settings = object.spec as Record<string, unknown>;
    this.patch = registerObject(resourceName(name, object), object, { parent: this });
    this.registerOutputs({ settings: this.settings });
  }
}
