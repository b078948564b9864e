import type { CollectorMode } from '../collector';
import { isImageReference } from '../collector/images';
import type { Issues } from '../errors';
import { type KubeObject, isCalicoApiObject, objectIdentity } from '../objects';
import { type CalicoRelease, hasFeature, sinceText } from '../release/release';
import { checkName, isPlainObject } from '../rules';
import { type GitOpsEngine, PHASES, type Phase } from './opt-outs';

/** One cluster of the fleet: its name in the engine and the objects of each phase, in apply order. */
export interface GitOpsCluster {
  /**
   * The cluster's name: in Argo CD the name of its cluster Secret (the Application's
   * `destination.name`); in Flux the stem of its kubeconfig Secret. Also its directory.
   */
  readonly name: string;
  /** The collector mode, which decides what the traffic phase waits for. */
  readonly mode: CollectorMode;
  /**
   * false when turning off: the collector phase is empty and the traffic phase holds the
   * deselections, which the engine applies before it removes what the collector phase owned.
   * @default true
   */
  readonly enabled?: boolean;
  /** The Calico Enterprise release: native v3 CRDs need 3.23 or later. */
  readonly release: CalicoRelease;
  /**
   * Whether the cluster serves `projectcalico.org/v3` from native v3 CRDs rather than Calico's
   * aggregated API server (`kubectl get crd felixconfigurations.projectcalico.org` finds it); the
   * Tigera operator supports them from v1.42, Calico Enterprise 3.23. Only then is a server-side
   * apply of a partial FelixConfiguration known to work: without it Argo CD applies the
   * FelixConfiguration client-side, and Flux, which only applies server-side, refuses it.
   * @default false
   */
  readonly nativeV3Crds?: boolean;
  /** The objects of each phase; the upgrade phase is the tree's own (`upgradeNamespace`). */
  readonly phases: Readonly<Record<Exclude<Phase, 'upgrade'>, readonly KubeObject[]>>;
  /**
   * The namespace of the 3.9–3.10 collector this cluster replaces (`upgradeFrom`): the tree adds an
   * upgrade phase before the collector, a Job that removes the old collector while it is still there
   * (see {@link GitOpsOptions.upgradeImage}).
   * @default - no upgrade
   */
  readonly upgradeNamespace?: string;
}

/** The phases a cluster is given; the upgrade phase is the tree's own. */
type GivenPhase = Exclude<Phase, 'upgrade'>;

const GIVEN_PHASES = PHASES.filter((p): p is GivenPhase => p !== 'upgrade');

/** Clusters rolled out together; each wave starts once the one before it is healthy. */
export interface GitOpsWave {
  /** The wave's name, such as "canary": a label value. */
  readonly name: string;
  /** The names of its clusters. */
  readonly clusters: readonly string[];
  /**
   * Argo CD: how many of its Applications sync at once, a number or a percentage ("25%").
   * Flux has no such limit: a wave's clusters go together.
   * @default - all of them
   */
  readonly maxUpdate?: number | string;
}

/** Where Argo CD finds the tree. */
export interface ArgoCdSource {
  /** The Git repository the tree is committed to. */
  readonly repoURL: string;
  /** @default "HEAD" */
  readonly targetRevision?: string;
  /** @default "default" */
  readonly project?: string;
  /** The namespace Argo CD runs in. @default "argocd" */
  readonly namespace?: string;
}

/** Where Flux finds the tree, and how it reaches each cluster from the management cluster. */
export interface FluxSource {
  /** The source holding the tree, as in a Kustomization's `sourceRef`. */
  readonly sourceRef: { readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string; readonly namespace?: string };
  /** The namespace of the Kustomizations on the management cluster. @default "flux-system" */
  readonly namespace?: string;
  /** @default "10m" */
  readonly interval?: string;
  /** How long a phase may take to become healthy. @default "10m" */
  readonly timeout?: string;
  /** The kubeconfig Secret of each cluster, by cluster name. @default - "<cluster>-kubeconfig" */
  readonly kubeConfigSecrets?: Readonly<Record<string, string>>;
}

