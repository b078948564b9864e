export { AnnotatedService, type AnnotatedServiceArgs } from './annotated-service';
export { FelixL7Config, type FelixL7ConfigArgs } from './felix-l7-config';
export { L7Collector, type L7CollectorArgs } from './l7-collector';
export { L7Logging, type L7LoggingArgs } from './l7-logging';
export { LogStorageSizing, type LogStorageSizingArgs } from './log-storage-sizing';
export type { ServiceInputRef, ServiceSource } from './service-source';
export type { WorkloadInputRef, WorkloadResource, WorkloadSource } from './workload-source';
export * from '../public-types';
export type { Deferrable, ImagesArgs, StorageSizingArgs } from './deferred';
