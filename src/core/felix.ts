import type { Issues } from './errors';
import type { KubeObject } from './objects';
import { type CalicoRelease, type CalicoVersion, type Feature, hasFeature, sinceText } from './release/release';
import {
  checkAbsolutePath,
  checkBoolean,
  checkDuration,
  checkEnum,
  checkInteger,
  checkKnownKeys,
  checkPort,
  isPlainObject,
  join,
} from './rules';

export const TPROXY_MODES = ['Disabled', 'Enabled', 'EnabledAllServices'] as const;
export type TproxyMode = (typeof TPROXY_MODES)[number];

/** Enum values of the `l7LogsFileAggregation*` fields (Felix's CRD patterns). */
export const AGGREGATION_VALUES = {
  l7LogsFileAggregationHTTPHeaderInfo: ['ExcludeL7HTTPHeaderInfo', 'IncludeL7HTTPHeaderInfo'],
  l7LogsFileAggregationHTTPMethod: ['ExcludeL7HTTPMethod', 'IncludeL7HTTPMethod'],
  l7LogsFileAggregationServiceInfo: ['ExcludeL7ServiceInfo', 'IncludeL7ServiceInfo'],
  l7LogsFileAggregationDestinationInfo: ['ExcludeL7DestinationInfo', 'IncludeL7DestinationInfo'],
  l7LogsFileAggregationSourceInfo: ['ExcludeL7SourceInfo', 'IncludeL7SourceInfoNoPort', 'IncludeL7SourceInfo'],
  l7LogsFileAggregationResponseCode: ['ExcludeL7ResponseCode', 'IncludeL7ResponseCode'],
  l7LogsFileAggregationTrimURL: ['ExcludeL7URL', 'TrimURLQuery', 'TrimURLQueryAndPath', 'IncludeL7FullURL'],
  l7LogsFileAggregationTLSSNI: ['ExcludeL7TLSSNI', 'IncludeL7TLSSNI'],
} as const;

type Agg<K extends keyof typeof AGGREGATION_VALUES> = (typeof AGGREGATION_VALUES)[K][number];

/** Directory under which Felix serves the policy-sync API that the L7 collector dials. */
export const DEFAULT_POLICY_SYNC_PATH_PREFIX = '/var/run/nodeagent';
/** Felix defaults for the settings the Envoy configuration must agree with. */
export const DEFAULT_TPROXY_PORT = 16001;
export const DEFAULT_TPROXY_UPSTREAM_CONN_MARK = 0x17;

/**
 * The Felix settings for L7 logs. Each one left unset is not written, so the cluster keeps its
 * current value (Felix's default unless someone set it).
 */
