import {
  COLLECTOR_COVERAGE,
  COLLECTOR_OPTION_KEYS,
  type CollectorCoverage,
  type CollectorMode,
  EBPF_MIN_KERNEL,
  ENVOY_MODES,
  type L7CollectorOptions,
  type ResolvedCollector,
  collectorFelixSettings,
  renderCollector,
  resolveReleaseAndMode,
  validateCollector,
} from './collector';
import { renderIstioWaypointLogging } from './collector/waypoint';
import { Issues } from './errors';
import { observed } from './observe';
import { L7Warning, type WarningId } from './warnings';
import { type FelixL7Settings, type TakeOver, checkCollectionPath, renderFelixConfiguration, validateFelixSettings } from './felix';
import type { KubeObject } from './objects';
import { type MajorMinor, type PlatformProps, checkPlatform, parseMajorMinor } from './release/platform';
import { type CalicoRelease, compare, hasFeature, isAmbiguousSidecarRelease } from './release/release';
import { type RolloutStep, rolloutOff, rolloutOn } from './rollout';
import { checkBoolean, checkKnownKeys, checkName, isPlainObject, snapshotProps } from './rules';
import {
  type DescribedService,
  type ServiceDescriber,
  type ServiceRef,
  checkServiceType,
  checkUniqueServices,
  describeServiceRef,
  renderServiceSelection,
} from './selection/service';
import { type StorageSizingInputs, type StorageGuidance, type StoragePlatform, renderLogStoragePatch, validateStorage } from './log-platform/storage';
import { type ResolvedWaypoint, type WaypointRef, renderNamespaceWaypoint, renderWaypointGateway, validateWaypoints } from './selection/waypoint';
import {
  type DescribedWorkload,
  type ResolvedSidecar,
  type SidecarOptions,
  type WorkloadDescriber,
  type WorkloadRef,
  checkUniqueWorkloads,
  describeWorkloadRef,
  renderWorkloadSelection,
  validateSidecarOptions,
} from './selection/workload';

/** Where the collector of the Calico Enterprise 3.9–3.10 DaemonSet manifests ran, for the upgrade to the operator. */
export interface DaemonSetUpgrade {
  /** Namespace of the old `l7-log-collector` DaemonSet, `envoy-config` ConfigMap and ServiceAccount. @default "calico-system" */
  readonly namespace?: string;
}

/**
 * Everything needed to turn on L7 logs in one cluster. `S` is how a Service is named and `W` how a
 * workload is: {@link ServiceRef} and {@link WorkloadRef} here, and also objects of the same app in
 * the cdk8s and Pulumi layers.
 */
export interface L7LoggingOptions<S = ServiceRef, W = WorkloadRef> extends L7CollectorOptions {
  /**
   * Felix settings for the `default` FelixConfiguration. In daemonset mode `tproxyPort` and
   * `tproxyUpstreamConnMark` also configure Envoy; in the operator's modes the operator owns the TPROXY
   * fields. `l7ObservabilityEnabled: true` beside an Envoy collector runs the eBPF collector too (3.24).
   * @default - policySyncPathPrefix "/var/run/nodeagent" (not in ebpf mode), and what the mode needs
   */
  readonly felix?: FelixL7Settings;
  /** Services whose traffic is logged (daemonset, operator and sidecar modes). @default - none */
  readonly services?: readonly S[];
  /** Workloads whose pods get the L7 sidecar (sidecar mode; giving any picks it). @default - none */
  readonly workloads?: readonly W[];
  /** Sidecar mode: what the sidecar does besides logs, and when pods restart. @default - logs only, pods roll now */
  readonly sidecar?: SidecarOptions;
  /** Namespaces whose traffic goes through an Istio ambient waypoint that logs (waypoint mode; giving any picks it). @default - none */
  readonly waypoints?: readonly WaypointRef[];
  /** Log storage sizing inputs. @default - no sizing */
  readonly storage?: StorageSizingInputs;
  /** Where the cluster runs, checked against the documented limits. @default - Linux nodes, iptables dataplane */
  readonly platform?: PlatformProps;
  /**
   * `false` turns collection off, in the reverse order of turning it on: what was selected is
   * deselected (and in daemonset mode Felix gets `tproxyMode: Disabled`) first; then the collector
   * is removed with the commands in the rollout steps. No ApplicationLayer is written.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The cluster ran the Calico Enterprise 3.9–3.10 DaemonSet collector and moves to the operator's
   * (3.11+). The old DaemonSet, ConfigMap and ServiceAccount share names with what the operator
   * renders, and a DaemonSet's selector cannot change: the rollout steps remove them first.
   * @default - a first install, nothing to remove
   */
  readonly upgradeFrom?: DaemonSetUpgrade;
  /** Parts of the L7 pipeline you run yourself, which allows the Felix settings they depend on. @default - none */
  readonly takeOver?: TakeOver;
}

