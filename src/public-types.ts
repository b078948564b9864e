// The types users write or read, shared by every entry point: props beside the constructs' own,
// results, and the error class.
export type { CollectorMode, CollectorImages, ContainerResources, ImageRef, LogLevel, ResourceList, Toleration } from './core/collector';
export type { CollectorCoverage, DaemonSetCollector, DaemonSetCollectorOptions, EbpfCollector, L7CollectorOptions, L7CollectorProps } from './core/collector';
export type { OperatorCollector, ResolvedCollector, WaypointCollector } from './core/collector';
export type { ValidationIssue } from './core/errors';
export { L7ValidationError } from './core/errors';
export type { FelixL7ConfigProps, FelixL7Settings, TakeOver, TproxyMode } from './core/felix';
export type { DaemonSetUpgrade, L7LoggingOptions, L7LoggingPlan } from './core/l7-logging';
export type { RolloutStep } from './core/rollout';
export type { KubeObject, ObjectMeta } from './core/objects';
export type { PlatformProps } from './core/release/platform';
export type { CalicoRelease, CalicoVersion, KnownRelease } from './core/release/release';
export type { AnnotatedServiceOptions, DescribedService, ServiceRef, ServiceShape } from './core/selection/service';
export type { LogStorageSizingProps, StorageGuidance, StoragePlatform, StorageSizingInputs } from './core/log-platform/storage';
export type { ResolvedWaypoint, WaypointRef } from './core/selection/waypoint';
export type { DescribedWorkload, PodTemplateShape, ResolvedSidecar, SidecarOptions, WorkloadKind, WorkloadRef, WorkloadShape } from './core/selection/workload';
export type { L7LogAccessOptions, LogType, RbacSubject } from './core/log-platform/log-access';
export type { L7LogArchiveOptions, S3Store } from './core/log-platform/log-archive';
export type { L7VerificationOptions, VerifiedService } from './core/log-platform/verification';
export type { MeshAccessLoggingOptions, MeshLogFilter, MeshWorkloadSelector } from './core/mesh/access-logging';
export type { MeshCluster, MeshIstioSettings } from './core/mesh/istio-settings';
export { L7Warning, WARNINGS, type WarningId } from './core/warnings';
export type { ArgoCdSource, FluxSource, GitOpsEngine, GitOpsFile, GitOpsOptions, GitOpsWave, GitOpsCluster } from './core/gitops';
