import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type FelixL7ConfigProps, renderFelixL7Config } from '../core';
import { addApiObjects, constructLabel } from './api-objects';

export type { FelixL7ConfigProps } from '../core';

/**
 * The FelixConfiguration fields L7 logs need, as a `projectcalico.org/v3` FelixConfiguration that
 * holds only those fields: `kubectl apply --server-side` merges it into the live object.
 */
export class FelixL7Config extends Construct {
  /** The FelixConfiguration object. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FelixL7ConfigProps = {}) {
    super(scope, id);
    const object = renderFelixL7Config(props, constructLabel('FelixL7Config', this));
    [this.apiObject] = addApiObjects(this, [object]) as [ApiObject];
  }
}
