export { APPLICATION_LAYER_HEALTH_CEL, APPLICATION_LAYER_HEALTH_KEY, APPLICATION_LAYER_HEALTH_LUA, GATEWAY_HEALTH_CEL } from './health';
export { ARGOCD, ARGOCD_CALICO_PATCH_SYNC_OPTIONS, ARGOCD_PATCH_SYNC_OPTIONS, FLUX, type GitOpsEngine, PHASES, type Phase, forEngine } from './opt-outs';
export { type ArgoCdSource, type FluxSource, type GitOpsCluster, type GitOpsFile, type GitOpsOptions, type GitOpsWave, WAVE_LABEL, planGitOpsTree } from './tree';
