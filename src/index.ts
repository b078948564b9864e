// The framework-free core: validated props in, plain Kubernetes objects out, for tools other than
// cdk8s and Pulumi. Each function throws L7ValidationError on bad props.
export { planL7Logging } from './core/l7-logging';
export { type Rendered, renderFelixL7Config, renderL7Collector, renderLogStorageSizing } from './core/render';
export { KNOWN_RELEASES } from './core/release/release';
export { sizeLogStorage } from './core/log-platform/storage';
export { planGitOpsTree } from './core/gitops';
export * from './public-types';