export interface FelixL7Settings {
  /**
   * Directory of Felix's policy-sync API, which the L7 collector dials.
   * @default "/var/run/nodeagent"
   */
  readonly policySyncPathPrefix?: string;
  /**
   * How often Felix exports L7 logs: a duration such as `5m0s` or `300s`.
   * @default - not written; Felix uses "5m0s"
   */
  readonly l7LogsFlushInterval?: string;
  /** Write L7 logs to a file (the log pipeline reads that file). @default - not written; Felix uses true */
  readonly l7LogsFileEnabled?: boolean;
  /** @default - not written; Felix uses "/var/log/calico/l7logs" */
  readonly l7LogsFileDirectory?: string;
  /** Rotated files kept. @default - not written; Felix uses 5 */
  readonly l7LogsFileMaxFiles?: number;
  /** Size at which the file rotates. @default - not written; Felix uses 100 */
  readonly l7LogsFileMaxFileSizeMB?: number;
  /** Most L7 logs per node per flush interval; 0 means no limit. @default - not written; Felix uses 1500 */
  readonly l7LogsFilePerNodeLimit?: number;
  /** @default - not written; Felix uses "ExcludeL7HTTPHeaderInfo" */
  readonly l7LogsFileAggregationHTTPHeaderInfo?: Agg<'l7LogsFileAggregationHTTPHeaderInfo'>;
  /** @default - not written; Felix uses "IncludeL7HTTPMethod" */
  readonly l7LogsFileAggregationHTTPMethod?: Agg<'l7LogsFileAggregationHTTPMethod'>;
  /** @default - not written; Felix uses "IncludeL7ServiceInfo" */
  readonly l7LogsFileAggregationServiceInfo?: Agg<'l7LogsFileAggregationServiceInfo'>;
  /** @default - not written; Felix uses "IncludeL7DestinationInfo" */
  readonly l7LogsFileAggregationDestinationInfo?: Agg<'l7LogsFileAggregationDestinationInfo'>;
  /** @default - not written; Felix uses "IncludeL7SourceInfoNoPort" */
  readonly l7LogsFileAggregationSourceInfo?: Agg<'l7LogsFileAggregationSourceInfo'>;
  /** @default - not written; Felix uses "IncludeL7ResponseCode" */
  readonly l7LogsFileAggregationResponseCode?: Agg<'l7LogsFileAggregationResponseCode'>;
  /** @default - not written; Felix uses "IncludeL7FullURL" */
  readonly l7LogsFileAggregationTrimURL?: Agg<'l7LogsFileAggregationTrimURL'>;
  /** URL path components kept with IncludeL7FullURL; negative keeps all. @default - not written; Felix uses 5 */
  readonly l7LogsFileAggregationNumURLPath?: number;
  /** URLs are cut at this many characters. @default - not written; Felix uses 250 */
  readonly l7LogsFileAggregationURLCharLimit?: number;
  /** Calico Enterprise 3.24+. @default - not written; Felix uses "IncludeL7TLSSNI" */
  readonly l7LogsFileAggregationTLSSNI?: Agg<'l7LogsFileAggregationTLSSNI'>;
  /** eBPF L7 collector, Calico Enterprise 3.24+. @default - not written; Felix uses false */
  readonly l7ObservabilityEnabled?: boolean;
  /**
   * Transparent proxy mode. The daemonset collector sets `Enabled`; in operator mode the operator owns it.
   * @default - not written; Felix uses "Disabled"
   */
  readonly tproxyMode?: TproxyMode;
  /** Port proxied traffic is redirected to; the Envoy listener uses the same port. @default - not written; Felix uses 16001 */
  readonly tproxyPort?: number;
  /**
   * Mark for the proxy's upstream connections: at least two bits set, within 0xffff (clear of
   * Felix's default `iptablesMarkMask`). Calico Enterprise 3.11+. @default - not written; Felix uses 0x17
   */
  readonly tproxyUpstreamConnMark?: number;
}

export interface FelixL7ConfigProps extends FelixL7Settings {
  /**
   * Patch the per-node FelixConfiguration `node.<name>` instead of the cluster-wide `default`.
   * @default - the cluster-wide "default"
   */
  readonly node?: string;
  /**
   * Calico Enterprise release of the cluster; settings that release lacks are rejected.
   * @default - the newest release this package knows (3.24)
   */
  readonly calicoVersion?: CalicoVersion;
  /** Parts of the L7 pipeline you run yourself, which allows the Felix settings they depend on. @default - none */
  readonly takeOver?: TakeOver;
}

/** Every Felix field this package may write, in the order it writes them. */
export const FELIX_FIELDS = [
  'policySyncPathPrefix',
  'tproxyMode',
  'tproxyPort',
  'tproxyUpstreamConnMark',
  'l7LogsFlushInterval',
  'l7LogsFileEnabled',
  'l7LogsFileDirectory',
  'l7LogsFileMaxFiles',
  'l7LogsFileMaxFileSizeMB',
  'l7LogsFilePerNodeLimit',
  'l7LogsFileAggregationHTTPHeaderInfo',
  'l7LogsFileAggregationHTTPMethod',
  'l7LogsFileAggregationServiceInfo',
  'l7LogsFileAggregationDestinationInfo',
  'l7LogsFileAggregationSourceInfo',
  'l7LogsFileAggregationResponseCode',
  'l7LogsFileAggregationTrimURL',
  'l7LogsFileAggregationNumURLPath',
  'l7LogsFileAggregationURLCharLimit',
  'l7LogsFileAggregationTLSSNI',
  'l7ObservabilityEnabled',
] as const satisfies readonly (keyof FelixL7Settings)[];

const VERSIONED_FIELDS: readonly Feature[] = ['tproxyUpstreamConnMark', 'l7LogsFileAggregationTLSSNI', 'l7ObservabilityEnabled'];

