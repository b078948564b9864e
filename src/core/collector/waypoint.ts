import type { KubeObject } from '../objects';
import type { CalicoRelease } from '../release/release';

/**
 * The waypoint collector (Calico Enterprise 3.24, Calico Cloud v24): for Istio ambient mesh, the
 * operator injects an `l7-collector` beside every waypoint of the `istio-waypoint` class, unless the
 * operator's `Istio` resource turns `waypointLogging` off. Namespaces opt in by using a waypoint.
 * @internal
 */
export interface WaypointCollector {
  readonly mode: 'waypoint';
  readonly release: CalicoRelease;
}

/** The operator's `Istio` resource; the API server admits only this name. */
export const ISTIO_NAME = 'default';

/**
 * `Istio default` carrying only `waypointLogging`. Unset means Enabled in the operator, so writing it
 * states the intent and keeps a later `Disabled` from elsewhere from going unnoticed (a conflict).
 */
export function renderIstioWaypointLogging(enabled: boolean): KubeObject {
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'Istio',
    metadata: { name: ISTIO_NAME },
    spec: { waypointLogging: enabled ? 'Enabled' : 'Disabled' },
  };
}