/** What the GitOps tree is written for. */
export interface GitOpsOptions {
  readonly engine: GitOpsEngine;
  /** The tree's folder in the Git repository, as the engine's paths name it, such as "fleet/l7-logging". */
  readonly repoPath: string;
  /** The waves of clusters, in order. @default - one wave of every cluster */
  readonly waves?: readonly GitOpsWave[];
  /** Argo CD: the repository. Required with engine "argocd". */
  readonly argocd?: ArgoCdSource;
  /** Flux: the source and the management cluster's settings. Required with engine "flux". */
  readonly flux?: FluxSource;
  /**
   * An image with `sh` and `kubectl`, for the Job that removes the 3.9–3.10 collector from clusters
   * upgraded with `upgradeFrom`. Required when a cluster has it.
   * @default - none
   */
  readonly upgradeImage?: string;
}

const ENGINES: readonly GitOpsEngine[] = ['argocd', 'flux'];
const PERCENT_OR_COUNT = /^(100|[1-9]?[0-9])%$/;
const DURATION = /^([0-9]+(ms|s|m|h))+$/;

/** Checks the options and the clusters' facts; returns the waves, the one wave of every cluster by default. */
export function checkOptions(issues: Issues, o: GitOpsOptions, clusters: readonly GitOpsCluster[]): readonly GitOpsWave[] {
  if (!isPlainObject(o)) {
    issues.add('options', o, 'expected an object');
    return [];
  }
  if (!ENGINES.includes(o.engine)) issues.add('engine', o.engine, `expected one of ${ENGINES.join(', ')}`);
  if (typeof o.repoPath !== 'string' || o.repoPath === '' || o.repoPath.startsWith('/') || o.repoPath.split('/').some((p) => p === '..' || p === '.') || !/^[A-Za-z0-9._/-]+$/.test(o.repoPath)) {
    issues.add('repoPath', o.repoPath, 'expected a relative path in the repository, such as "fleet/l7-logging", of letters, digits, ".", "_", "-" and "/", without ".." or "."');
  }
  const names = new Set<string>();
  clusters.forEach((c, i) => {
    // The name becomes a directory, an Application name (l7-logging-<name>) and a Kustomization name.
    if (checkName(issues, `clusters[${i}].name`, c.name, 'label') && c.name.length > 40) issues.add(`clusters[${i}].name`, c.name, 'expected at most 40 characters: it names the Application and the Kustomizations');
    if (names.has(c.name)) issues.add(`clusters[${i}].name`, c.name, 'expected each cluster once');
    names.add(c.name);
  });
  if (clusters.length === 0) issues.add('clusters', [], 'expected at least one cluster');
  clusters.forEach((c, i) => {
    checkOncePerCluster(issues, `clusters[${i}]`, c);
    checkCalicoApi(issues, `clusters[${i}]`, c, o.engine);
    if (c.upgradeNamespace !== undefined) checkName(issues, `clusters[${i}].upgradeNamespace`, c.upgradeNamespace, 'label');
    if (c.enabled !== undefined && typeof c.enabled !== 'boolean') issues.add(`clusters[${i}].enabled`, c.enabled, 'expected true or false');
    if (c.enabled === false && c.phases.collector.length > 0) issues.add(`clusters[${i}].phases.collector`, c.phases.collector.length, 'expected no object when turning off (enabled: false): the collector phase only removes what it applied');
  });
  const upgraded = clusters.filter((c) => c.upgradeNamespace !== undefined).map((c) => c.name);
  if (upgraded.length > 0 && (typeof o.upgradeImage !== 'string' || !isImageReference(o.upgradeImage))) {
    issues.add('upgradeImage', o.upgradeImage, `expected an image reference of an image with sh and kubectl, for the Job that removes the 3.9–3.10 collector from ${upgraded.join(', ')}`);
  }
  if (o.engine === 'argocd' && (!isPlainObject(o.argocd) || typeof o.argocd.repoURL !== 'string' || o.argocd.repoURL === '')) {
    issues.add('argocd.repoURL', isPlainObject(o.argocd) ? o.argocd.repoURL : undefined, 'expected the URL of the Git repository the tree is committed to');
  }
  if (o.engine === 'flux') {
    if (!isPlainObject(o.flux) || !isPlainObject(o.flux.sourceRef) || typeof o.flux.sourceRef.name !== 'string') issues.add('flux.sourceRef.name', undefined, 'expected the name of the GitRepository (or OCIRepository, Bucket) holding the tree');
    for (const key of ['interval', 'timeout'] as const) {
      const value = isPlainObject(o.flux) ? o.flux[key] : undefined;
      if (value !== undefined && (typeof value !== 'string' || !DURATION.test(value))) issues.add(`flux.${key}`, value, 'expected a duration such as "10m" or "1h30m"');
    }
  }
  const given: unknown = o.waves ?? [{ name: 'all', clusters: clusters.map((c) => c.name) }];
  if (!Array.isArray(given)) {
    issues.add('waves', given, 'expected a list of waves');
    return [];
  }
  const waves = given as readonly GitOpsWave[];
  const placed = new Map<string, string>();
  waves.forEach((w, i) => {
    if (!isPlainObject(w)) return issues.add(`waves[${i}]`, w, 'expected { name, clusters, maxUpdate? }');
    checkName(issues, `waves[${i}].name`, w.name, 'label');
    if (!Array.isArray(w.clusters) || w.clusters.length === 0) issues.add(`waves[${i}].clusters`, w.clusters, 'expected the names of one or more clusters');
    else {
      (w.clusters as readonly string[]).forEach((c, j) => {
        if (!names.has(c)) issues.add(`waves[${i}].clusters[${j}]`, c, `expected a cluster of the fleet: ${[...names].join(', ')}`);
        else if (placed.has(c)) issues.add(`waves[${i}].clusters[${j}]`, c, `is already in wave "${placed.get(c)}": each cluster goes in one wave`);
        placed.set(c, w.name);
      });
    }
    const m = w.maxUpdate;
    if (m !== undefined && !(typeof m === 'number' && Number.isInteger(m) && m >= 1) && !(typeof m === 'string' && PERCENT_OR_COUNT.test(m))) {
      issues.add(`waves[${i}].maxUpdate`, m, 'expected a whole number of clusters from 1, or a percentage such as "25%"');
    }
  });
  for (const name of names) if (o.waves !== undefined && !placed.has(name)) issues.add('waves', name, `cluster "${name}" is in no wave: it would never roll out`);
  return waves;
}

