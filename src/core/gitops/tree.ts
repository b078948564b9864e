import { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { snapshotProps } from '../rules';
import { APPLICATION_LAYER_HEALTH_CEL, APPLICATION_LAYER_HEALTH_KEY, APPLICATION_LAYER_HEALTH_LUA, GATEWAY_HEALTH_CEL } from './health';
import { ARGOCD, type GitOpsEngine, PHASES, type Phase, forEngine } from './opt-outs';
import { type ArgoCdSource, type FluxSource, type GitOpsCluster, type GitOpsOptions, type GitOpsWave, checkOptions } from './options';
import { renderUpgradeJob } from './upgrade';

/** One file of the tree: its path under the output directory and its YAML documents. */
export interface GitOpsFile {
  readonly path: string;
  readonly documents: readonly unknown[];
}

/** The label of an Argo CD Application that names its wave, which the RollingSync steps select on. */
export const WAVE_LABEL = 'calico-l7-logging/wave';

/** A cluster with all its phases, the upgrade included. */
type PlannedCluster = Omit<GitOpsCluster, 'phases'> & { readonly phases: Readonly<Record<Phase, readonly KubeObject[]>> };

/**
 * The tree to commit for a fleet: per cluster a directory per phase, each with a
 * `kustomization.yaml` that `kubectl kustomize` builds, and the engine's objects that roll the
 * phases out in order and the clusters in waves. Throws {@link L7ValidationError} on bad options.
 */
export function planGitOpsTree(clusters: readonly GitOpsCluster[], options: GitOpsOptions, construct = 'GitOps'): GitOpsFile[] {
  const issues = new Issues();
  const read = snapshotProps(issues, options) as GitOpsOptions;
  const waves = checkOptions(issues, read, clusters);
  issues.throwIfAny(construct);
  const root = read.repoPath.replace(/\/+$/, '');
  const planned: PlannedCluster[] = clusters.map((c) => ({
    ...c,
    phases: { ...c.phases, upgrade: c.upgradeNamespace === undefined ? [] : renderUpgradeJob(c.upgradeNamespace, read.upgradeImage as string) },
  }));
  const files: GitOpsFile[] = [];
  for (const cluster of planned) files.push(...clusterFiles(cluster, read.engine));
  if (read.engine === 'argocd') files.push(...argoCdFiles(planned, waves, root, read.argocd as ArgoCdSource));
  else files.push(...fluxFiles(planned, waves, root, read.flux as FluxSource));
  return files;
}

/** Each phase's directory: its manifests with the engine's annotations, and a kustomization.yaml. */
function clusterFiles(cluster: PlannedCluster, engine: GitOpsEngine): GitOpsFile[] {
  const files: GitOpsFile[] = [];
  for (const phase of phasesOf(cluster)) {
    const dir = `clusters/${cluster.name}/${phase}`;
    files.push({ path: `${dir}/manifests.yaml`, documents: cluster.phases[phase].map((o) => forEngine(o, engine, phase, cluster.nativeV3Crds === true)) });
    // Never a `namespace:` here: kustomize would put it on cluster-scoped partials and rename Namespaces.
    files.push({ path: `${dir}/kustomization.yaml`, documents: [kustomization(['manifests.yaml'])] });
  }
  if (engine === 'argocd') files.push({ path: `clusters/${cluster.name}/kustomization.yaml`, documents: [kustomization(phasesOf(cluster))] });
  // Flux, turning off: the collector Kustomization stays, with nothing left to apply, so it prunes
  // what it applied before, once the traffic one (the deselections) is ready.
  else if (cluster.enabled === false) files.push({ path: `clusters/${cluster.name}/collector/kustomization.yaml`, documents: [kustomization([])] });
  return files;
}

/** Flux's phases: turning off, the emptied collector phase comes last. */
const fluxPhasesOf = (cluster: PlannedCluster): Phase[] => (cluster.enabled === false ? [...phasesOf(cluster).filter((p) => p !== 'collector'), 'collector'] : phasesOf(cluster));

const phasesOf = (cluster: PlannedCluster): Phase[] => PHASES.filter((p) => cluster.phases[p].length > 0);

function kustomization(resources: readonly string[]) {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] };
}

