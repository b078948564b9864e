export { AnnotatedService, type AnnotatedServiceProps, type ServiceSource } from './annotated-service';
export { FelixL7Config, type FelixL7ConfigProps } from './felix-l7-config';
export { L7Collector, type L7CollectorProps } from './l7-collector';
export { L7Logging, type L7LoggingProps } from './l7-logging';
export { LogStorageSizing, type LogStorageSizingProps, type StorageGuidance } from './log-storage-sizing';
export { L7ValidationError, type ValidationIssue, type ServiceRef } from '../core';
export { synthAtomically } from './synth';
