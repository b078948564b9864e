import type { Issues } from '../errors';

/** A Calico Enterprise release, by minor version. */
export interface CalicoRelease {
  readonly major: number;
  readonly minor: number;
  /** As the user wrote it, e.g. `3.23` or `3.23.1`. */
  readonly text: string;
  /** The early-preview train, for `x.y.0-N.0` versions: 3.20.0-1.0 and 3.20.0-2.0 differ. @default - a GA release */
  readonly preview?: number;
}

/** Oldest release with the per-host Envoy collector (the DaemonSet manifests first shipped in 3.9). */
export const OLDEST_SUPPORTED: CalicoRelease = { major: 3, minor: 9, text: '3.9' };
/** Release assumed for daemonset mode when no `calicoVersion` is given. */
export const DEFAULT_DAEMONSET_RELEASE: CalicoRelease = { major: 3, minor: 10, text: '3.10' };
/** Release assumed for operator mode when no `calicoVersion` is given: the newest one this package knows. */
export const NEWEST_KNOWN: CalicoRelease = { major: 3, minor: 24, text: '3.24' };

/**
 * The first release that has each feature. From the CE docs and the operator's CRDs (see the
 * package README for sources): ApplicationLayer arrived in operator v1.24 (CE 3.11) and replaced the
 * DaemonSet manifests; the CE 3.10 FelixConfiguration CRD lacks `tproxyUpstreamConnMark` and lists only
 * `Disabled`/`Enabled` for `tproxyMode`; `sidecarInjection` arrived in operator v1.36 (CE 3.20.0-2.0;
 * the 3.20.0-1.0 preview still had only the per-node collector); the Envoy `nodeports` listener that
 * takes NodePort traffic was added to the DaemonSet-era config in July 2021 and is in the 3.10
 * manifests (whether 3.9 shipped it is unverified, so 3.9 gets none); the TLS SNI aggregation,
 * the eBPF collector switch and the operator's `Istio` resource with `waypointLogging` came with CE
 * 3.24 (operator v1.43.0); the docs and release notes deprecate the Envoy collectors from 3.23;
 * native `projectcalico.org/v3` CRDs, without Calico's aggregated API server, from operator v1.42
 * (CE 3.23, `pkg/apis/version.go` `UseV3CRDS`).
 */
export const FEATURE_SINCE = {
  operatorCollector: { major: 3, minor: 11 },
  tproxyUpstreamConnMark: { major: 3, minor: 11 },
  tproxyModeEnabledAllServices: { major: 3, minor: 11 },
  nodePortServices: { major: 3, minor: 10 },
  sidecarInjection: { major: 3, minor: 20 },
  l7LogsFileAggregationTLSSNI: { major: 3, minor: 24 },
  l7ObservabilityEnabled: { major: 3, minor: 24 },
  waypointLogging: { major: 3, minor: 24 },
  nativeV3Crds: { major: 3, minor: 23 },
} as const;

/** Last release whose docs shipped the DaemonSet manifests (they were removed for 3.11). */
export const LAST_DAEMONSET_RELEASE = { major: 3, minor: 10 } as const;

export type Feature = keyof typeof FEATURE_SINCE;

/** The Calico Enterprise release lines this package knows, oldest first. */
export const KNOWN_RELEASES = ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15', '3.16', '3.17', '3.18', '3.19', '3.20', '3.21', '3.22', '3.23', '3.24'] as const;

/** A release line this package knows, such as "3.23". */
export type KnownRelease = (typeof KNOWN_RELEASES)[number];

/**
 * A Calico Enterprise version the package knows: a release line, or a full version of one, with an
 * optional "v" and pre-release: "3.23", "3.23.1", "v3.23.1", "3.20.0-2.0". A release the package
 * does not know fails to compile; a version read at run time is checked again.
 */
export type CalicoVersion = KnownRelease | `${KnownRelease}.${number}` | `${KnownRelease}.${number}-${string}` | `v${KnownRelease}` | `v${KnownRelease}.${number}` | `v${KnownRelease}.${number}-${string}`;

/** Major, minor, patch and a semver pre-release (dot-separated identifiers, none empty). */
const VERSION = /^v?(\d{1,4})\.(\d{1,4})(\.\d{1,4})?(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
/** Calico's own versions are short; the image tag made from one (`v` + version) must stay within 128 characters. */
const MAX_VERSION_LENGTH = 64;

export function parseCalicoVersion(issues: Issues, field: string, value: unknown): CalicoRelease | undefined {
  const m = typeof value === 'string' && value.length <= MAX_VERSION_LENGTH ? VERSION.exec(value) : null;
  if (!m) {
    issues.add(field, value, `expected a Calico Enterprise version such as "3.10", "3.23", "3.23.1" or "3.20.0-2.0" (at most ${MAX_VERSION_LENGTH} characters)`);
    return undefined;
  }
  const preview = m[4] === undefined ? undefined : /^-(\d+)\.0$/.exec(m[4])?.[1];
  const release: CalicoRelease = { major: Number(m[1]), minor: Number(m[2]), text: value as string, ...(preview ? { preview: Number(preview) } : {}) };
  if (release.major !== OLDEST_SUPPORTED.major || compare(release, NEWEST_KNOWN) > 0) {
    issues.add(field, value, `expected a release this package knows: ${KNOWN_RELEASES.join(', ')} (a newer one may collect L7 logs differently)`);
    return undefined;
  }
  if (compare(release, OLDEST_SUPPORTED) < 0) {
    issues.add(
      field,
      value,
      `expected ${OLDEST_SUPPORTED.text} or later (earlier releases used the sidecar patch, which this package does not render)`,
    );
    return undefined;
  }
  return release;
}

export function compare(a: { major: number; minor: number }, b: { major: number; minor: number }): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function hasFeature(release: CalicoRelease, feature: Feature): boolean {
  // 3.20.0-1.0, the first 3.20 preview, was still per-node only; 3.20.0-2.0 and 3.20.1 on have sidecars.
  if (feature === 'sidecarInjection' && release.major === 3 && release.minor === 20 && release.preview === 1) return false;
  return compare(release, FEATURE_SINCE[feature]) >= 0;
}

/** `3.20` without a patch or preview cannot tell the per-node 3.20.0-1.0 preview from the sidecar releases. */
export function isAmbiguousSidecarRelease(release: CalicoRelease): boolean {
  return release.major === 3 && release.minor === 20 && release.preview === undefined && /^v?3\.20$/.test(release.text);
}

export function sinceText(feature: Feature): string {
  const { major, minor } = FEATURE_SINCE[feature];
  return `${major}.${minor}`;
}
