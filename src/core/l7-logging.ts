import {
  APPLICATION_LAYER_NAME,
  COLLECTOR_NAME,
  COLLECTOR_OPTION_KEYS,
  ENVOY_CONFIG_NAME,
  type L7CollectorOptions,
  type ResolvedCollector,
  collectorFelixSettings,
  renderCollector,
  resolveReleaseAndMode,
  validateCollector,
} from './collector';
import { Issues } from './errors';
import { type FelixL7Settings, type TakeOver, checkCollectionPath, renderFelixConfiguration, validateFelixSettings } from './felix';
import type { KubeObject } from './objects';
import { type PlatformProps, checkPlatform } from './platform';
import { type CalicoRelease, isAmbiguousSidecarRelease } from './release';
import { checkBoolean, checkKnownKeys, checkName, isPlainObject, snapshotProps } from './rules';
import {
  type DescribedService,
  type ServiceDescriber,
  type ServiceRef,
  checkServiceType,
  checkUniqueServices,
  describeServiceRef,
  renderServiceSelection,
} from './service';
import { type StorageSizingInputs, type StorageGuidance, type StoragePlatform, renderLogStoragePatch, validateStorage } from './storage';

/** Where the collector of the Calico Enterprise 3.9–3.10 DaemonSet manifests ran, for the upgrade to the operator. */
export interface DaemonSetUpgrade {
  /** Namespace of the old `l7-log-collector` DaemonSet, `envoy-config` ConfigMap and ServiceAccount. @default "calico-system" */
  readonly namespace?: string;
}

/**
 * Everything needed to turn on L7 logs in one cluster. `S` is how a Service is named: a
 * {@link ServiceRef} here, and also an object of the same app in the cdk8s and Pulumi layers.
 */
export interface L7LoggingOptions<S = ServiceRef> extends L7CollectorOptions {
  /**
   * Felix settings for the `default` FelixConfiguration. In daemonset mode `tproxyPort` and
   * `tproxyUpstreamConnMark` also configure Envoy; in operator mode the operator owns the TPROXY fields.
   * @default - only policySyncPathPrefix "/var/run/nodeagent" (and the TPROXY fields in daemonset mode)
   */
  readonly felix?: FelixL7Settings;
  /** Services whose traffic is logged. @default - none */
  readonly services?: readonly S[];
  /** Log storage sizing inputs. @default - no sizing */
  readonly storage?: StorageSizingInputs;
  /** Where the cluster runs, checked against the documented limits. @default - Linux nodes, iptables dataplane */
  readonly platform?: PlatformProps;
  /**
   * `false` turns collection off, in the reverse order of turning it on: the Services are
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

export const L7_LOGGING_KEYS = [...COLLECTOR_OPTION_KEYS, 'felix', 'services', 'storage', 'platform', 'enabled', 'upgradeFrom', 'takeOver'] as const;

/** One step of putting the plan on a cluster: objects to apply, or a command to run. */
export interface RolloutStep {
  /** What the step does and why it comes here, for a person. */
  readonly description: string;
  /** Which group of objects to apply (`collector` first, `traffic` once the collector runs), if the step applies objects. */
  readonly phase?: 'collector' | 'traffic';
  /** A kubectl command to run, if the step is one. */
  readonly command?: string;
}

/** What L7Logging renders, in apply order, with what the adapters need beside the objects. */
export interface L7LoggingPlan {
  /** The release the objects are for. */
  readonly release: CalicoRelease;
  readonly collector: ResolvedCollector;
  readonly enabled: boolean;
  /** Applied first: the Felix settings the collector needs, the collector, the LogStorage patch. */
  readonly collectorPhase: readonly KubeObject[];
  /**
   * Applied once the collector runs on every node: what sends traffic through it (Felix
   * `tproxyMode` in daemonset mode, the Service annotations). Turning off, it is applied first.
   */
  readonly trafficPhase: readonly KubeObject[];
  /** Every selected Service, in the order given. */
  readonly services: readonly DescribedService[];
  readonly storage?: StorageGuidance;
  /** All objects in the order the rollout applies them. */
  readonly objects: readonly KubeObject[];
  /** The runbook: each step in order, with the commands between the phases. */
  readonly rollout: readonly RolloutStep[];
  /** Props that are valid but probably not what the user meant, each a sentence for a person. */
  readonly warnings: readonly string[];
}

/**
 * The TPROXY fields, which send traffic through the proxy: in daemonset mode they wait until the
 * collector runs; in operator mode the operator sets the mode and its Envoy assumes the defaults.
 */
const TPROXY_FIELDS: readonly (keyof FelixL7Settings)[] = ['tproxyMode', 'tproxyPort', 'tproxyUpstreamConnMark'];

/** Validates every prop of L7Logging, then renders its objects; throws {@link L7ValidationError} on bad input. */
export function planL7LoggingWith<S>(props: L7LoggingOptions<S>, construct: string, describe: ServiceDescriber<S>): L7LoggingPlan {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, props);
  if (!isPlainObject(snapshot)) {
    issues.add('read', snapshot, 'expected an object');
    issues.throwIfAny(construct);
  }
  const read = snapshot as L7LoggingOptions<S>;
  checkKnownKeys(issues, '', read, L7_LOGGING_KEYS);
  const { release, mode } = resolveReleaseAndMode(issues, read.calicoVersion, read.collector);
  const enabled = read.enabled ?? true;
  checkBoolean(issues, 'enabled', enabled);
  const warnings: string[] = [];

