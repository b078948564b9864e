import {
  APPLICATION_LAYER_NAME,
  COLLECTOR_OPTION_KEYS,
  type L7CollectorOptions,
  type ResolvedCollector,
  collectorFelixSettings,
  renderCollector,
  resolveReleaseAndMode,
  validateCollector,
} from './collector';
import { Issues } from './errors';
import { type FelixL7Settings, renderFelixConfiguration, validateFelixSettings } from './felix';
import type { KubeObject } from './objects';
import { type PlatformProps, checkPlatform } from './platform';
import { checkBoolean, checkKnownKeys, isPlainObject } from './rules';
import { assertOwnOutputValid } from '../validate/own-schemas';
import { type DescribedService, type ServiceDescriber, type ServiceRef, checkUniqueServices, describeServiceRef, renderServiceSelection } from './service';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStoragePatch, validateStorage } from './storage';

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
  readonly storage?: LogStorageSizingProps;
  /** Where the cluster runs, checked against the documented limits. @default - Linux nodes, iptables dataplane */
  readonly platform?: PlatformProps;
  /**
   * `false` turns collection off and deselects the Services: the ApplicationLayer gets
   * `collectLogs: Disabled`, or in daemonset mode Felix gets `tproxyMode: Disabled` and the DaemonSet is left out.
   * @default true
   */
  readonly enabled?: boolean;
}

export type L7LoggingProps = L7LoggingOptions<ServiceRef>;

export const L7_LOGGING_KEYS = [...COLLECTOR_OPTION_KEYS, 'felix', 'services', 'storage', 'platform', 'enabled'] as const;

/** What L7Logging renders, in apply order, with what the adapters need beside the objects. */
export interface L7LoggingPlan {
  readonly collector: ResolvedCollector;
  readonly enabled: boolean;
  readonly felixConfiguration: KubeObject;
  readonly collectorObjects: readonly KubeObject[];
  /** Every selected Service, in the order given. */
  readonly services: readonly DescribedService[];
  /** Selection objects for the Services that are not in the app. */
  readonly serviceObjects: readonly KubeObject[];
  readonly storage?: StorageGuidance;
  readonly storageObjects: readonly KubeObject[];
  /** All objects in apply order: Felix, the collector, the Services, LogStorage. */
  readonly objects: readonly KubeObject[];
  /** Props that are valid but probably not what the user meant, each a sentence for a person. */
  readonly warnings: readonly string[];
}

/** TPROXY fields the operator's own collector depends on: the operator sets the mode, its Envoy assumes the defaults. */
const OPERATOR_OWNED: readonly (keyof FelixL7Settings)[] = ['tproxyMode', 'tproxyPort', 'tproxyUpstreamConnMark'];

/** Validates every prop of L7Logging, then renders its objects; throws {@link L7ValidationError} on bad input. */
export function planL7Logging<S>(props: L7LoggingOptions<S>, construct: string, describe: ServiceDescriber<S>): L7LoggingPlan {
  const issues = new Issues();
  if (!isPlainObject(props)) {
    issues.add('props', props, 'expected an object');
    issues.throwIfAny(construct);
  }
  checkKnownKeys(issues, '', props, L7_LOGGING_KEYS);
  const { release, mode } = resolveReleaseAndMode(issues, props.calicoVersion, props.collector);
  const enabled = props.enabled ?? true;
  checkBoolean(issues, 'enabled', enabled);

  if (props.platform !== undefined) {
    checkPlatform(issues, 'platform', props.platform, release);
    if (isPlainObject(props.platform) && props.platform.product === 'calico-cloud') {
      if (mode === 'daemonset') issues.add('collector', 'daemonset', 'Calico Cloud collects L7 logs through the operator; use collector "operator"');
      // Server-side apply creates a missing object: a LogStorage patch would install Elasticsearch.
      if (isPlainObject(props.storage) && props.storage.emitLogStoragePatch) {
        issues.add('storage.emitLogStoragePatch', true, 'Calico Cloud manages log storage itself; there is no LogStorage to patch');
      }
    }
  }

  let felix: FelixL7Settings = props.felix ?? {};
  if (!isPlainObject(felix)) {
    issues.add('felix', felix, 'expected an object of Felix settings');
    felix = {};
  }
  validateFelixSettings(issues, 'felix', felix, release);
  for (const key of OPERATOR_OWNED) {
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

  // In daemonset mode the Envoy listener port comes from the Felix settings, never typed twice.
  const collector = validateCollector(
    issues,
    { ...props, ...(mode === 'daemonset' && felix.tproxyPort !== undefined ? { tproxyPort: felix.tproxyPort as number } : {}) },
    release,
    mode,
    'felix.tproxyPort',
  );

  const described: (DescribedService | undefined)[] = [];
  if (props.services !== undefined) {
    if (!Array.isArray(props.services)) issues.add('services', props.services, 'expected a list of Services');
    else props.services.forEach((s, i) => described.push(describe(issues, `services[${i}]`, s)));
  }
  checkUniqueServices(issues, 'services', described);

  const storage = props.storage === undefined ? undefined : validateStorage(issues, 'storage', props.storage);

  issues.throwIfAny(construct);
  const c = collector as ResolvedCollector;
  const services = described as DescribedService[];

  const felixSettings: FelixL7Settings = enabled
    ? { ...felix, ...collectorFelixSettings(c) }
    : { ...felix, ...(mode === 'daemonset' ? { tproxyMode: 'Disabled' } : {}) };
  const felixConfiguration = renderFelixConfiguration('default', felixSettings);
  const collectorObjects = enabled ? renderCollector(c) : mode === 'operator' ? [disabledApplicationLayer()] : [];
  const serviceObjects = services.filter((s) => !s.inApp).map((s) => renderServiceSelection(s, enabled));
  const storageObjects = storage && props.storage?.emitLogStoragePatch ? [renderLogStoragePatch(storage) as KubeObject] : [];
  const objects = [felixConfiguration, ...collectorObjects, ...serviceObjects, ...storageObjects];
  assertOwnOutputValid(objects, release, construct);
  const warnings =
    enabled && services.length === 0
      ? [
          `${construct}: no Services selected: the collector runs, but Felix sends no traffic through it and no L7 logs are written ` +
            '(select Services with "services" or AnnotatedService)',
        ]
      : [];
  return {
    collector: c,
    enabled,
    felixConfiguration,
    collectorObjects,
    services,
    serviceObjects,
    ...(storage ? { storage } : {}),
    storageObjects,
    objects,
    warnings,
  };
}

function disabledApplicationLayer(): KubeObject {
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'ApplicationLayer',
    metadata: { name: APPLICATION_LAYER_NAME },
    spec: { logCollection: { collectLogs: 'Disabled' } },
  };
}

/** Renders L7Logging for Services named by namespace and name only. */
export function renderL7Logging(props: L7LoggingProps, construct = 'L7Logging'): L7LoggingPlan {
  return planL7Logging(props, construct, describeServiceRef);
}
