import { type KubeObject, isCalicoApiObject, isPatch } from '../objects';

/** The GitOps engines the package writes for, besides plain kubectl. */
export type GitOpsEngine = 'argocd' | 'flux';

/**
 * The phases of one cluster, in apply order: `upgrade` removes the 3.9–3.10 collector
 * (`upgradeFrom`), `verify` runs the verification Job.
 */
export type Phase = 'upgrade' | 'collector' | 'traffic' | 'verify';

export const PHASES: readonly Phase[] = ['upgrade', 'collector', 'traffic', 'verify'];

/**
 * Argo CD: applied server-side as a partial object (`Validate=false`, as a partial fails the
 * client's schema), never pruned, and kept when the Application is deleted with cascade (only
 * `Delete=false` spares an object then; `Prune=false` alone does not).
 */
export const ARGOCD_PATCH_SYNC_OPTIONS = 'ServerSideApply=true,Validate=false,Prune=false,Delete=false';

/**
 * Argo CD, for `projectcalico.org/v3` objects where Calico Enterprise serves them through its
 * aggregated API server: server-side apply through it is not verified for any release (in Calico's
 * open-source API server it failed for every projectcalico.org/v3 object until the fix that shipped
 * in 3.22, projectcalico/calico#4959), so they are applied client-side, which sends a merge patch
 * of the fields written, and never pruned or deleted.
 */
export const ARGOCD_CALICO_PATCH_SYNC_OPTIONS = 'Validate=false,Prune=false,Delete=false';

/** Argo CD annotations: per-object sync options, sync wave, health opt-out and hooks. */
export const ARGOCD = {
  syncOptions: 'argocd.argoproj.io/sync-options',
  syncWave: 'argocd.argoproj.io/sync-wave',
  ignoreHealthcheck: 'argocd.argoproj.io/ignore-healthcheck',
  hook: 'argocd.argoproj.io/hook',
  hookDeletePolicy: 'argocd.argoproj.io/hook-delete-policy',
  compareOptions: 'argocd.argoproj.io/compare-options',
} as const;

/** Flux kustomize-controller annotations: how an object is applied and whether it is ever deleted. */
export const FLUX = {
  ssa: 'kustomize.toolkit.fluxcd.io/ssa',
  prune: 'kustomize.toolkit.fluxcd.io/prune',
} as const;

/** The Argo CD sync wave of each phase: the upgrade, the collector, then the traffic; verification is a PostSync hook. */
const WAVE: Readonly<Record<Exclude<Phase, 'verify'>, string>> = { upgrade: '-1', collector: '0', traffic: '1' };

/**
 * An object as the engine must receive it. What the package only patches (FelixConfiguration,
 * ApplicationLayer, LogStorage, LogCollector, Istio, Services, Namespaces, workload pod templates)
 * gets the engine's opt-outs, so that neither syncing, pruning nor deleting the Application or
 * Kustomization takes it over or deletes it; what the package owns is left to the engine.
 * `nativeV3Crds`: the cluster serves `projectcalico.org/v3` from CRDs, so Argo CD may apply those
 * objects server-side too.
 */
export function forEngine(object: KubeObject, engine: GitOpsEngine, phase: Phase, nativeV3Crds = false): KubeObject {
  const annotations: Record<string, string> = { ...object.metadata.annotations };
  const patched = isPatch(object);
  if (engine === 'argocd') {
    if (phase === 'verify') {
      annotations[ARGOCD.hook] = 'PostSync';
      annotations[ARGOCD.hookDeletePolicy] = 'BeforeHookCreation';
    } else annotations[ARGOCD.syncWave] = WAVE[phase];
    if (patched) annotations[ARGOCD.syncOptions] = isCalicoApiObject(object) && !nativeV3Crds ? ARGOCD_CALICO_PATCH_SYNC_OPTIONS : ARGOCD_PATCH_SYNC_OPTIONS;
    // Turning off, the collector's own objects (waypoint Gateways) leave the tree: pruned in their
    // wave they would go before wave 1 deselects the traffic; pruned last, they go after it.
    else if (phase === 'collector') annotations[ARGOCD.syncOptions] = 'PruneLast=true';
    // A LoadBalancer Service without an address is Progressing to Argo CD: it must not hold up a rollout it is not part of.
    if (patched && object.kind === 'Service') annotations[ARGOCD.ignoreHealthcheck] = 'true';
  } else if (patched) {
    annotations[FLUX.ssa] = 'Merge';
    annotations[FLUX.prune] = 'disabled';
  }
  return { ...object, metadata: { ...object.metadata, annotations } };
}