function argoCdFiles(clusters: readonly PlannedCluster[], waves: readonly GitOpsWave[], root: string, argo: ArgoCdSource): GitOpsFile[] {
  const namespace = argo.namespace ?? 'argocd';
  const waveOf = new Map(waves.flatMap((w) => w.clusters.map((c) => [c, w.name] as const)));
  const applicationSet = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'calico-l7-logging', namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: clusters.map((c) => ({ cluster: c.name, wave: waveOf.get(c.name) })) } }],
      strategy: {
        type: 'RollingSync',
        rollingSync: {
          steps: waves.map((w) => ({
            matchExpressions: [{ key: WAVE_LABEL, operator: 'In', values: [w.name] }],
            ...(w.maxUpdate === undefined ? {} : { maxUpdate: w.maxUpdate }),
          })),
        },
      },
      // Deleting the ApplicationSet leaves every Application's objects in place.
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: 'l7-logging-{{.cluster}}',
          labels: { [WAVE_LABEL]: '{{.wave}}' },
          annotations: { [ARGOCD.compareOptions]: 'ServerSideDiff=true' },
        },
        spec: {
          project: argo.project ?? 'default',
          source: { repoURL: argo.repoURL, targetRevision: argo.targetRevision ?? 'HEAD', path: `${root}/clusters/{{.cluster}}` },
          destination: { name: '{{.cluster}}' },
          syncPolicy: { syncOptions: ['FailOnSharedResource=true'] },
        },
      },
    },
  };
  // A partial of argocd-cm, for server-side apply: Argo CD reads health checks from there only.
  const healthChecks = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argocd-cm', namespace, labels: { 'app.kubernetes.io/part-of': 'argocd' } },
    data: { [APPLICATION_LAYER_HEALTH_KEY]: APPLICATION_LAYER_HEALTH_LUA },
  };
  return [
    { path: 'argocd/applicationset.yaml', documents: [applicationSet] },
    { path: 'argocd/argocd-cm-health-checks.yaml', documents: [healthChecks] },
  ];
}

function fluxFiles(clusters: readonly PlannedCluster[], waves: readonly GitOpsWave[], root: string, flux: FluxSource): GitOpsFile[] {
  const namespace = flux.namespace ?? 'flux-system';
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const name = (cluster: string, phase: Phase) => `l7-logging-${cluster}-${phase}`;
  const last = (c: PlannedCluster) => name(c.name, fluxPhasesOf(c).at(-1) ?? 'collector');
  const documents: unknown[] = [];
  let previousWave: string[] = [];
  for (const wave of waves) {
    for (const clusterName of wave.clusters) {
      const cluster = byName.get(clusterName) as PlannedCluster;
      let before: string[] = previousWave;
      for (const phase of fluxPhasesOf(cluster)) {
        documents.push(fluxKustomization(cluster, phase, name(cluster.name, phase), before, root, namespace, flux));
        before = [name(cluster.name, phase)];
      }
    }
    previousWave = wave.clusters.map((c) => last(byName.get(c) as PlannedCluster));
  }
  return [
    { path: 'flux/kustomizations.yaml', documents },
    { path: 'flux/kustomization.yaml', documents: [kustomization(['kustomizations.yaml'])] },
  ];
}

function fluxKustomization(cluster: PlannedCluster, phase: Phase, name: string, dependsOn: readonly string[], root: string, namespace: string, flux: FluxSource) {
  const health = phase === 'collector' && cluster.enabled !== false ? collectorHealth(cluster) : { healthChecks: [], healthCheckExprs: [] };
  const sourceRef = { kind: flux.sourceRef.kind ?? 'GitRepository', name: flux.sourceRef.name, ...(flux.sourceRef.namespace ? { namespace: flux.sourceRef.namespace } : {}) };
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: {
      interval: flux.interval ?? '10m',
      timeout: flux.timeout ?? '10m',
      path: `./${root}/clusters/${cluster.name}/${phase}`,
      // Owned objects leave with the tree; patched ones carry prune: disabled and stay.
      prune: true,
      sourceRef,
      kubeConfig: { secretRef: { name: flux.kubeConfigSecrets?.[cluster.name] ?? `${cluster.name}-kubeconfig` } },
      // The upgrade and verification Jobs are judged by themselves: ready once they complete.
      ...(phase === 'verify' || phase === 'upgrade' ? { wait: true } : {}),
      ...(health.healthChecks.length > 0 ? { healthChecks: health.healthChecks } : {}),
      ...(health.healthCheckExprs.length > 0 ? { healthCheckExprs: health.healthCheckExprs } : {}),
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((d) => ({ name: d })) } : {}),
    },
  };
}

/** What the collector phase is healthy on, by mode: the ApplicationLayer's conditions, the Gateways; nothing for eBPF. */
function collectorHealth(cluster: PlannedCluster): { healthChecks: object[]; healthCheckExprs: object[] } {
  const objects = cluster.phases.collector;
  const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) });
  switch (cluster.mode) {
    case 'operator':
    case 'sidecar':
      return { healthChecks: objects.filter((o) => o.kind === 'ApplicationLayer').map(ref), healthCheckExprs: [APPLICATION_LAYER_HEALTH_CEL] };
    case 'waypoint': {
      const gateways = objects.filter((o) => o.kind === 'Gateway');
      return { healthChecks: gateways.map(ref), healthCheckExprs: gateways.length > 0 ? [GATEWAY_HEALTH_CEL] : [] };
    }
    // eBPF: Felix itself collects, nothing to wait for. Daemonset clusters are refused before.
    case 'ebpf':
    case 'daemonset':
      return { healthChecks: [], healthCheckExprs: [] };
  }
}
