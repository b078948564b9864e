import { observed } from './observe';
import { L7Warning } from './warnings';
import {
  COLLECTOR_OPTION_KEYS,
  type L7CollectorProps,
  collectorFelixSettings,
  renderCollector,
  resolveReleaseAndMode,
  validateCollector,
} from './collector';
import { Issues } from './errors';
import { type FelixL7ConfigProps, type FelixL7Settings, checkCollectionPath, felixConfigurationName, renderFelixConfiguration, validateFelixSettings } from './felix';
import type { KubeObject } from './objects';
import { type CalicoRelease, NEWEST_KNOWN, parseCalicoVersion } from './release/release';
import { checkKnownKeys, checkName, isPlainObject, snapshotProps } from './rules';
import { type AnnotatedServiceOptions, type DescribedService, type ServiceDescriber, checkSelected, checkServiceType, renderServiceSelection } from './selection/service';
import { type LogStorageSizingProps, type StorageGuidance, renderLogStoragePatch, validateStorage, validateStoragePlatform } from './log-platform/storage';

// Entry points of the smaller constructs, shared by the cdk8s and Pulumi layers: validate the props,
// then render. Each result names its release and objects.

/** What every entry point returns: the objects in apply order and the release they are for. */
export interface Rendered {
  readonly release: CalicoRelease;
  readonly objects: readonly KubeObject[];
}

/** Validates {@link FelixL7ConfigProps} and renders the FelixConfiguration patch. */
export function renderFelixL7Config(props: FelixL7ConfigProps, construct = 'FelixL7Config'): Rendered & { readonly felixConfiguration: KubeObject } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, props);
  const read = snapshot as FelixL7ConfigProps;
  const release = (read?.calicoVersion === undefined ? NEWEST_KNOWN : parseCalicoVersion(issues, 'calicoVersion', read.calicoVersion)) ?? NEWEST_KNOWN;
  validateFelixSettings(issues, '', read, release, ['node', 'calicoVersion', 'takeOver']);
  if (isPlainObject(snapshot)) checkCollectionPath(issues, '', read, read.takeOver, 'takeOver');
  // The object is named node.<name>, which must stay within 253 characters.
  if (read?.node !== undefined && checkName(issues, 'node', read.node, 'subdomain') && read.node.length > 248) {
    issues.add('node', read.node, 'expected a node name of at most 248 characters: the FelixConfiguration is named "node.<name>", at most 253');
  }
  issues.throwIfAny(construct);
  const { node, calicoVersion: _version, takeOver: _takeOver, ...settings } = read;
  const felixConfiguration = renderFelixConfiguration(felixConfigurationName(node), settings);
  return observed({ release, objects: [felixConfiguration], felixConfiguration }, construct);
}

/** Validates {@link L7CollectorProps} and renders the collector's objects. */
export function renderL7Collector(props: L7CollectorProps, construct = 'L7Collector'): Rendered & { readonly felixSettings: FelixL7Settings } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, props);
  const read = snapshot as L7CollectorProps;
  checkKnownKeys(issues, '', read, [...COLLECTOR_OPTION_KEYS, 'tproxyPort']);
  const { release, mode } = resolveReleaseAndMode(issues, read?.calicoVersion, read?.collector);
  if (mode === 'ebpf' || mode === 'waypoint') {
    issues.add('collector', mode, `the ${mode} collector has no collector objects of its own; use L7Logging${mode === 'ebpf' ? ' (or FelixL7Config with l7ObservabilityEnabled: true)' : ''}`);
  }
  const resolved = isPlainObject(snapshot) ? validateCollector(issues, read, release, mode) : undefined;
  const c = issues.checked(construct, resolved);
  return observed({ release, objects: renderCollector(c), felixSettings: collectorFelixSettings(c) }, construct);
}

/** Validates {@link LogStorageSizingProps}; returns the guidance and, if asked for, the LogStorage patch. */
export function renderLogStorageSizing(
  props: LogStorageSizingProps,
  construct = 'LogStorageSizing',
): Rendered & { readonly guidance: StorageGuidance; readonly warnings: readonly L7Warning[] } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, props);
  const read = snapshot as LogStorageSizingProps;
  const platform = isPlainObject(snapshot) ? validateStoragePlatform(issues, 'platform', read.platform) : {};
  const guidance = validateStorage(issues, '', read, platform, ['platform']);
  const g = issues.checked(construct, guidance);
  const patch = read.resizeLogStorage ? renderLogStoragePatch(g) : undefined;
  const warnings = g.warnings.map((w) => new L7Warning('retention-beyond-elasticsearch', construct, w));
  return observed({ release: NEWEST_KNOWN, guidance: g, objects: patch ? [patch] : [], warnings }, construct);
}

/** Validates AnnotatedService props; returns the Service and, for an existing one, its selection object. */
export function planAnnotatedService<S>(
  props: AnnotatedServiceOptions<S>,
  construct: string,
  describe: ServiceDescriber<S>,
): Rendered & { readonly service: DescribedService; readonly selected: boolean; readonly object?: KubeObject; readonly warnings: readonly L7Warning[] } {
  const issues = new Issues();
  const snapshot = snapshotProps(issues, props);
  const read = snapshot as AnnotatedServiceOptions<S>;
  checkKnownKeys(issues, '', read, ['service', 'selected', 'calicoVersion']);
  checkSelected(issues, 'selected', read?.selected);
  const release = (read?.calicoVersion === undefined ? NEWEST_KNOWN : parseCalicoVersion(issues, 'calicoVersion', read.calicoVersion)) ?? NEWEST_KNOWN;
  const service = read && describe(issues, 'service', read.service);
  const warnings = service ? checkServiceType(issues, 'service', service, release).map((w) => new L7Warning('load-balancer-partly-logged', construct, w)) : [];
  const s = issues.checked(construct, service);
  const selected = read.selected ?? true;
  if (s.inApp) return { release, objects: [], service: s, selected, warnings };
  const object = renderServiceSelection(s, selected);
  return observed({ release, objects: [object], service: s, selected, object, warnings }, construct);
}
