import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiObject, type App, Chart, DependencyGraph } from 'cdk8s';
import { type GitOpsCluster, type GitOpsOptions, type KubeObject, L7ValidationError, planGitOpsTree, toYaml } from '../core';
import { felixChartOf } from './api-objects';
import type { L7Logging } from './l7-logging';
import type { L7Verification } from './l7-verification';

/** One cluster of the fleet, by the constructs that make it. */
export interface GitOpsClusterProps {
  /** The cluster's L7Logging: its chart is the collector phase, its traffic chart the traffic phase. */
  readonly logging: L7Logging;
  /**
   * The cluster's name in the engine: in Argo CD its cluster Secret's name, in Flux the stem of its
   * kubeconfig Secret.
   * @default - the id of the L7Logging's chart
   */
  readonly name?: string;
  /** The verification Job, in a chart of its own: the last phase. @default - none */
  readonly verification?: L7Verification;
  /**
   * Whether the cluster serves `projectcalico.org/v3` from native v3 CRDs rather than Calico's
   * aggregated API server (3.23 and later; `kubectl get crd felixconfigurations.projectcalico.org`
   * finds it). Then the FelixConfiguration is applied server-side like the rest; otherwise Argo CD
   * applies it client-side (a merge patch) and Flux, which only applies server-side, refuses it.
   * @default false
   */
  readonly nativeV3Crds?: boolean;
}

/** What {@link writeGitOpsTree} writes, and where. */
export interface GitOpsTreeProps extends GitOpsOptions {
  readonly clusters: readonly GitOpsClusterProps[];
  /** The directory to write the tree to; it is replaced as a whole. @default "gitops" */
  readonly outdir?: string;
}

/**
 * Writes the tree to commit for a GitOps engine (Argo CD or Flux): per cluster a directory per
 * phase with a `kustomization.yaml`, every object the package only patches marked with the engine's
 * opt-outs, and the engine's objects that order the phases with health gates and roll the clusters
 * out in waves. Checks the app as `cdk8s synth` does first; a failure writes nothing.
 *
 * ```ts
 * writeGitOpsTree(app, {
 *   engine: 'flux', repoPath: 'fleet/l7-logging', flux: { sourceRef: { name: 'fleet' } },
 *   clusters: [{ logging: prod }, { logging: edge }],
 *   waves: [{ name: 'canary', clusters: ['edge-ap1'] }, { name: 'rest', clusters: ['prod-eu1'] }],
 * });
 * ```
 * @returns the files written, relative to `outdir`
 */
export function writeGitOpsTree(app: App, props: GitOpsTreeProps): string[] {
  checkApp(app);
  const { clusters: given, outdir = 'gitops', ...options } = props;
  const clusters = (given ?? []).map((c, i) => describeCluster(c, `clusters[${i}]`));
  const files = planGitOpsTree(clusters, options, 'writeGitOpsTree');
  const target = resolve(outdir);
  const next = `${target}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  for (const file of files) {
    const path = join(next, file.path);
    mkdirSync(dirname(path), { recursive: true });
    // js-yaml writes a fleet's documents in about two thirds of the time of cdk8s's writer (\`yaml\`).
    writeFileSync(path, file.documents.map(toYaml).join('---\n'));
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(next, target);
  return files.map((f) => f.path);
}

/** The validations `cdk8s synth` runs (props, conflicts between constructs), without writing its files. */
function checkApp(app: App): void {
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((message) => `${c.node.path}: ${message}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

function describeCluster(c: GitOpsClusterProps, field: string): GitOpsCluster {
  const logging = c.logging;
  const collector = Chart.of(logging);
  const verify = c.verification ? Chart.of(c.verification) : undefined;
  if (verify && (verify === collector || verify === logging.trafficChart)) {
    throw new L7ValidationError('writeGitOpsTree', [{ field: `${field}.verification`, value: verify.node.path, allowed: 'expected a chart of its own: the verification runs once traffic passes the collector' }]);
  }
  // Turned off (enabled: false), the construct's chart holds only the deselection: the traffic
  // phase. The collector's objects leave the tree, and the engine prunes them after it applied that.
  const [collectorObjects, trafficObjects] = logging.plan.enabled
    ? [withFelix(collector), logging.trafficChart ? withFelix(logging.trafficChart) : []]
    : [[], withFelix(collector)];
  return {
    name: c.name ?? collector.node.id,
    mode: logging.plan.collector.mode,
    ...(logging.plan.enabled ? {} : { enabled: false }),
    release: logging.plan.release,
    ...(logging.plan.upgradeNamespace === undefined ? {} : { upgradeNamespace: logging.plan.upgradeNamespace }),
    ...(c.nativeV3Crds === undefined ? {} : { nativeV3Crds: c.nativeV3Crds }),
    phases: { collector: collectorObjects, traffic: trafficObjects, verify: verify ? objectsOf(verify) : [] },
  };
}

/** A chart's objects after those of the Felix chart beside it, in the order the kubectl runbook applies them. */
function withFelix(chart: Chart): KubeObject[] {
  const felix = felixChartOf(chart);
  return felix ? [...objectsOf(felix), ...objectsOf(chart)] : objectsOf(chart);
}

/**
 * A chart's objects as `cdk8s synth` writes them, in its order. Not `chart.toJson()`, which checks
 * the whole app again for every chart: for a fleet of charts that is quadratic.
 */
function objectsOf(chart: Chart): KubeObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => o.toJson() as KubeObject);
}