export const L7_LOGGING_KEYS = [
  ...COLLECTOR_OPTION_KEYS,
  'felix',
  'services',
  'workloads',
  'sidecar',
  'waypoints',
  'storage',
  'platform',
  'enabled',
  'upgradeFrom',
  'takeOver',
] as const;

/** What L7Logging renders, in apply order, with what the adapters need beside the objects. */
export interface L7LoggingPlan {
  /** The release the objects are for. */
  readonly release: CalicoRelease;
  /** The collector settings after defaulting. @internal */
  readonly collector: ResolvedCollector;
  /** What the collector mode logs and what it misses. */
  readonly coverage: CollectorCoverage;
  readonly enabled: boolean;
  /** Applied first: the Felix settings the collector needs, the collector, the LogStorage patch. */
  readonly collectorPhase: readonly KubeObject[];
  /**
   * Applied once the collector runs: what sends traffic through it (Felix `tproxyMode` in daemonset
   * mode, the Service annotations, the workload labels, the namespace waypoint labels). Turning off,
   * it is applied first.
   */
  readonly trafficPhase: readonly KubeObject[];
  /** Every selected Service, in the order given. @internal */
  readonly services: readonly DescribedService[];
  /** Every selected workload, in the order given. @internal */
  readonly workloads: readonly DescribedWorkload[];
  /** Sidecar mode: the sidecar settings. @internal */
  readonly sidecar?: ResolvedSidecar;
  /** Waypoint mode: each namespace and its waypoint. @internal */
  readonly waypoints: readonly ResolvedWaypoint[];
  readonly storage?: StorageGuidance;
  /** All objects in the order the rollout applies them. */
  readonly objects: readonly KubeObject[];
  /** The runbook: each step in order, with the commands between the phases. */
  readonly rollout: readonly RolloutStep[];
  /** The namespace of the 3.9–3.10 collector this rollout removes first (`upgradeFrom`). */
  readonly upgradeNamespace?: string;
  /** Props that are valid but probably not what the user meant, each with its stable id. */
  readonly warnings: readonly L7Warning[];
}

/**
 * The TPROXY fields, which send traffic through the proxy: in daemonset mode they wait until the
 * collector runs; in the operator's modes the operator sets the mode and its Envoy assumes the defaults.
 */
const TPROXY_FIELDS: readonly (keyof FelixL7Settings)[] = ['tproxyMode', 'tproxyPort', 'tproxyUpstreamConnMark'];

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** What the props say once read and checked, before anything is rendered. */
interface CheckedProps<S, W> {
  readonly read: L7LoggingOptions<S, W>;
  readonly release: CalicoRelease;
  readonly mode: CollectorMode;
  readonly enabled: boolean;
  readonly felix: FelixL7Settings;
  readonly collector: ResolvedCollector | undefined;
  readonly upgradeNamespace?: string;
  readonly services: readonly (DescribedService | undefined)[];
  readonly workloads: readonly (DescribedWorkload | undefined)[];
  readonly sidecar: ResolvedSidecar | undefined;
  readonly waypoints: readonly ResolvedWaypoint[];
  readonly storage: StorageGuidance | undefined;
}

