import * as pulumi from '@pulumi/pulumi';
import { type AnnotatedServiceOptions, type KubeObject, type ServiceRef, describeServiceRef, planAnnotatedService } from '../core';
import { registerObject, resourceName, typeToken } from './resources';

/** Props of {@link AnnotatedService}: in Pulumi the Service is an existing one, named by namespace and name. */
export type AnnotatedServiceProps = AnnotatedServiceOptions<ServiceRef>;

/**
 * Selects an existing Service for L7 logs through a ServicePatch that carries only the annotation
 * `projectcalico.org/l7-logging: "true"`. Deleting the component removes the annotation, never the Service.
 */
export class AnnotatedService extends pulumi.ComponentResource {
  readonly patch: pulumi.CustomResource;
  /** `namespace/name` of the Service. */
  readonly service: string;

  constructor(name: string, props: AnnotatedServiceProps, opts?: pulumi.ComponentResourceOptions) {
    const { service, selected, object, warnings } = planAnnotatedService(props, `AnnotatedService ${name}`, describeServiceRef);
    super(typeToken('AnnotatedService'), name, {}, opts);
    for (const warning of warnings) void pulumi.log.warn(warning, this);
    this.service = `${service.namespace}/${service.name}`;
    this.patch = registerObject(resourceName(name, object as KubeObject), object as KubeObject, { parent: this });
    this.registerOutputs({ service: this.service, selected });
  }
}
