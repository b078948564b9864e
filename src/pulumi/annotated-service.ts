import * as pulumi from '@pulumi/pulumi';
import { type DescribedService, Issues, type ServiceRef, checkSelected, describeServiceRef, renderServiceSelection } from '../core';
import { registerObject, resourceName, typeToken } from './resources';

export interface AnnotatedServiceProps {
  /** The existing Service. */
  readonly service: ServiceRef;
  /** `false` applies the Service without the annotation, which removes it. @default true */
  readonly selected?: boolean;
}

/**
 * Selects an existing Service for L7 logs through a ServicePatch that carries only the annotation
 * `projectcalico.org/l7-logging: "true"`. Deleting the component removes the annotation, never the Service.
 */
export class AnnotatedService extends pulumi.ComponentResource {
  readonly patch: pulumi.CustomResource;
  /** `namespace/name` of the Service. */
  readonly service: string;

  constructor(name: string, props: AnnotatedServiceProps, opts?: pulumi.ComponentResourceOptions) {
    const issues = new Issues();
    checkSelected(issues, 'selected', props.selected);
    const described = describeServiceRef(issues, 'service', props.service);
    issues.throwIfAny(`AnnotatedService ${name}`);
    super(typeToken('AnnotatedService'), name, {}, opts);
    const s = described as DescribedService;
    const object = renderServiceSelection(s, props.selected ?? true);
    this.service = `${s.namespace}/${s.name}`;
    this.patch = registerObject(resourceName(name, object), object, { parent: this });
    this.registerOutputs({ service: this.service, selected: props.selected ?? true });
  }
}