/** Validates every prop of L7Logging, then renders its objects; throws {@link L7ValidationError} on bad input. */
export function planL7LoggingWith<S, W>(
  props: L7LoggingOptions<S, W>,
  construct: string,
  describe: ServiceDescriber<S>,
  describeWorkload: WorkloadDescriber<W>,
): L7LoggingPlan {
  const issues = new Issues();
  const warnings: L7Warning[] = [];
  const warn = (id: WarningId, text: string) => warnings.push(new L7Warning(id, construct, text));
  const checked = checkProps(issues, props, construct, describe, describeWorkload, warn);
  const c = issues.checked(construct, checked.collector);
  const phases = renderPhases(checked, c);
  warnAboutSelection(checked, phases, warn);
  checked.storage?.warnings.forEach((w) => warn('retention-beyond-elasticsearch', w));
  const { mode, release, enabled, waypoints } = checked;
  const context = {
    mode,
    release,
    namespace: c.mode === 'daemonset' ? c.namespace : 'calico-system',
    ...(checked.upgradeNamespace === undefined ? {} : { upgradeNamespace: checked.upgradeNamespace }),
    hasTraffic: phases.trafficPhase.length > 0,
    inApp: phases.services.some((s) => s.inApp) || (phases.heldBack.length === 0 && checked.sidecar !== undefined && phases.workloads.some((w) => w.inApp)),
    waypoints,
    heldBack: phases.heldBack,
  };
  return observed(
    {
      release,
      collector: c,
      coverage: COLLECTOR_COVERAGE[mode],
      enabled,
      collectorPhase: phases.collectorPhase,
      trafficPhase: phases.trafficPhase,
      services: phases.services,
      workloads: phases.workloads,
      ...(checked.sidecar ? { sidecar: checked.sidecar } : {}),
      waypoints,
      ...(checked.storage ? { storage: checked.storage } : {}),
      objects: phases.objects,
      rollout: enabled ? rolloutOn(context) : rolloutOff(context),
      ...(enabled && checked.upgradeNamespace !== undefined ? { upgradeNamespace: checked.upgradeNamespace } : {}),
      warnings,
    },
    construct,
  );
}

/** Step 1: reads the props once, resolves the release and the mode, and checks every prop; issues collect in `issues`. */
function checkProps<S, W>(
  issues: Issues,
  props: L7LoggingOptions<S, W>,
  construct: string,
  describe: ServiceDescriber<S>,
  describeWorkload: WorkloadDescriber<W>,
  warn: (id: WarningId, text: string) => void,
): CheckedProps<S, W> {
  const snapshot = snapshotProps(issues, props);
  if (!isPlainObject(snapshot)) {
    issues.add('read', snapshot, 'expected an object');
    issues.throwIfAny(construct);
  }
  const read = snapshot as L7LoggingOptions<S, W>;
  checkKnownKeys(issues, '', read, L7_LOGGING_KEYS);
  const { release, mode } = resolveReleaseAndMode(issues, read.calicoVersion, read.collector, {
    services: nonEmpty(read.services),
    workloads: nonEmpty(read.workloads),
    waypoints: nonEmpty(read.waypoints),
  });
  const enabled = read.enabled ?? true;
  checkBoolean(issues, 'enabled', enabled);
  const storagePlatform = checkPlatformFor(issues, read, release, mode, enabled, warn);
  const felix = checkFelix(issues, read, release, mode, enabled);
  const upgradeNamespace = checkUpgrade(issues, read, mode);
  // In daemonset mode the Envoy listener port comes from the Felix settings, never typed twice.
  const collector = validateCollector(
    issues,
    { ...read, ...(mode === 'daemonset' && felix.tproxyPort !== undefined ? { tproxyPort: felix.tproxyPort } : {}) },
    release,
    mode,
    'felix.tproxyPort',
  );
  if ((mode === 'sidecar' || (mode === 'operator' && read.sidecarInjection === true)) && isAmbiguousSidecarRelease(release)) {
    warn(
      'sidecar-release-ambiguous',
      'sidecar injection needs Calico Enterprise 3.20.0-2.0 or later; the 3.20.0-1.0 preview has no such field ' +
        '(give the full version, such as "3.20.1", to say which)',
    );
  }
  const services = checkServices(issues, read, release, mode, describe, warn);
  const workloads: (DescribedWorkload | undefined)[] = [];
  if (read.workloads !== undefined) {
    const list: readonly W[] = read.workloads;
    if (!Array.isArray(read.workloads)) issues.add('workloads', list, 'expected a list of workloads');
    else if (mode !== 'sidecar' && list.length > 0) issues.add('workloads', `${list.length} workloads`, notSelectable(mode, 'workloads'));
    else list.forEach((w, i) => workloads.push(describeWorkload(issues, `workloads[${i}]`, w)));
  }
  checkUniqueWorkloads(issues, 'workloads', workloads);
  if (read.sidecar !== undefined && mode !== 'sidecar') issues.add('sidecar', read.sidecar, 'applies to collector "sidecar" only');
  const sidecar = mode === 'sidecar' ? validateSidecarOptions(issues, 'sidecar', read.sidecar) : undefined;
  let waypoints: ResolvedWaypoint[] = [];
  if (read.waypoints !== undefined) {
    if (mode !== 'waypoint' && nonEmpty(read.waypoints)) issues.add('waypoints', read.waypoints, notSelectable(mode, 'waypoints'));
    else waypoints = validateWaypoints(issues, 'waypoints', read.waypoints);
  }
  const storage = read.storage === undefined ? undefined : validateStorage(issues, 'storage', read.storage, storagePlatform);
  return {
    read,
    release,
    mode,
    enabled,
    felix,
    collector,
    ...(upgradeNamespace === undefined ? {} : { upgradeNamespace }),
    services,
    workloads,
    sidecar,
    waypoints,
    storage,
  };
}

