// The collector, by mode: what both modes share, and the dispatch to each mode's file.
import type { Issues } from '../errors';
import type { FelixL7Settings } from '../felix';
import type { KubeObject } from '../objects';
import {
  type CalicoRelease,
  DEFAULT_DAEMONSET_RELEASE,
  LAST_DAEMONSET_RELEASE,
  NEWEST_KNOWN,
  compare,
  hasFeature,
  parseCalicoVersion,
  sinceText,
} from '../release';
import { checkEnum, checkInteger } from '../rules';
import { DAEMONSET_OPTION_KEYS, type DaemonSetCollector, type DaemonSetCollectorOptions, renderDaemonSetCollector, validateDaemonSetCollector } from './daemonset';
import { type OperatorCollector, renderApplicationLayer, validateOperatorCollector } from './operator';

export * from './daemonset';
export { APPLICATION_LAYER_NAME, type OperatorCollector } from './operator';
export { type CollectorImages, type ImageRef, checkTag } from './images';

export const COLLECTOR_MODES = ['operator', 'daemonset'] as const;
/** `operator`: an ApplicationLayer the Tigera operator turns into its collector (CE 3.11+, Calico Cloud). `daemonset`: the manual per-host collector (CE 3.9–3.10). */
export type CollectorMode = (typeof COLLECTOR_MODES)[number];

/** Settings of the L7 collector; which apply depends on the mode. */
export interface L7CollectorOptions extends DaemonSetCollectorOptions {
  /**
   * How the collector is deployed.
   * @default - "daemonset" for calicoVersion 3.9–3.10, otherwise "operator"
   */
  readonly collector?: CollectorMode;
  /**
   * Calico Enterprise release of the cluster: it picks the default mode and the settings available.
   * @default - "3.10" in daemonset mode, the newest known release (3.24) in operator mode
   */
  readonly calicoVersion?: string;
  /** Seconds between batches the collector sends on (`ENVOY_LOG_INTERVAL_SECONDS` / `logCollection.logIntervalSeconds`). @default 5 */
  readonly logIntervalSeconds?: number;
  /** Unique L7 logs sent per interval; negative means unlimited. @default -1 */
  readonly logRequestsPerInterval?: number;
  /** Operator mode, CE 3.20.0-2.0+: let the operator inject L7 sidecars into labelled pods. @default - not written */
  readonly sidecarInjection?: boolean;
}

export interface L7CollectorProps extends L7CollectorOptions {
  /** Daemonset mode: Felix `tproxyPort`, where the Envoy listener must be. @default 16001 */
  readonly tproxyPort?: number;
}

export const COLLECTOR_OPTION_KEYS = [
  'collector',
  'calicoVersion',
  'logIntervalSeconds',
  'logRequestsPerInterval',
  'sidecarInjection',
  ...DAEMONSET_OPTION_KEYS,
] as const satisfies readonly (keyof L7CollectorOptions)[];

const DAEMONSET_ONLY = [...DAEMONSET_OPTION_KEYS, 'tproxyPort'] as const;

/** Collector settings after validation and defaulting. */
export type ResolvedCollector = OperatorCollector | DaemonSetCollector;

/** Resolves the release and the mode, the two things every other check depends on. */
export function resolveReleaseAndMode(
  issues: Issues,
  calicoVersion: unknown,
  collector: unknown,
): { release: CalicoRelease; mode: CollectorMode } {
  const given = calicoVersion === undefined ? undefined : parseCalicoVersion(issues, 'calicoVersion', calicoVersion);
  let mode: CollectorMode;
  if (collector === undefined) {
    mode = given && compare(given, LAST_DAEMONSET_RELEASE) <= 0 ? 'daemonset' : 'operator';
  } else if (checkEnum(issues, 'collector', collector, COLLECTOR_MODES)) {
    mode = collector;
  } else {
    mode = 'operator';
  }
  const release = given ?? (mode === 'daemonset' ? DEFAULT_DAEMONSET_RELEASE : NEWEST_KNOWN);
  if (given && mode === 'operator' && !hasFeature(given, 'operatorCollector')) {
    issues.add(
      'collector',
      'operator',
      `Calico Enterprise ${given.text} has no ApplicationLayer resource (it arrived in ${sinceText('operatorCollector')}); use collector "daemonset"`,
    );
  }
  if (given && mode === 'daemonset' && compare(given, LAST_DAEMONSET_RELEASE) > 0) {
    issues.add(
      'collector',
      'daemonset',
      `the manual DaemonSet is documented for Calico Enterprise 3.9–3.10 only; ${given.text} manages the collector through the operator, so use collector "operator"`,
    );
  }
  return { release, mode };
}

/** Checks collector props against the release and mode; returns them with defaults filled in. */
export function validateCollector(
  issues: Issues,
  props: L7CollectorProps,
  release: CalicoRelease,
  mode: CollectorMode,
  /** Where `tproxyPort` came from, for error messages (L7Logging takes it from `felix`). */
  tproxyPortField = 'tproxyPort',
): ResolvedCollector | undefined {
  const before = issues.count;
  const logIntervalSeconds = props.logIntervalSeconds ?? 5;
  checkInteger(issues, 'logIntervalSeconds', logIntervalSeconds, { min: 1, max: 2 ** 31 - 1 });
  const logRequestsPerInterval = props.logRequestsPerInterval ?? -1;
  checkInteger(issues, 'logRequestsPerInterval', logRequestsPerInterval, { min: -(2 ** 31), max: 2 ** 31 - 1 });
  const shared = { logIntervalSeconds, logRequestsPerInterval };
  let resolved: ResolvedCollector | undefined;
  if (mode === 'operator') {
    for (const key of DAEMONSET_ONLY) {
      if (props[key] !== undefined) {
        issues.add(key, props[key], 'applies to collector "daemonset" only; in operator mode the Tigera operator renders the collector');
      }
    }
    resolved = validateOperatorCollector(issues, props, release, shared);
  } else {
    if (props.sidecarInjection !== undefined) {
      issues.add('sidecarInjection', props.sidecarInjection, 'applies to collector "operator" (Calico Enterprise 3.20.0-2.0+) only');
    }
    resolved = validateDaemonSetCollector(issues, props, release, shared, tproxyPortField);
  }
  return issues.count === before ? resolved : undefined;
}

/** The Felix settings the collector needs, to merge into the FelixConfiguration patch. */
export function collectorFelixSettings(c: ResolvedCollector): FelixL7Settings {
  if (c.mode === 'operator') return {};
  return { tproxyMode: 'Enabled', tproxyPort: c.tproxyPort };
}

/** Renders the collector's objects in apply order. */
export function renderCollector(c: ResolvedCollector): KubeObject[] {
  return c.mode === 'operator' ? [renderApplicationLayer(c)] : renderDaemonSetCollector(c);
}