  let storagePlatform: StoragePlatform = {};
  if (read.platform !== undefined) {
    checkPlatform(issues, 'platform', read.platform, release);
    if (isPlainObject(read.platform)) {
      storagePlatform = read.platform;
      if (read.platform.product === 'calico-cloud' && mode === 'daemonset') {
        issues.add('collector', 'daemonset', 'Calico Cloud collects L7 logs through the operator; use collector "operator"');
      }
    }
  }

  let felix: FelixL7Settings = read.felix ?? {};
  if (!isPlainObject(felix)) {
    issues.add('felix', felix, 'expected an object of Felix settings');
    felix = {};
  }
  validateFelixSettings(issues, 'felix', felix, release);
  if (enabled) checkCollectionPath(issues, 'felix', felix, read.takeOver, 'takeOver');
  for (const key of TPROXY_FIELDS) {
    if (mode === 'operator' && felix[key] !== undefined) {
      issues.add(
        `felix.${key}`,
        felix[key],
        key === 'tproxyMode'
          ? 'is set by the Tigera operator in operator mode; leave it unset'
          : "must stay at Felix's default in operator mode: the operator's Envoy listens on 16001 with mark 0x17; leave it unset",
      );
    }
  }
  if (mode === 'daemonset' && felix.tproxyMode !== undefined && felix.tproxyMode !== 'Enabled') {
    issues.add('felix.tproxyMode', felix.tproxyMode, 'the daemonset collector needs "Enabled" (set enabled: false to turn collection off)');
  }

  let upgradeNamespace: string | undefined;
  if (read.upgradeFrom !== undefined && checkKnownKeys(issues, 'upgradeFrom', read.upgradeFrom, ['namespace'])) {
    upgradeNamespace = read.upgradeFrom.namespace ?? 'calico-system';
    checkName(issues, 'upgradeFrom.namespace', upgradeNamespace, 'label');
    if (mode !== 'operator') {
      issues.add('upgradeFrom', read.upgradeFrom, 'applies to collector "operator" (Calico Enterprise 3.11+), the release the DaemonSet collector is upgraded to');
    }
  }

  // In daemonset mode the Envoy listener port comes from the Felix settings, never typed twice.
  const collector = validateCollector(
    issues,
    { ...read, ...(mode === 'daemonset' && felix.tproxyPort !== undefined ? { tproxyPort: felix.tproxyPort as number } : {}) },
    release,
    mode,
    'felix.tproxyPort',
  );
  if (mode === 'operator' && read.sidecarInjection === true && isAmbiguousSidecarRelease(release)) {
    warnings.push(
      `${construct}: sidecarInjection needs Calico Enterprise 3.20.0-2.0 or later; the 3.20.0-1.0 preview has no such field ` +
        '(give the full version, such as "3.20.1", to say which)',
    );
  }

  const described: (DescribedService | undefined)[] = [];
  if (read.services !== undefined) {
    const list: readonly S[] = read.services;
    // Array.isArray would widen the items to any; the list's own type is what the describer takes.
    if (!Array.isArray(read.services)) issues.add('services', list, 'expected a list of Services');
    else {
      list.forEach((s, i) => {
        const d = describe(issues, `services[${i}]`, s);
        if (d) warnings.push(...checkServiceType(issues, `services[${i}]`, d, release).map((w) => `${construct}: ${w}`));
        described.push(d);
      });
    }
  }
  checkUniqueServices(issues, 'services', described);

  const storage = read.storage === undefined ? undefined : validateStorage(issues, 'storage', read.storage, storagePlatform);

  const c = issues.checked(construct, collector);
  const services = described.filter((d) => d !== undefined);
  const serviceObjects = services.filter((s) => !s.inApp).map((s) => renderServiceSelection(s, enabled));

