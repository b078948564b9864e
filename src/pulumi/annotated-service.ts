import * as pulumi from '@pulumi/pulumi';
import { type AnnotatedServiceOptions, planAnnotatedService } from '../core';
import { recordWrites, registerObject, resourceName, typeToken } from './resources';
import { raiseWarnings } from './warnings';
import { type ServiceSource, describeServiceSource, registerServiceInput } from './service-source';

/** Arguments of {@link AnnotatedService}: the Service by namespace and name (plain or inputs), or a Service resource of the program. */
export type AnnotatedServiceArgs = AnnotatedServiceOptions<ServiceSource>;

/**
 * Selects an existing Service for L7 logs through a ServicePatch that carries only the annotation
 * `projectcalico.org/l7-logging: "true"`. Deleting the component removes the annotation, never the Service.
 */
export class AnnotatedService extends pulumi.ComponentResource {
  /** The ServicePatch. */
  readonly servicePatch: pulumi.CustomResource;
  /** `namespace/name` of the Service, when given as plain strings. */
  readonly service?: string;

  constructor(name: string, args: AnnotatedServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `AnnotatedService ${name}`;
    const rendered = planAnnotatedService(args, label, describeServiceSource);
    super(typeToken('AnnotatedService'), name, {}, opts);
    raiseWarnings(this, rendered.warnings);
    const [object] = rendered.objects;
    if (object) {
      recordWrites(label, opts, rendered.objects);
      this.service = `${rendered.service.namespace}/${rendered.service.name}`;
      this.servicePatch = registerObject(resourceName(name, object), object, { parent: this, aliases: [{ name: `${name}-service-${this.service.replace('/', '-')}` }] });
    } else {
      this.servicePatch = registerServiceInput(`${name}/Service`, args.service, rendered.selected, rendered.release, { parent: this });
    }
    this.registerOutputs({ service: this.service, selected: rendered.selected });
  }
}