/** Checks Felix settings under `prefix` and reports every problem to `issues`. */
export function validateFelixSettings(
  issues: Issues,
  prefix: string,
  s: FelixL7Settings,
  release: CalicoRelease,
  extraKeys: readonly string[] = [],
): void {
  // Unknown keys are reported; the known ones are still checked.
  if (!checkKnownKeys(issues, prefix, s, [...FELIX_FIELDS, ...extraKeys]) && !isPlainObject(s)) return;
  const f = (k: string) => join(prefix, k);
  if (s.policySyncPathPrefix !== undefined) checkAbsolutePath(issues, f('policySyncPathPrefix'), s.policySyncPathPrefix);
  if (s.l7LogsFlushInterval !== undefined) checkDuration(issues, f('l7LogsFlushInterval'), s.l7LogsFlushInterval);
  if (s.l7LogsFileEnabled !== undefined) checkBoolean(issues, f('l7LogsFileEnabled'), s.l7LogsFileEnabled);
  if (s.l7ObservabilityEnabled !== undefined) checkBoolean(issues, f('l7ObservabilityEnabled'), s.l7ObservabilityEnabled);
  if (s.l7LogsFileDirectory !== undefined) checkAbsolutePath(issues, f('l7LogsFileDirectory'), s.l7LogsFileDirectory);
  if (s.l7LogsFileMaxFiles !== undefined) checkInteger(issues, f('l7LogsFileMaxFiles'), s.l7LogsFileMaxFiles, { min: 1, max: 2 ** 31 - 1 });
  if (s.l7LogsFileMaxFileSizeMB !== undefined)
    checkInteger(issues, f('l7LogsFileMaxFileSizeMB'), s.l7LogsFileMaxFileSizeMB, { min: 1, max: 2 ** 31 - 1 });
  if (s.l7LogsFilePerNodeLimit !== undefined)
    checkInteger(issues, f('l7LogsFilePerNodeLimit'), s.l7LogsFilePerNodeLimit, { min: 0, max: 2 ** 31 - 1 });
  if (s.l7LogsFileAggregationNumURLPath !== undefined)
    checkInteger(issues, f('l7LogsFileAggregationNumURLPath'), s.l7LogsFileAggregationNumURLPath, { min: -(2 ** 31), max: 2 ** 31 - 1 });
  if (s.l7LogsFileAggregationURLCharLimit !== undefined)
    checkInteger(issues, f('l7LogsFileAggregationURLCharLimit'), s.l7LogsFileAggregationURLCharLimit, { min: 1, max: 2 ** 31 - 1 });
  for (const key of Object.keys(AGGREGATION_VALUES) as (keyof typeof AGGREGATION_VALUES)[]) {
    if (s[key] !== undefined) checkEnum(issues, f(key), s[key], AGGREGATION_VALUES[key]);
  }
  if (s.tproxyMode !== undefined && checkEnum(issues, f('tproxyMode'), s.tproxyMode, TPROXY_MODES)) {
    if (s.tproxyMode === 'EnabledAllServices' && !hasFeature(release, 'tproxyModeEnabledAllServices')) {
      issues.add(
        f('tproxyMode'),
        s.tproxyMode,
        `Calico Enterprise ${release.text} accepts only Disabled or Enabled (EnabledAllServices needs ${sinceText('tproxyModeEnabledAllServices')}+)`,
      );
    }
  }
  if (s.tproxyPort !== undefined) checkPort(issues, f('tproxyPort'), s.tproxyPort);
  if (s.tproxyUpstreamConnMark !== undefined) checkConnMark(issues, f('tproxyUpstreamConnMark'), s.tproxyUpstreamConnMark);
  for (const feature of VERSIONED_FIELDS) {
    const key = feature as keyof FelixL7Settings;
    if (s[key] !== undefined && !hasFeature(release, feature)) {
      issues.add(f(key), s[key], `not available in Calico Enterprise ${release.text}; it needs ${sinceText(feature)} or later`);
    }
  }
}

/** Where Felix writes L7 logs by default, and where the log forwarder (fluentd, later fluent-bit) reads `l7.log`. */
export const DEFAULT_L7_LOGS_FILE_DIRECTORY = '/var/log/calico/l7logs';

/** Parts of the pipeline a user runs instead of Calico's, which frees the Felix settings they depend on. */
export interface TakeOver {
  /**
   * You run a collector that dials Felix's policy-sync socket somewhere else: allows a
   * `policySyncPathPrefix` other than "/var/run/nodeagent", which Calico's collector depends on.
   * @default false
   */
  readonly policySync?: boolean;
  /**
   * You ship Felix's L7 log file yourself: allows `l7LogsFileEnabled: false` and an
   * `l7LogsFileDirectory` other than "/var/log/calico/l7logs", which Calico's log forwarder reads.
   * @default false
   */
  readonly logForwarding?: boolean;
}