/**
 * An engine keeps one copy of an object and applies it on every reconcile: an object written in two
 * phases would flap between them. Daemonset mode writes FelixConfiguration default twice (without,
 * then with, the TPROXY fields), so its clusters are rolled out with the kubectl runbook.
 */
function checkOncePerCluster(issues: Issues, field: string, cluster: GitOpsCluster): void {
  if (cluster.mode === 'daemonset') {
    issues.add(`${field}.mode`, cluster.mode, 'a GitOps engine cannot roll out the 3.9–3.10 daemonset collector: it writes FelixConfiguration default in both phases, which the engine would re-apply in turn on every reconcile; roll those clusters out with the kubectl runbook');
    return;
  }
  const seen = new Set<string>();
  for (const phase of GIVEN_PHASES) {
    for (const o of cluster.phases[phase]) {
      const id = objectIdentity(o);
      if (seen.has(id)) issues.add(`${field}.phases.${phase}`, id, 'is written twice; an engine would re-apply the copies in turn on every reconcile');
      seen.add(id);
    }
  }
}

/**
 * Flux applies every object server-side, which Calico's aggregated API server is not known to take
 * for a partial FelixConfiguration in any release: refused unless the cluster has native v3 CRDs.
 */
function checkCalicoApi(issues: Issues, field: string, cluster: GitOpsCluster, engine: GitOpsEngine): void {
  const native = cluster.nativeV3Crds;
  if (native !== undefined && typeof native !== 'boolean') {
    issues.add(`${field}.nativeV3Crds`, native, 'expected true or false');
    return;
  }
  if (native === true && !hasFeature(cluster.release, 'nativeV3Crds')) {
    issues.add(`${field}.nativeV3Crds`, native, `native v3 CRDs come with Calico Enterprise ${sinceText('nativeV3Crds')} (Tigera operator v1.42); this cluster runs ${cluster.release.text}`);
    return;
  }
  if (engine !== 'flux' || native === true) return;
  const calico = GIVEN_PHASES.flatMap((p) => cluster.phases[p]).find(isCalicoApiObject);
  if (calico) {
    issues.add(
      `${field}.nativeV3Crds`,
      native,
      `Flux applies ${calico.kind} ${calico.metadata.name} server-side, and whether Calico's aggregated API server takes a server-side apply of it is not known for any release (docs/gitops.md): ` +
        `set nativeV3Crds: true if the cluster serves projectcalico.org/v3 from native CRDs (${sinceText('nativeV3Crds')} and later), or roll it out with Argo CD or the kubectl runbook, which apply it as a merge patch`,
    );
  }
}
