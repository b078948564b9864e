export { APPLICATION_LAYER_HEALTH_CEL, APPLICATION_LAYER_HEALTH_KEY, APPLICATION_LAYER_HEALTH_LUA, GATEWAY_HEALTH_CEL } from './health';
export { ARGOCD, ARGOCD_CALICO_PATCH_SYNC_OPTIONS, ARGOCD_PATCH_SYNC_OPTIONS, FLUX, type GitOpsEngine, PHASES, type Phase, forEngine } from './opt-outs';
export type { ArgoCdSource, FluxSource, GitOpsCluster, GitOpsOptions, GitOpsWave } from './options';
export { type GitOpsFile, WAVE_LABEL, planGitOpsTree } from './tree';
