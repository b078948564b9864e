import type { KubeObject } from '../objects';
import type { Issues } from '../errors';
import { checkKnownKeys, checkName, join } from '../rules';

// Selecting namespaces for the waypoint collector (Istio ambient mesh, Calico Enterprise 3.24): a
// waypoint Gateway of the `istio-waypoint` class in the namespace, and the namespace label that
// sends its traffic through it. Values as the 3.24 docs give them.

/** Namespace label naming the waypoint its traffic goes through. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Gateway label saying what traffic the waypoint handles. */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';
/** The waypoint's listener: HBONE, Istio ambient's tunnel protocol, on its port. */
export const WAYPOINT_LISTENER = { name: 'mesh', port: 15008, protocol: 'HBONE' } as const;

/** A namespace whose traffic goes through a waypoint, and that waypoint's name. */
export interface WaypointRef {
  readonly namespace: string;
  /** Name of the waypoint Gateway in the namespace. @default "waypoint" */
  readonly name?: string;
}

/** @internal */
export interface ResolvedWaypoint {
  readonly namespace: string;
  readonly name: string;
}

export function validateWaypoints(issues: Issues, field: string, given: unknown): ResolvedWaypoint[] {
  if (!Array.isArray(given)) {
    issues.add(field, given, 'expected a list of { namespace, name? }');
    return [];
  }
  const list: readonly unknown[] = given;
  const out: ResolvedWaypoint[] = [];
  const seen = new Map<string, number>();
  list.forEach((w, i) => {
    const f = `${field}[${i}]`;
    if (!checkKnownKeys(issues, f, w, ['namespace', 'name'])) return;
    const ref = w as WaypointRef;
    const name = ref.name ?? 'waypoint';
    if (!checkName(issues, join(f, 'namespace'), ref.namespace, 'label') || !checkName(issues, join(f, 'name'), name, 'label')) return;
    const first = seen.get(ref.namespace);
    if (first !== undefined) {
      issues.add(join(f, 'namespace'), ref.namespace, `expected each namespace once: its label names one waypoint, and ${field}[${first}] already sets it`);
      return;
    }
    seen.set(ref.namespace, i);
    out.push({ namespace: ref.namespace, name });
  });
  return out;
}

/** The waypoint Gateway: Istio deploys an Envoy for it, and the operator adds the L7 collector beside it. */
export function renderWaypointGateway(w: ResolvedWaypoint): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: w.name, namespace: w.namespace, labels: { [WAYPOINT_FOR_LABEL]: 'all' } },
    spec: { gatewayClassName: WAYPOINT_GATEWAY_CLASS, listeners: [{ ...WAYPOINT_LISTENER }] },
  };
}

/**
 * The namespace carrying only the waypoint label, for `kubectl apply --server-side`. Deselected, it
 * carries none, so the same field manager's next apply removes the label.
 */
export function renderNamespaceWaypoint(w: ResolvedWaypoint, selected = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    // A literal key (`satisfies` keeps it the constant): objects built with computed keys are slower to synthesize.
    metadata: selected ? { name: w.namespace, labels: { 'istio.io/use-waypoint': w.name } satisfies Record<typeof USE_WAYPOINT_LABEL, string> } : { name: w.namespace },
  };
}
