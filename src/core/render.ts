import {
  COLLECTOR_OPTION_KEYS,
  type L7CollectorProps,
  type ResolvedCollector,
  collectorFelixSettings,
  renderCollector,
  resolveReleaseAndMode,
  validateCollector,
} from './collector';
import { Issues } from './errors';
import { type FelixL7ConfigProps, type FelixL7Settings, checkCollectionPath, felixConfigurationName, renderFelixConfiguration, validateFelixSettings } from './felix';
import type { KubeObject } from './objects';
import { type CalicoRelease, NEWEST_KNOWN, parseCalicoVersion } from './release';
import { checkKnownKeys, checkName, isPlainObject, snapshotProps } from './rules';
import { type AnnotatedServiceOptions, type DescribedService, type ServiceDescriber, checkSelected, checkServiceType, renderServiceSelection } from './service';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStoragePatch, validateStorage, validateStoragePlatform } from './storage';

// Entry points of the smaller constructs, shared by the cdk8s and Pulumi layers: validate the props,
// then render. Each result names its release and objects, which the adapters check (self-check.ts).

/** What every entry point returns: the objects in apply order and the release they are for. */
export interface Rendered {
  readonly release: CalicoRelease;
  readonly objects: readonly KubeObject[];
}

/** Validates {@link FelixL7ConfigProps} and renders the FelixConfiguration patch. */
export function renderFelixL7Config(given: FelixL7ConfigProps, construct = 'FelixL7Config'): Rendered & { readonly felixConfiguration: KubeObject } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, given);
  const props = snapshot as FelixL7ConfigProps;
  const release = (props?.calicoVersion === undefined ? NEWEST_KNOWN : parseCalicoVersion(issues, 'calicoVersion', props.calicoVersion)) ?? NEWEST_KNOWN;
  validateFelixSettings(issues, '', props, release, ['node', 'calicoVersion', 'takeOver']);
  if (isPlainObject(snapshot)) checkCollectionPath(issues, '', props, props.takeOver, 'takeOver');
  // The object is named node.<name>, which must stay within 253 characters.
  if (props?.node !== undefined && checkName(issues, 'node', props.node, 'subdomain') && props.node.length > 248) {
    issues.add('node', props.node, 'expected a node name of at most 248 characters: the FelixConfiguration is named "node.<name>", at most 253');
  }
  issues.throwIfAny(construct);
  const { node, calicoVersion: _version, takeOver: _takeOver, ...settings } = props;
  const felixConfiguration = renderFelixConfiguration(felixConfigurationName(node), settings);
  return { release, objects: [felixConfiguration], felixConfiguration };
}

/** Validates {@link L7CollectorProps} and renders the collector's objects. */
export function renderL7Collector(given: L7CollectorProps, construct = 'L7Collector'): Rendered & { readonly felixSettings: FelixL7Settings } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, given);
  const props = snapshot as L7CollectorProps;
  checkKnownKeys(issues, '', props, [...COLLECTOR_OPTION_KEYS, 'tproxyPort']);
  const { release, mode } = resolveReleaseAndMode(issues, props?.calicoVersion, props?.collector);
  const resolved = isPlainObject(snapshot) ? validateCollector(issues, props, release, mode) : undefined;
  issues.throwIfAny(construct);
  const c = resolved as ResolvedCollector;
  return { release, objects: renderCollector(c), felixSettings: collectorFelixSettings(c) };
}

/** Validates {@link LogStorageSizingProps}; returns the guidance and, if asked for, the LogStorage patch. */
export function renderLogStorageSizing(
  given: LogStorageSizingProps,
  construct = 'LogStorageSizing',
): Rendered & { readonly guidance: StorageGuidance } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, given);
  const props = snapshot as LogStorageSizingProps;
  const platform = isPlainObject(snapshot) ? validateStoragePlatform(issues, 'platform', props.platform) : {};
  const guidance = validateStorage(issues, '', props, platform, ['platform']);
  issues.throwIfAny(construct);
  const g = guidance as StorageGuidance;
  const patch = props.resizeLogStorage ? renderLogStoragePatch(g) : undefined;
  return { release: NEWEST_KNOWN, guidance: g, objects: patch ? [patch] : [] };
}

/** Validates AnnotatedService props; returns the Service and, for an existing one, its selection object. */
export function planAnnotatedService<S>(
  given: AnnotatedServiceOptions<S>,
  construct: string,
  describe: ServiceDescriber<S>,
): Rendered & { readonly service: DescribedService; readonly selected: boolean; readonly object?: KubeObject; readonly warnings: readonly string[] } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, given);
  const props = snapshot as AnnotatedServiceOptions<S>;
  checkKnownKeys(issues, '', props, ['service', 'selected', 'calicoVersion']);
  checkSelected(issues, 'selected', props?.selected);
  const release = (props?.calicoVersion === undefined ? NEWEST_KNOWN : parseCalicoVersion(issues, 'calicoVersion', props.calicoVersion)) ?? NEWEST_KNOWN;
  const service = props && describe(issues, 'service', props.service);
  const warnings = service ? checkServiceType(issues, 'service', service, release).map((w) => `${construct}: ${w}`) : [];
  issues.throwIfAny(construct);
  const s = service as DescribedService;
  const selected = props.selected ?? true;
  if (s.inApp) return { release, objects: [], service: s, selected, warnings };
  const object = renderServiceSelection(s, selected);
  return { release, objects: [object], service: s, selected, object, warnings };
}
