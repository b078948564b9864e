// Shared by the parent (bench/run.ts) and the child (bench/worker.ts). Type-only imports from src,
// so a baseline child that loads this file never loads the package.
import type { L7LoggingOptions, ServiceRef } from '../src/core';

export type Suite = 'cdk8s' | 'pulumi' | 'validate';
export type Collector = 'operator' | 'daemonset';
export type Side = 'ours' | 'baseline';

/** What one child process measures. */
export interface Case {
  readonly suite: Suite;
  readonly collector: Collector;
  readonly services: number;
  readonly side: Side;
  /** The objects L7Logging renders for this collector and size, as JSON written by the parent before any timing. */
  readonly objectsFile: string;
}

/** What a child reports on stdout, as one JSON line. */
export interface Sample {
  readonly ms: number;
  /** Peak resident set of the whole child, in KiB. */
  readonly maxRssKiB: number;
  /** Peak resident set just before the timed part (modules loaded, inputs built), in KiB. */
  readonly setupRssKiB: number;
  /** sha256 of the output, to prove both sides produced the same thing. */
  readonly hash: string;
  /** Objects synthesized, resources registered, or objects validated. */
  readonly count: number;
  /** Validator only: errors reported. */
  readonly errors?: number;
}

export function serviceRefs(n: number): readonly ServiceRef[] {
  return Array.from({ length: n }, (_, i) => ({ namespace: 'default', name: `svc-${String(i + 1).padStart(5, '0')}` }));
}

/** Every object of L7Logging: Felix, the collector, the Services and (operator mode) the LogStorage patch. */
export function l7Props(collector: Collector, services: number): L7LoggingOptions {
  return collector === 'operator'
    ? {
        calicoVersion: '3.23',
        services: serviceRefs(services),
        storage: { nodes: 3, retentionDays: 2, currentPerNodeStorage: '10Gi', resizeLogStorage: true },
      }
    : { calicoVersion: '3.10', collector: 'daemonset', services: serviceRefs(services) };
}
