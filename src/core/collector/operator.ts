import type { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { type CalicoRelease, hasFeature, sinceText } from '../release/release';
import { checkBoolean } from '../rules';

export const APPLICATION_LAYER_NAME = 'tigera-secure';

/**
 * The operator collector's settings after validation and defaulting.
 * @internal
 */
export interface OperatorCollector {
  /** `sidecar`: the same ApplicationLayer with sidecar injection on. */
  readonly mode: 'operator' | 'sidecar';
  readonly release: CalicoRelease;
  readonly logIntervalSeconds: number;
  readonly logRequestsPerInterval: number;
  readonly sidecarInjection?: boolean;
}

/** Checks the operator-only props; the shared ones are checked by the caller. */
export function validateOperatorCollector(
  issues: Issues,
  props: { readonly sidecarInjection?: boolean },
  release: CalicoRelease,
  shared: { readonly logIntervalSeconds: number; readonly logRequestsPerInterval: number },
  mode: OperatorCollector['mode'] = 'operator',
): OperatorCollector {
  // Sidecar mode's own release check names the mode; this one names the prop.
  if (props.sidecarInjection !== undefined && checkBoolean(issues, 'sidecarInjection', props.sidecarInjection)) {
    if (mode === 'operator' && !hasFeature(release, 'sidecarInjection')) {
      issues.add(
        'sidecarInjection',
        props.sidecarInjection,
        `not available in Calico Enterprise ${release.text}; it needs ${sinceText('sidecarInjection')} or later`,
      );
    }
  }
  return {
    mode,
    release,
    ...shared,
    ...(props.sidecarInjection === undefined ? {} : { sidecarInjection: props.sidecarInjection }),
  };
}

/** `ApplicationLayer tigera-secure`: the operator renders the per-node collector from it. */
export function renderApplicationLayer(c: OperatorCollector): KubeObject {
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'ApplicationLayer',
    metadata: { name: APPLICATION_LAYER_NAME },
    spec: {
      logCollection: {
        collectLogs: 'Enabled',
        logIntervalSeconds: c.logIntervalSeconds,
        logRequestsPerInterval: c.logRequestsPerInterval,
      },
      ...(c.sidecarInjection === undefined ? {} : { sidecarInjection: c.sidecarInjection ? 'Enabled' : 'Disabled' }),
    },
  };
}
