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

/**
 * Registers objects in apply order. Objects after the first `DaemonSet`-or-`ApplicationLayer` wait for
 * the collector, and the collector waits for everything before it (Felix patch, ConfigMap, ServiceAccount).
 */
export function registerInOrder(
  component: string,
  objects: readonly KubeObject[],
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource[] {
  const registered: pulumi.CustomResource[] = [];
  let collector: pulumi.CustomResource | undefined;
  for (const object of objects) {
    const isCollector = object.kind === 'DaemonSet' || object.kind === 'ApplicationLayer';
    const dependsOn = isCollector ? [...registered] : collector && object.kind === 'Service' ? [collector] : [];
    const resource = registerObject(resourceName(component, object), object, dependsOn.length ? { ...opts, dependsOn } : opts);
    if (isCollector) collector = resource;
    registered.push(resource);
  }
  return registered;
}