/** The platform against the release and mode (Calico Cloud, node floors, the deprecation); returns what storage sizing reads of it. */
function checkPlatformFor(
  issues: Issues,
  read: L7LoggingOptions<unknown, unknown>,
  release: CalicoRelease,
  mode: CollectorMode,
  enabled: boolean,
  warn: (id: WarningId, text: string) => void,
): StoragePlatform {
  let storagePlatform: StoragePlatform = {};
  let cloud = false;
  if (read.platform !== undefined) {
    checkPlatform(issues, 'platform', read.platform, release, ENVOY_MODES.includes(mode));
    if (isPlainObject(read.platform)) {
      storagePlatform = read.platform;
      cloud = read.platform.product === 'calico-cloud';
      if (cloud && mode === 'daemonset') {
        issues.add('collector', 'daemonset', 'Calico Cloud collects L7 logs through the operator; use collector "operator"');
      }
    }
  }
  if (enabled) checkNodeRequirements(issues, mode, read.platform, warn);
  // Only where the eBPF collector is there to move to: on 3.23 the deprecation is a fact of the release line, not something to act on.
  if ((mode === 'operator' || mode === 'sidecar') && (cloud || hasFeature(release, 'l7ObservabilityEnabled'))) {
    warn(
      'envoy-collector-deprecated',
      `the Envoy L7 collector (collector "${mode}") is deprecated ${cloud ? 'in Calico Cloud' : `from Calico Enterprise 3.23 (the cluster runs ${release.text})`}; ` +
        'move to the eBPF collector (collector "ebpf"), which replaces it',
    );
  }
  return storagePlatform;
}

/** The Felix settings: valid for the release, and leaving to the operator what the mode gives it. */
function checkFelix(issues: Issues, read: L7LoggingOptions<unknown, unknown>, release: CalicoRelease, mode: CollectorMode, enabled: boolean): FelixL7Settings {
  let felix: FelixL7Settings = read.felix ?? {};
  if (!isPlainObject(felix)) {
    issues.add('felix', felix, 'expected an object of Felix settings');
    felix = {};
  }
  validateFelixSettings(issues, 'felix', felix, release);
  if (enabled) checkCollectionPath(issues, 'felix', felix, read.takeOver, 'takeOver');
  for (const key of TPROXY_FIELDS) {
    if (mode !== 'daemonset' && felix[key] !== undefined) {
      issues.add(
        `felix.${key}`,
        felix[key],
        mode === 'ebpf' || mode === 'waypoint'
          ? `is not used by the ${mode} collector (the operator owns it where an ApplicationLayer exists); leave it unset`
          : key === 'tproxyMode'
            ? `is set by the Tigera operator in ${mode} mode; leave it unset`
            : `must stay at Felix's default in ${mode} mode: the operator's Envoy listens on 16001 with mark 0x17; leave it unset`,
      );
    }
  }
  if (mode === 'daemonset' && felix.tproxyMode !== undefined && felix.tproxyMode !== 'Enabled') {
    issues.add('felix.tproxyMode', felix.tproxyMode, 'the daemonset collector needs "Enabled" (set enabled: false to turn collection off)');
  }
  if (mode === 'ebpf' && felix.l7ObservabilityEnabled !== undefined) {
    issues.add('felix.l7ObservabilityEnabled', felix.l7ObservabilityEnabled, 'is what collector "ebpf" sets (and enabled: false clears); leave it unset');
  }
  return felix;
}

/** `upgradeFrom`: the namespace of the 3.9–3.10 collector to remove, for the modes that replace it. */
function checkUpgrade(issues: Issues, read: L7LoggingOptions<unknown, unknown>, mode: CollectorMode): string | undefined {
  if (read.upgradeFrom === undefined || !checkKnownKeys(issues, 'upgradeFrom', read.upgradeFrom, ['namespace'])) return undefined;
  const namespace = read.upgradeFrom.namespace ?? 'calico-system';
  checkName(issues, 'upgradeFrom.namespace', namespace, 'label');
  if (mode !== 'operator' && mode !== 'sidecar') {
    issues.add('upgradeFrom', read.upgradeFrom, 'applies to collector "operator" or "sidecar" (Calico Enterprise 3.11+), which replace the DaemonSet collector in place');
  }
  return namespace;
}

