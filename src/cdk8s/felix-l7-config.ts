import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type FelixL7ConfigProps, renderFelixL7Config } from '../core';
import { addApiObjects, clusterWrites, constructLabel } from './api-objects';

/**
 * The FelixConfiguration fields L7 logs need, as a `projectcalico.org/v3` FelixConfiguration that
 * holds only those fields, in the Felix chart beside the construct's chart: a client-side
 * `kubectl apply` of that file merges it into the live object.
 */
export class FelixL7Config extends Construct {
  /** The FelixConfiguration object; also this construct's default child (`ApiObject.of`). */
  readonly felixConfiguration: ApiObject;

  constructor(scope: Construct, id: string, props: FelixL7ConfigProps = {}) {
    super(scope, id);
    const label = constructLabel('FelixL7Config', this);
    const rendered = renderFelixL7Config(props, label);
    [this.felixConfiguration] = addApiObjects(this, rendered.objects) as [ApiObject];
    this.node.defaultChild = this.felixConfiguration;
    clusterWrites(this).record(this.node.path, rendered.objects);
  }
}
