import type { Issues } from './errors';
import { checkKnownKeys, checkQuantity, quantityBytes } from './rules';

export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Requests and limits of one container, as Kubernetes' ResourceRequirements (cpu and memory). */
export interface ContainerResources {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

/** Checks requests and limits: known resources, quantities, and no request above its limit. */
export function checkContainerResources(issues: Issues, field: string, r: unknown): r is ContainerResources {
  const before = issues.count;
  if (!checkKnownKeys(issues, field, r, ['requests', 'limits'])) return false;
  const given = r as ContainerResources;
  for (const kind of ['requests', 'limits'] as const) {
    const list = given[kind];
    if (list === undefined) continue;
    if (!checkKnownKeys(issues, `${field}.${kind}`, list, ['cpu', 'memory'])) continue;
    if (list.cpu !== undefined) checkQuantity(issues, `${field}.${kind}.cpu`, list.cpu);
    if (list.memory !== undefined) checkQuantity(issues, `${field}.${kind}.memory`, list.memory);
  }
  if (issues.count !== before) return false;
  for (const resource of ['cpu', 'memory'] as const) {
    const request = given.requests?.[resource];
    const limit = given.limits?.[resource];
    if (request !== undefined && limit !== undefined && quantityBytes(request) > quantityBytes(limit)) {
      issues.add(`${field}.requests.${resource}`, request, `must not exceed the limit ${limit}`);
    }
  }
  return issues.count === before;
}

/** Requests and limits as a container spec writes them: copies, so no rendered object shares the props. */
export function resourcesOf(r: ContainerResources): { requests?: Record<string, string>; limits?: Record<string, string> } {
  return {
    ...(r.requests ? { requests: { ...r.requests } } : {}),
    ...(r.limits ? { limits: { ...r.limits } } : {}),
  };
}