/** Every selected Service described, in the order given (undefined where one is bad), each once. */
function checkServices<S>(
  issues: Issues,
  read: L7LoggingOptions<S, unknown>,
  release: CalicoRelease,
  mode: CollectorMode,
  describe: ServiceDescriber<S>,
  warn: (id: WarningId, text: string) => void,
): (DescribedService | undefined)[] {
  const described: (DescribedService | undefined)[] = [];
  if (read.services !== undefined) {
    const list: readonly S[] = read.services;
    // Array.isArray would widen the items to any; the list's own type is what the describer takes.
    if (!Array.isArray(read.services)) issues.add('services', list, 'expected a list of Services');
    else if (!ENVOY_MODES.includes(mode) && list.length > 0) issues.add('services', `${list.length} Services`, notSelectable(mode, 'Services'));
    else {
      for (let i = 0; i < list.length; i += 1) {
        const field = `services[${i}]`;
        const d = describe(issues, field, list[i] as S);
        if (d) checkServiceType(issues, field, d, release).forEach((w) => warn('load-balancer-partly-logged', w));
        described.push(d);
      }
    }
  }
  checkUniqueServices(issues, 'services', described);
  return described;
}

/** The objects of each phase, in apply order. */
interface Phases {
  readonly collectorPhase: KubeObject[];
  readonly trafficPhase: KubeObject[];
  readonly objects: KubeObject[];
  readonly services: DescribedService[];
  readonly workloads: DescribedWorkload[];
  /** Workload selections held back for a maintenance window (`sidecar.rollPods: false`). */
  readonly heldBack: KubeObject[];
}

/** Step 2: renders the collector phase and the traffic phase from checked props. */
function renderPhases(checked: CheckedProps<unknown, unknown>, c: ResolvedCollector): Phases {
  const { mode, enabled, felix, sidecar, waypoints, storage, read } = checked;
  // One pass over the Services, as there may be 10,000.
  const services: DescribedService[] = [];
  const serviceObjects: KubeObject[] = [];
  for (let i = 0; i < checked.services.length; i += 1) {
    const d = checked.services[i];
    if (d === undefined) continue;
    services.push(d);
    if (!d.inApp) serviceObjects.push(renderServiceSelection(d, enabled));
  }
  const workloads = checked.workloads.filter((d) => d !== undefined);
  const workloadObjects = sidecar ? workloads.filter((w) => !w.inApp).map((w) => renderWorkloadSelection(w, sidecar, enabled)) : [];
  // Held back for a maintenance window: a changed pod template rolls the pods.
  const holdBack = enabled && sidecar?.rollPods === false;
  const heldBack = holdBack && sidecar ? workloads.map((w) => renderWorkloadSelection(w, sidecar)) : [];

  // In daemonset mode Felix is written twice: without the TPROXY fields before the collector runs,
  // then whole once it does. The second is a superset of the first, so applying both in order keeps
  // every field (an apply drops what the previous apply of the object wrote and this one does not).
  const offSettings: FelixL7Settings = mode === 'daemonset' ? { tproxyMode: 'Disabled' } : mode === 'ebpf' ? { l7ObservabilityEnabled: false } : {};
  const felixSettings: FelixL7Settings = { ...felix, ...(enabled ? collectorFelixSettings(c) : offSettings) };
  // The eBPF collector does not dial Felix's policy-sync socket, and for waypoints the operator's Istio
  // controller sets it (operator v1.43.0): their patches carry only what is asked, if anything.
  const ownFelix = mode !== 'ebpf' && mode !== 'waypoint';
  const felixObject = renderFelixConfiguration('default', felixSettings, ownFelix);
  const felixObjects = ownFelix || Object.keys(felixSettings).length > 0 ? [felixObject] : [];
  const patch = storage && read.storage?.resizeLogStorage ? renderLogStoragePatch(storage) : undefined;
  const collectorPhase: KubeObject[] = enabled
    ? [
        ...(mode === 'daemonset' ? [renderFelixConfiguration('default', withoutKeys(felixSettings, TPROXY_FIELDS))] : felixObjects),
        ...renderCollector(c),
        ...waypoints.map(renderWaypointGateway),
        ...(patch ? [patch] : []),
      ]
    : [];
  // Joined with concat: the traffic phase may hold 10,000 Services.
  const trafficPhase: KubeObject[] = (mode === 'daemonset' || (mode === 'ebpf' && !enabled) ? [felixObject] : []).concat(
    serviceObjects,
    holdBack ? [] : workloadObjects,
    waypoints.map((w) => renderNamespaceWaypoint(w, enabled)),
    mode === 'waypoint' && !enabled ? [renderIstioWaypointLogging(false)] : [],
  );
  const objects = enabled ? collectorPhase.concat(trafficPhase) : trafficPhase;
  return { collectorPhase, trafficPhase, objects, services, workloads, heldBack };
}