/**
 * Settings that validate but silently stop L7 logs on a live cluster: the collector dials Felix at a
 * hard-wired path, and the log forwarder tails a hard-wired file. Each is an error unless the user
 * takes over the part that depends on it.
 */
export function checkCollectionPath(issues: Issues, prefix: string, s: FelixL7Settings, takeOver: unknown, takeOverField: string): void {
  let t: TakeOver = {};
  if (takeOver !== undefined && checkKnownKeys(issues, takeOverField, takeOver, ['policySync', 'logForwarding'])) {
    t = takeOver as TakeOver;
    if (t.policySync !== undefined) checkBoolean(issues, `${takeOverField}.policySync`, t.policySync);
    if (t.logForwarding !== undefined) checkBoolean(issues, `${takeOverField}.logForwarding`, t.logForwarding);
  }
  const f = (k: string) => join(prefix, k);
  if (typeof s.policySyncPathPrefix === 'string' && s.policySyncPathPrefix !== DEFAULT_POLICY_SYNC_PATH_PREFIX && t.policySync !== true) {
    issues.add(
      f('policySyncPathPrefix'),
      s.policySyncPathPrefix,
      `expected "${DEFAULT_POLICY_SYNC_PATH_PREFIX}": Calico's L7 collector reaches Felix's policy-sync socket there, so another path stops L7 logs ` +
        `(set ${takeOverField}.policySync: true if you run a collector that dials it)`,
    );
  }
  if (s.l7LogsFileEnabled === false && t.logForwarding !== true) {
    issues.add(
      f('l7LogsFileEnabled'),
      false,
      `expected true while L7 logs are collected: Calico's log forwarder reads Felix's L7 log file (set ${takeOverField}.logForwarding: true if you ship the logs another way)`,
    );
  }
  if (typeof s.l7LogsFileDirectory === 'string' && s.l7LogsFileDirectory.replace(/\/+$/, '') !== DEFAULT_L7_LOGS_FILE_DIRECTORY && t.logForwarding !== true) {
    issues.add(
      f('l7LogsFileDirectory'),
      s.l7LogsFileDirectory,
      `expected "${DEFAULT_L7_LOGS_FILE_DIRECTORY}": Calico's log forwarder reads l7.log there, so another directory keeps L7 logs from storage ` +
        `(set ${takeOverField}.logForwarding: true if you ship the file yourself)`,
    );
  }
}

/** Felix's default `iptablesMarkMask`: Felix refuses an upstream mark that overlaps it. */
const DEFAULT_IPTABLES_MARK_MASK = 0xffff0000;

function checkConnMark(issues: Issues, field: string, value: unknown): void {
  // The CRD types the mark as int32; Felix wants a bitmask with at least two bits set.
  if (!checkInteger(issues, field, value, { min: 1, max: 0x7fffffff })) return;
  if (bitCount(value) < 2) issues.add(field, value, 'expected a mark with at least two bits set, such as 0x17');
  if ((value & DEFAULT_IPTABLES_MARK_MASK) !== 0) {
    issues.add(field, value, "expected a mark within 0xffff: Felix refuses one that overlaps its iptablesMarkMask (default 0xffff0000)");
  }
}

function bitCount(n: number): number {
  let c = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) c += v % 2;
  return c;
}

/** Name of the FelixConfiguration to patch. */
export function felixConfigurationName(node: string | undefined): string {
  return node === undefined ? 'default' : `node.${node}`;
}

/**
 * Renders the FelixConfiguration patch: only the fields that are set, in a fixed order, with the
 * policy-sync directory the Envoy collectors dial unless `policySync` is false.
 */
export function renderFelixConfiguration(name: string, s: FelixL7Settings, policySync = true): KubeObject {
  const spec: Record<string, unknown> = {};
  if (policySync || s.policySyncPathPrefix !== undefined) spec.policySyncPathPrefix = s.policySyncPathPrefix ?? DEFAULT_POLICY_SYNC_PATH_PREFIX;
  for (const key of FELIX_FIELDS) {
    if (key !== 'policySyncPathPrefix' && s[key] !== undefined) spec[key] = s[key];
  }
  return { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name }, spec };
}
