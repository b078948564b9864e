import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { type CalicoRelease, type DescribedService, L7_LOGGING_ANNOTATION, type ServiceDescriber, type ServiceRef, describeServiceRef, isPlainObject, serviceProblemsAtDeployment } from '../core';
import { isDeferred } from './deferred';

/** An existing Service whose namespace or name is only known at deployment: another resource's output, say. */
export interface ServiceInputRef {
  /** @default "default" */
  readonly namespace?: pulumi.Input<string>;
  readonly name: pulumi.Input<string>;
}

/**
 * A Service to select in Pulumi: named by namespace and name (plain strings or inputs), or a
 * `k8s.core.v1.Service` of the same program, which the selection then depends on.
 */
export type ServiceSource = ServiceRef | ServiceInputRef | k8s.core.v1.Service;

/**
 * Plain names are checked now, like everywhere else; a Service resource or an input name is
 * checked at deployment, when its value is known, and selected through a patch of its own.
 */
export const describeServiceSource: ServiceDescriber<ServiceSource> = (issues, field, source) => {
  if (k8s.core.v1.Service.isInstance(source) || (isPlainObject(source) && (isDeferred(source.name) || isDeferred(source.namespace)))) {
    // Not known yet: a placeholder that no other Service can equal, so uniqueness is not claimed for it.
    return { namespace: '(deployment)', name: field, inApp: true } satisfies DescribedService;
  }
  return describeServiceRef(issues, field, source as ServiceRef);
};

/**
 * A ServicePatch carrying only the selection annotation (or, deselected, none), for a Service whose
 * namespace and name come from the program. Checked as a Service name is when the values arrive.
 */
export function registerServiceInput(
  name: string,
  source: ServiceInputRef | k8s.core.v1.Service,
  selected: boolean,
  release: CalicoRelease,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.ServicePatch {
  const resource = k8s.core.v1.Service.isInstance(source) ? source : undefined;
  const serviceName = resource ? resource.metadata.name : pulumi.output((source as ServiceInputRef).name);
  const namespace = resource ? resource.metadata.namespace : pulumi.output((source as ServiceInputRef).namespace ?? 'default');
  const checked = pulumi.all([namespace, serviceName, resource ? resource.spec.type : undefined]).apply(([ns, n, type]) => {
    const problems = serviceProblemsAtDeployment(ns ?? 'default', n, type, release);
    if (problems) throw new Error(`${name}: ${problems}`);
    return { namespace: ns ?? 'default', name: n };
  });
  return new k8s.core.v1.ServicePatch(
    name,
    {
      metadata: {
        name: checked.name,
        namespace: checked.namespace,
        ...(selected ? { annotations: { [L7_LOGGING_ANNOTATION]: 'true' } } : {}),
      },
    },
    { ...opts, ...(resource ? { dependsOn: [resource] } : {}) },
  );
}