/** Step 3: the warnings about what is, or is not yet, selected. */
function warnAboutSelection(checked: CheckedProps<unknown, unknown>, phases: Phases, warn: (id: WarningId, text: string) => void): void {
  const { mode, enabled, waypoints } = checked;
  if (enabled && ENVOY_MODES.includes(mode) && phases.services.length === 0 && phases.workloads.length === 0) {
    warn(
      'nothing-selected',
      mode === 'sidecar'
        ? 'no workloads selected: the sidecar webhook runs, but injects into no pod and no L7 logs are written (select workloads with "workloads")'
        : 'no Services selected: the collector runs, but Felix sends no traffic through it and no L7 logs are written ' +
            '(select Services with "services" or AnnotatedService)',
    );
  }
  if (enabled && mode === 'waypoint' && waypoints.length === 0) {
    warn('no-waypoints', 'no waypoints given: waypoint logging is on, but only namespaces that already use a waypoint are logged (add them with "waypoints")');
  }
  if (phases.heldBack.length > 0) {
    warn('workloads-held-back', `${phases.heldBack.length} workload(s) held back (sidecar.rollPods: false): nothing is logged for them until they are selected in a maintenance window`);
  }
}

function notSelectable(mode: CollectorMode, what: string): string {
  const how: Record<CollectorMode, string> = {
    daemonset: 'the daemonset collector selects Services only',
    operator: 'the operator collector selects Services only (workloads need collector "sidecar")',
    sidecar: 'the sidecar collector selects workloads and Services',
    ebpf: 'the eBPF collector has no selection: it sees HTTP/1.x on every node',
    waypoint: 'the waypoint collector selects namespaces, through "waypoints"',
  };
  return `cannot select ${what}: ${how[mode]}`;
}

/** What a mode needs of the nodes, read from `platform`: the sidecar's Kubernetes floor, the eBPF collector's kernel. */
const NODE_FLOORS: Partial<Record<CollectorMode, { field: 'kubernetesVersion' | 'kernelVersion'; floor: MajorMinor; needs: string; why: string }>> = {
  sidecar: { field: 'kubernetesVersion', floor: { major: 1, minor: 29 }, needs: 'Kubernetes 1.29 or later', why: 'it injects Envoy as a native sidecar' },
  ebpf: { field: 'kernelVersion', floor: EBPF_MIN_KERNEL, needs: 'Linux 5.17 or later on every node', why: "give the oldest node's kernel" },
};

function checkNodeRequirements(issues: Issues, mode: CollectorMode, platform: PlatformProps | undefined, warn: (id: WarningId, text: string) => void): void {
  const rule = NODE_FLOORS[mode];
  if (!rule) return;
  const given = isPlainObject(platform) ? platform[rule.field] : undefined;
  if (given === undefined) {
    warn('node-requirement-unchecked', `the ${mode} collector needs ${rule.needs}; give platform.${rule.field} to have it checked (${rule.why})`);
    return;
  }
  // The format was checked with the platform; only a readable version is compared.
  const v = parseMajorMinor(new Issues(), '', given, '');
  if (v && compare(v, rule.floor) < 0) issues.add(`platform.${rule.field}`, given, `the ${mode} collector needs ${rule.needs} (${rule.why})`);
}

function withoutKeys(s: FelixL7Settings, keys: readonly (keyof FelixL7Settings)[]): FelixL7Settings {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k as keyof FelixL7Settings)));
}

/**
 * Validates L7Logging props (Services and workloads named by namespace and name) and returns the plan: the objects
 * of each phase and the rollout steps. Throws {@link L7ValidationError} on bad input.
 */
export function planL7Logging(props: L7LoggingOptions, construct = 'L7Logging'): L7LoggingPlan {
  return planL7LoggingWith(props, construct, describeServiceRef, describeWorkloadRef);
}