  // In daemonset mode Felix is written twice: without the TPROXY fields before the collector runs,
  // then whole once it does. The second is a superset of the first, so applying both in order with
  // one field manager keeps every field (server-side apply drops what a manager stops sending).
  const felixSettings: FelixL7Settings = { ...felix, ...(enabled ? collectorFelixSettings(c) : mode === 'daemonset' ? { tproxyMode: 'Disabled' } : {}) };
  const felixObject = renderFelixConfiguration('default', felixSettings);
  const patch = storage && read.storage?.resizeLogStorage ? renderLogStoragePatch(storage) : undefined;
  const storageObjects = patch ? [patch] : [];
  const collectorPhase: KubeObject[] = enabled
    ? [mode === 'daemonset' ? renderFelixConfiguration('default', withoutKeys(felixSettings, TPROXY_FIELDS)) : felixObject, ...renderCollector(c), ...storageObjects]
    : [];
  const trafficPhase: KubeObject[] = [...(mode === 'daemonset' ? [felixObject] : []), ...serviceObjects];
  const objects = enabled ? [...collectorPhase, ...trafficPhase] : trafficPhase;

  if (enabled && services.length === 0) {
    warnings.push(
      `${construct}: no Services selected: the collector runs, but Felix sends no traffic through it and no L7 logs are written ` +
        '(select Services with "services" or AnnotatedService)',
    );
  }
  if (storage) warnings.push(...storage.warnings.map((w) => `${construct}: ${w}`));

  const namespace = c.mode === 'daemonset' ? c.namespace : 'calico-system';
  const rollout = enabled
    ? rolloutOn(mode, namespace, upgradeNamespace, trafficPhase.length > 0)
    : rolloutOff(mode, namespace);
  return {
    release,
    collector: c,
    enabled,
    collectorPhase,
    trafficPhase,
    services,
    ...(storage ? { storage } : {}),
    objects,
    rollout,
    warnings,
  };
}

function withoutKeys(s: FelixL7Settings, keys: readonly (keyof FelixL7Settings)[]): FelixL7Settings {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k as keyof FelixL7Settings)));
}


const FELIX_TPROXY_OFF = `kubectl patch felixconfiguration default --type=merge -p '{"spec":{"tproxyMode":"Disabled"}}'`;

function removeDaemonSetCommand(namespace: string): string {
  return `kubectl -n ${namespace} delete daemonset/${COLLECTOR_NAME} configmap/${ENVOY_CONFIG_NAME} serviceaccount/${COLLECTOR_NAME} --ignore-not-found`;
}

function rolloutOn(mode: ResolvedCollector['mode'], namespace: string, upgradeNamespace: string | undefined, hasTraffic: boolean): RolloutStep[] {
  const steps: RolloutStep[] = [];
  if (upgradeNamespace !== undefined) {
    steps.push(
      {
        description: 'Stop Felix sending traffic to the old collector, so removing it breaks no connection',
        command: FELIX_TPROXY_OFF,
      },
      {
        description: "Remove the 3.9–3.10 collector: the operator renders objects of the same names, and a DaemonSet's selector cannot change",
        command: removeDaemonSetCommand(upgradeNamespace),
      },
    );
  }
  steps.push({
    description:
      mode === 'daemonset'
        ? 'Apply the Felix policy-sync setting and the collector (ConfigMap, ServiceAccount, DaemonSet)'
        : 'Apply the Felix settings and the ApplicationLayer; the operator renders the collector and sets Felix tproxyMode',
    phase: 'collector',
  });
  if (!hasTraffic) return steps;
  steps.push(
    {
      description: 'Wait until the collector runs on every node: traffic redirected to a node without Envoy is dropped',
      command: `kubectl -n ${namespace} rollout status daemonset/${COLLECTOR_NAME} --timeout=10m`,
    },
    {
      description:
        mode === 'daemonset'
          ? "Switch Felix's transparent proxy on and annotate the selected Services: only connections opened from now on are proxied"
          : 'Annotate the selected Services: only connections opened from now on are proxied',
      phase: 'traffic',
    },
  );
  return steps;
}

function rolloutOff(mode: ResolvedCollector['mode'], namespace: string): RolloutStep[] {
  const steps: RolloutStep[] = [
    {
      description:
        mode === 'daemonset'
          ? "Switch Felix's transparent proxy off and deselect the Services: proxied connections stay proxied until they close"
          : 'Deselect the Services: proxied connections stay proxied until they close',
      phase: 'traffic',
    },
  ];
  if (mode === 'daemonset') {
    steps.push({ description: 'Remove the collector', command: removeDaemonSetCommand(namespace) });
  } else {
    steps.push({
      description:
        'Delete the ApplicationLayer if nothing else (WAF, application layer policy, sidecars) uses it: the operator then removes the collector and ' +
        'sets Felix tproxyMode Disabled. An ApplicationLayer with nothing enabled is Degraded and keeps the old collector running',
      command: `kubectl delete applicationlayer ${APPLICATION_LAYER_NAME}`,
    });
  }
  return steps;
}

/**
 * Validates L7Logging props (Services named by namespace and name) and returns the plan: the objects
 * of each phase and the rollout steps. Throws {@link L7ValidationError} on bad input.
 */
export function planL7Logging(props: L7LoggingOptions, construct = 'L7Logging'): L7LoggingPlan {
  return planL7LoggingWith(props, construct, describeServiceRef);
}
