import type { Issues } from './errors';
import { type CalicoRelease, compare } from './release';
import { checkBoolean, checkEnum, checkKnownKeys } from './rules';

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
}

interface Limit {
  readonly from: { major: number; minor: number };
  readonly to: { major: number; minor: number };
  readonly applies: (p: Required<PlatformProps>) => boolean;
  readonly field: keyof PlatformProps;
  readonly why: string;
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
  { ...ANY, field: 'dataplane', applies: (p) => p.dataplane === 'ebpf', why: 'the Envoy collector does not support the eBPF dataplane' },
  { from: V(9), to: V(15), field: 'provider', applies: (p) => p.provider === 'rke', why: 'RKE clusters are not supported' },
  { from: V(15), to: V(15), field: 'provider', applies: (p) => p.provider === 'rke2', why: 'RKE2 clusters are not supported' },
  { from: V(15), to: V(20), field: 'provider', applies: (p) => p.provider === 'gke', why: 'GKE clusters are not supported' },
];

export function checkPlatform(issues: Issues, prefix: string, platform: PlatformProps, release: CalicoRelease): void {
  if (!checkKnownKeys(issues, prefix, platform, ['provider', 'dataplane', 'windowsNodes', 'product', 'clusterRole'])) return;
  const f = (k: string) => `${prefix}.${k}`;
  const p: Required<PlatformProps> = {
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
    if (p.provider === 'gke') issues.add(f('provider'), 'gke', 'Calico Cloud does not support L7 logs on GKE');
    if (p.windowsNodes) issues.add(f('windowsNodes'), true, 'L7 log collection runs on Linux nodes only');
    if (p.dataplane === 'ebpf') issues.add(f('dataplane'), 'ebpf', 'the Envoy collector does not support the eBPF dataplane');
    return;
  }
  for (const limit of LIMITS) {
    if (compare(release, limit.from) >= 0 && compare(release, limit.to) <= 0 && limit.applies(p)) {
      issues.add(f(limit.field), p[limit.field], `Calico Enterprise ${release.text}: ${limit.why} for L7 logs`);
    }
  }
}
