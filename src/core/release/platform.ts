import type { Issues } from '../errors';
import { type CalicoRelease, compare } from './release';
import { checkBoolean, checkEnum, checkKnownKeys } from '../rules';

export const PROVIDERS = ['eks', 'aks', 'gke', 'openshift', 'rke', 'rke2', 'kubeadm', 'other'] as const;
export const DATAPLANES = ['iptables', 'nftables', 'ebpf'] as const;
export const PRODUCTS = ['calico-enterprise', 'calico-cloud'] as const;
export const CLUSTER_ROLES = ['standalone', 'management', 'managed'] as const;

/** Where the cluster runs, to check the documented platform limits of L7 logs. */
export interface PlatformProps {
  /** @default "other" */
  readonly provider?: (typeof PROVIDERS)[number];
  /** @default "iptables" */
  readonly dataplane?: (typeof DATAPLANES)[number];
  /** The cluster has Windows nodes. @default false */
  readonly windowsNodes?: boolean;
  /** @default "calico-enterprise" */
  readonly product?: (typeof PRODUCTS)[number];
  /**
   * The cluster's place in multi-cluster management: a `managed` cluster sends its logs to the
   * management cluster and has no LogStorage of its own.
   * @default "standalone"
   */
  readonly clusterRole?: (typeof CLUSTER_ROLES)[number];
  /**
   * Kubernetes version of the cluster, such as "1.30": the sidecar collector needs 1.29 or later.
   * @default - unknown: not checked, and the sidecar collector warns
   */
  readonly kubernetesVersion?: string;
  /**
   * The oldest Linux kernel on any node, such as "5.15" or "6.1.0-18-amd64": the eBPF collector
   * needs 5.17 or later on every node.
   * @default - unknown: not checked, and the eBPF collector warns
   */
  readonly kernelVersion?: string;
}

/** A major.minor version read from the start of a version string (`v1.30.2`, `6.1.0-18-amd64`). */
export interface MajorMinor {
  readonly major: number;
  readonly minor: number;
}

const MAJOR_MINOR = /^v?(\d{1,4})\.(\d{1,4})(?:[.+-][0-9A-Za-z.+_-]{0,100})?$/;

export function parseMajorMinor(issues: Issues, field: string, value: unknown, example: string): MajorMinor | undefined {
  const m = typeof value === 'string' ? MAJOR_MINOR.exec(value) : null;
  if (!m) {
    issues.add(field, value, `expected a version such as "${example}"`);
    return undefined;
  }
  return { major: Number(m[1]), minor: Number(m[2]) };
}

type KnownPlatform = Required<Omit<PlatformProps, 'kubernetesVersion' | 'kernelVersion'>>;

interface Limit {
  readonly from: { major: number; minor: number };
  readonly to: { major: number; minor: number };
  readonly applies: (p: KnownPlatform) => boolean;
  readonly field: keyof KnownPlatform;
  readonly why: string;
  /** The limit is the Envoy collector's (per-node or sidecar); the eBPF and waypoint collectors are documented apart. */
  readonly envoyOnly?: true;
}

const V = (minor: number) => ({ major: 3, minor });
const ANY = { from: V(0), to: V(999) };

/**
 * "Not supported" entries of the L7 log docs, by release. The docs of 3.9–3.14 list Windows, eBPF and
 * RKE; 3.15 lists RKE, RKE2 and GKE; 3.16–3.19 and the 3.20.0-1.0 docs list GKE. The eBPF install page
 * lists L7 logs as unsupported in every release from 3.14 on, so the Envoy collector is refused on
 * eBPF in every release (the 3.20 release notes claim otherwise for sidecars; the sources conflict).
 */
const LIMITS: readonly Limit[] = [
  { ...ANY, field: 'windowsNodes', applies: (p) => p.windowsNodes, why: 'L7 log collection runs on Linux nodes only' },
  { ...ANY, field: 'dataplane', applies: (p) => p.dataplane === 'ebpf', why: 'the Envoy collector does not support the eBPF dataplane', envoyOnly: true },
  { from: V(9), to: V(15), field: 'provider', applies: (p) => p.provider === 'rke', why: 'RKE clusters are not supported', envoyOnly: true },
  { from: V(15), to: V(15), field: 'provider', applies: (p) => p.provider === 'rke2', why: 'RKE2 clusters are not supported', envoyOnly: true },
  { from: V(15), to: V(20), field: 'provider', applies: (p) => p.provider === 'gke', why: 'GKE clusters are not supported', envoyOnly: true },
];

/**
 * Checks the platform against the documented limits of the release; `envoyCollector` says whether
 * the collector is Envoy (per-node or sidecar), whose limits the eBPF and waypoint collectors lack.
 */
export function checkPlatform(issues: Issues, prefix: string, platform: PlatformProps, release: CalicoRelease, envoyCollector = true): void {
  if (!checkKnownKeys(issues, prefix, platform, ['provider', 'dataplane', 'windowsNodes', 'product', 'clusterRole', 'kubernetesVersion', 'kernelVersion'])) return;
  const f = (k: string) => `${prefix}.${k}`;
  if (platform.kubernetesVersion !== undefined) parseMajorMinor(issues, f('kubernetesVersion'), platform.kubernetesVersion, '1.30');
  if (platform.kernelVersion !== undefined) parseMajorMinor(issues, f('kernelVersion'), platform.kernelVersion, '5.17');
  const p: KnownPlatform = {
    provider: platform.provider ?? 'other',
    dataplane: platform.dataplane ?? 'iptables',
    windowsNodes: platform.windowsNodes ?? false,
    product: platform.product ?? 'calico-enterprise',
    clusterRole: platform.clusterRole ?? 'standalone',
  };
  const checks = [
    checkEnum(issues, f('provider'), p.provider, PROVIDERS),
    checkEnum(issues, f('dataplane'), p.dataplane, DATAPLANES),
    checkBoolean(issues, f('windowsNodes'), p.windowsNodes),
    checkEnum(issues, f('product'), p.product, PRODUCTS),
    checkEnum(issues, f('clusterRole'), p.clusterRole, CLUSTER_ROLES),
  ];
  if (checks.includes(false)) return;
  if (p.product === 'calico-cloud') {
    if (p.provider === 'gke' && envoyCollector) issues.add(f('provider'), 'gke', 'Calico Cloud does not support the Envoy L7 collector on GKE');
    if (p.windowsNodes) issues.add(f('windowsNodes'), true, 'L7 log collection runs on Linux nodes only');
    if (p.dataplane === 'ebpf' && envoyCollector) issues.add(f('dataplane'), 'ebpf', 'the Envoy collector does not support the eBPF dataplane');
    return;
  }
  for (const limit of LIMITS) {
    if ((envoyCollector || !limit.envoyOnly) && compare(release, limit.from) >= 0 && compare(release, limit.to) <= 0 && limit.applies(p)) {
      issues.add(f(limit.field), p[limit.field], `Calico Enterprise ${release.text}: ${limit.why} for L7 logs`);
    }
  }
}
