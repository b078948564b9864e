// The types users write or read, shared by every entry point: props beside the constructs' own,
// results, and the error class.
export type { CollectorMode, CollectorImages, ContainerResources, ImageRef, LogLevel, ResourceList, Toleration } from './core/collector';
export type { DaemonSetCollector, DaemonSetCollectorOptions, L7CollectorOptions, L7CollectorProps, OperatorCollector, ResolvedCollector } from './core/collector';
export type { ValidationIssue } from './core/errors';
export { L7ValidationError } from './core/errors';
export type { FelixL7ConfigProps, FelixL7Settings, TakeOver, TproxyMode } from './core/felix';
export type { DaemonSetUpgrade, L7LoggingOptions, L7LoggingPlan, RolloutStep } from './core/l7-logging';
export type { KubeObject, ObjectMeta } from './core/objects';
export type { PlatformProps } from './core/platform';
export type { CalicoRelease } from './core/release';
export type { AnnotatedServiceOptions, DescribedService, ServiceRef, ServiceShape } from './core/service';
export type { LogStorageSizingProps, StorageGuidance, StoragePlatform, StorageSizingInputs } from './core/storage';
