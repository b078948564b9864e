// The collector, by mode: what both modes share, and the dispatch to each mode's file.
import type { Issues } from '../errors';
import type { FelixL7Settings } from '../felix';
import type { KubeObject } from '../objects';
import {
  type CalicoRelease,
  type Feature,
  type CalicoVersion,
  DEFAULT_DAEMONSET_RELEASE,
  LAST_DAEMONSET_RELEASE,
  NEWEST_KNOWN,
  compare,
  hasFeature,
  parseCalicoVersion,
  sinceText,
} from '../release/release';
import { checkEnum, checkInteger } from '../rules';
import { DAEMONSET_OPTION_KEYS, type DaemonSetCollector, type DaemonSetCollectorOptions, renderDaemonSetCollector, validateDaemonSetCollector } from './daemonset';
import type { EbpfCollector } from './ebpf';
import { type OperatorCollector, renderApplicationLayer, validateOperatorCollector } from './operator';
import { type WaypointCollector, renderIstioWaypointLogging } from './waypoint';

export * from './daemonset';
export type { ContainerResources, ResourceList } from '../resources';
export { APPLICATION_LAYER_NAME, type OperatorCollector } from './operator';
export { EBPF_MIN_KERNEL, type EbpfCollector } from './ebpf';
export { ISTIO_NAME, type WaypointCollector } from './waypoint';
export { type CollectorImages, type ImageRef, checkTag } from './images';
export * from './coverage';

export const COLLECTOR_MODES = ['operator', 'daemonset', 'sidecar', 'ebpf', 'waypoint'] as const;
/**
 * How L7 logs are collected:
 * - `daemonset`: the manual per-node Envoy collector (CE 3.9–3.10), Services selected by annotation;
 * - `operator`: the operator's per-node Envoy collector from an ApplicationLayer (CE 3.11+), Services selected by annotation;
 * - `sidecar`: the operator injects Envoy into selected workloads' pods (CE 3.20.0-2.0+);
 * - `ebpf`: Felix parses HTTP/1.x on every node (CE 3.24, Calico Cloud v24);
 * - `waypoint`: Istio ambient waypoints log, for namespaces that use one (CE 3.24, Calico Cloud v24).
 */
export type CollectorMode = (typeof COLLECTOR_MODES)[number];

/** The modes whose collector is Envoy, selected by Service or by workload: deprecated from CE 3.23. */
export const ENVOY_MODES: readonly CollectorMode[] = ['daemonset', 'operator', 'sidecar'];

/** The feature each mode needs from the release (daemonset mode is bounded the other way). */
const MODE_FEATURE: Partial<Record<CollectorMode, Feature>> = {
  operator: 'operatorCollector',
  sidecar: 'sidecarInjection',
  ebpf: 'l7ObservabilityEnabled',
  waypoint: 'waypointLogging',
};

/** What is selected, which picks the mode when none is given. */
export interface Selection {
  readonly services: boolean;
  readonly workloads: boolean;
  readonly waypoints: boolean;
}

