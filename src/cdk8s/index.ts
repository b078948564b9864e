export { AnnotatedService, type AnnotatedServiceProps, type ServiceSource } from './annotated-service';
export { FelixL7Config } from './felix-l7-config';
export { L7Collector } from './l7-collector';
export { FIELD_MANAGER, L7Logging, type L7LoggingProps } from './l7-logging';
export { LogStorageSizing } from './log-storage-sizing';
export type { WorkloadSource } from './workload-source';
export { synthAtomically } from './synth';
export * from '../public-types';
