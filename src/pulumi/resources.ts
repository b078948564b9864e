import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../core';

/** Type tokens of this package's components: `calico-l7-logging:index:<Name>`. */
export const typeToken = (name: string) => `calico-l7-logging:index:${name}`;

/** Kinds that always exist in a Calico cluster, or that may: patched with server-side apply, never owned. */
const PATCHED_CUSTOM_KINDS = new Set(['FelixConfiguration', 'ApplicationLayer', 'LogStorage']);

/**
 * Registers one core-rendered object as the Pulumi resource that manages it the way this package
 * means: existing objects (FelixConfiguration, Services, LogStorage) and the ApplicationLayer
 * through Patch resources, which apply only our fields and give them back on delete; objects
 * the package introduces (the collector's ConfigMap, ServiceAccount and DaemonSet) as ordinary resources.
 */
export function registerObject(
  name: string,
  object: KubeObject,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  // Pulumi's typed args want mutable inputs; the core's objects are plain data of the same shape.
  const args = object as never;
  if (PATCHED_CUSTOM_KINDS.has(object.kind)) return new k8s.apiextensions.CustomResourcePatch(name, args, opts);
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Service':
      return new k8s.core.v1.ServicePatch(name, args, opts);
    case 'v1/ConfigMap':
      return new k8s.core.v1.ConfigMap(name, args, opts);
    case 'v1/ServiceAccount':
      return new k8s.core.v1.ServiceAccount(name, args, opts);
    case 'apps/v1/DaemonSet':
      return new k8s.apps.v1.DaemonSet(name, args, opts);
    default:
      throw new Error(`no Pulumi resource mapping for ${object.apiVersion}/${object.kind}`);
  }
}

/** Logical name of an object's resource under a component: the component's name, the kind, the object. */
export function resourceName(component: string, object: KubeObject): string {
  return [component, object.kind.toLowerCase(), object.metadata.namespace, object.metadata.name].filter(Boolean).join('-');
}

/** Registers objects in apply order: the collector (`DaemonSet` or `ApplicationLayer`) waits for everything before it. */
export function registerInOrder(
  component: string,
  objects: readonly KubeObject[],
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource[] {
  return registerPhases(component, objects, [], opts);
}

/**
 * Registers the collector phase as {@link registerInOrder} does, then the traffic phase waiting for
 * the collector: Pulumi waits for a DaemonSet until it is rolled out on every node, so Felix's
 * transparent proxy and the Service annotations never send traffic to a node without Envoy. The
 * traffic phase's FelixConfiguration patch is named `<component>-traffic-...`, a resource (and field
 * manager) of its own.
 */
export function registerPhases(
  component: string,
  collectorPhase: readonly KubeObject[],
  trafficPhase: readonly KubeObject[],
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource[] {
  const registered: pulumi.CustomResource[] = [];
  let collector: pulumi.CustomResource | undefined;
  const register = (name: string, object: KubeObject, dependsOn: pulumi.Resource[]) => {
    const resource = registerObject(name, object, dependsOn.length ? { ...opts, dependsOn } : opts);
    registered.push(resource);
    return resource;
  };
  for (const object of collectorPhase) {
    const isCollector = object.kind === 'DaemonSet' || object.kind === 'ApplicationLayer';
    const resource = register(resourceName(component, object), object, isCollector ? [...registered] : []);
    if (isCollector) collector = resource;
  }
  for (const object of trafficPhase) {
    // The collector phase may patch the same FelixConfiguration: the traffic one needs a name of its own.
    const name = object.kind === 'FelixConfiguration' ? resourceName(`${component}-traffic`, object) : resourceName(component, object);
    register(name, object, collector ? [collector] : []);
  }
  return registered;
}