/** Settings of the L7 collector; which apply depends on the mode. */
export interface L7CollectorOptions extends DaemonSetCollectorOptions {
  /**
   * How L7 logs are collected (see {@link CollectorMode}).
   * @default - from what is selected: `workloads` "sidecar", `waypoints` "waypoint", otherwise the
   * per-node Envoy collector: "daemonset" for calicoVersion 3.9–3.10, "operator" from 3.11
   */
  readonly collector?: CollectorMode;
  /**
   * Calico Enterprise release of the cluster: it picks the default mode and the settings available.
   * @default - "3.10" in daemonset mode, the newest known release (3.24) in operator mode
   */
  readonly calicoVersion?: CalicoVersion;
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
const ENVOY_ONLY = ['logIntervalSeconds', 'logRequestsPerInterval', 'sidecarInjection'] as const;

/**
 * Collector settings after validation and defaulting.
 * @internal
 */
export type ResolvedCollector = OperatorCollector | DaemonSetCollector | EbpfCollector | WaypointCollector;

/**
 * Resolves the release and the mode, the two things every other check depends on. Without a
 * `collector`, what is selected decides: workloads mean sidecars, waypoints the waypoint collector,
 * anything else the per-node Envoy collector of the release.
 */
export function resolveReleaseAndMode(
  issues: Issues,
  calicoVersion: unknown,
  collector: unknown,
  selection: Selection = { services: false, workloads: false, waypoints: false },
): { release: CalicoRelease; mode: CollectorMode } {
  const given = calicoVersion === undefined ? undefined : parseCalicoVersion(issues, 'calicoVersion', calicoVersion);
  let mode: CollectorMode;
  if (collector === undefined) {
    if (selection.workloads) mode = 'sidecar';
    else if (selection.waypoints) mode = 'waypoint';
    else mode = given && compare(given, LAST_DAEMONSET_RELEASE) <= 0 ? 'daemonset' : 'operator';
  } else if (checkEnum(issues, 'collector', collector, COLLECTOR_MODES)) {
    mode = collector;
  } else {
    mode = 'operator';
  }
  const release = given ?? (mode === 'daemonset' ? DEFAULT_DAEMONSET_RELEASE : NEWEST_KNOWN);
  const feature = MODE_FEATURE[mode];
  if (given && feature && !hasFeature(given, feature)) {
    const instead = compare(given, LAST_DAEMONSET_RELEASE) <= 0 ? 'daemonset' : 'operator';
    issues.add('collector', mode, `Calico Enterprise ${given.text} has no ${mode} collector; it is in ${releasesWith(feature)} (use collector "${instead}" on ${given.text})`);
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

/** The releases that have a feature, for a person: "3.24", or "3.20.0-2.0 to 3.24". */
export function releasesWith(feature: Feature): string {
  const first = feature === 'sidecarInjection' ? '3.20.0-2.0' : sinceText(feature);
  return first === NEWEST_KNOWN.text ? `Calico Enterprise ${first}` : `Calico Enterprise ${first} to ${NEWEST_KNOWN.text}`;
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
  const logRequestsPerInterval = props.logRequestsPerInterval ?? -1;
  if (mode !== 'ebpf' && mode !== 'waypoint') {
    checkInteger(issues, 'logIntervalSeconds', logIntervalSeconds, { min: 1, max: 2 ** 31 - 1 });
    checkInteger(issues, 'logRequestsPerInterval', logRequestsPerInterval, { min: -(2 ** 31), max: 2 ** 31 - 1 });
  }
  const shared = { logIntervalSeconds, logRequestsPerInterval };
  let resolved: ResolvedCollector | undefined;
  if (mode === 'ebpf' || mode === 'waypoint') {
    for (const key of [...ENVOY_ONLY, ...DAEMONSET_ONLY]) {
      if (props[key] !== undefined) {
        issues.add(key, props[key], `applies to the Envoy collectors only; the ${mode} collector is configured through ${mode === 'ebpf' ? 'Felix (felix.l7LogsFlushInterval, …)' : "the operator's Istio resource"}`);
      }
    }
    resolved = { mode, release };
  } else if (mode === 'operator' || mode === 'sidecar') {
    for (const key of DAEMONSET_ONLY) {
      if (props[key] !== undefined) {
        issues.add(key, props[key], `applies to collector "daemonset" only; in ${mode} mode the Tigera operator renders the collector`);
      }
    }
    if (mode === 'sidecar' && props.sidecarInjection === false) {
      issues.add('sidecarInjection', false, 'collector "sidecar" is sidecar injection; leave it unset or choose collector "operator"');
    }
    resolved = validateOperatorCollector(issues, mode === 'sidecar' ? { ...props, sidecarInjection: true } : props, release, shared, mode);
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
  if (c.mode === 'daemonset') return { tproxyMode: 'Enabled', tproxyPort: c.tproxyPort };
  if (c.mode === 'ebpf') return { l7ObservabilityEnabled: true };
  return {};
}

/** Renders the collector's objects in apply order (the eBPF collector is only its Felix setting). */
export function renderCollector(c: ResolvedCollector): KubeObject[] {
  switch (c.mode) {
    case 'daemonset':
      return renderDaemonSetCollector(c);
    case 'ebpf':
      return [];
    case 'waypoint':
      return [renderIstioWaypointLogging(true)];
    default:
      return [renderApplicationLayer(c)];
  }
}
