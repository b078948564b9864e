// Shared by the parent (bench/run.ts) and the child (bench/worker.ts). Type-only imports from src, so
// a baseline child that loads this file never loads the package.
import type { KubeObject, L7LoggingOptions, MeshAccessLoggingOptions, ServiceRef, WorkloadRef } from '../src/core';

/** `fleet`: many clusters written as a GitOps tree (Flux), against the same objects in one hand-written cdk8s app. */
export type Suite = 'cdk8s' | 'pulumi' | 'validate' | 'import' | 'fleet';
/** The collector modes of L7Logging, and `gloo` for MeshAccessLogging (Gloo Mesh 2.x). */
export type Mode = 'operator' | 'daemonset' | 'sidecar' | 'ebpf' | 'waypoint' | 'gloo';
export type Side = 'ours' | 'baseline';

/** What one child process measures. */
/** One chart of a cdk8s baseline: its id and objects, as the package's output has them. */
export interface ChartObjects {
  readonly id: string;
  readonly objects: readonly KubeObject[];
}

export interface Case {
  readonly suite: Suite;
  readonly mode: Mode;
  /**
   * Services (operator, daemonset), workloads (sidecar), namespaces (waypoint), workload selectors
   * (gloo), objects (validate), clusters of {@link FLEET_SERVICES} Services each (fleet); 0 for the
   * eBPF collector.
   */
  readonly size: number;
  readonly side: Side;
  /** The project root: the child loads the built package (lib/) from it, as a user's program does. */
  readonly root: string;
  /**
   * The objects L7Logging renders for this case, as JSON written by the parent before any timing. A
   * cdk8s or Pulumi baseline builds its copy of them inside the clock, as a hand-written program
   * builds its object literals.
   */
  readonly objectsFile: string;
}

/** What a child reports on stdout, as one JSON line. */
export interface Sample {
  /** The timed part: construct and synthesize (or register, or validate); modules loaded before. */
  readonly ms: number;
  /** The whole process, from its start (node's time origin) to the end of the timed part: imports included. */
  readonly processMs: number;
  /** Peak resident set of the whole child, in KiB. */
  readonly maxRssKiB: number;
  /** sha256 of the output, to prove both sides produced the same thing. */
  readonly hash: string;
  /** Objects synthesized, resources registered, or objects validated. */
  readonly count: number;
}

export function serviceRefs(n: number): readonly ServiceRef[] {
  return Array.from({ length: n }, (_, i) => ({ namespace: 'default', name: `svc-${String(i + 1).padStart(5, '0')}` }));
}

function workloadRefs(n: number): readonly WorkloadRef[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'Deployment', namespace: 'shop', name: `app-${String(i + 1).padStart(5, '0')}` }));
}

/** The L7Logging props of a case: every object kind of its mode. */
export function l7Props(mode: Exclude<Mode, 'gloo'>, size: number): L7LoggingOptions {
  switch (mode) {
    case 'operator':
      return {
        calicoVersion: '3.23',
        services: serviceRefs(size),
        storage: { nodes: 3, retentionDays: 2, currentPerNodeStorage: '10Gi', resizeLogStorage: true },
      };
    case 'daemonset':
      return { calicoVersion: '3.10', collector: 'daemonset', services: serviceRefs(size) };
    case 'sidecar':
      return { calicoVersion: '3.23', platform: { kubernetesVersion: '1.30' }, workloads: workloadRefs(size), sidecar: { waf: true } };
    case 'ebpf':
      return { calicoVersion: '3.24', collector: 'ebpf', platform: { kernelVersion: '6.1' }, felix: { l7LogsFileAggregationTLSSNI: 'ExcludeL7TLSSNI' } };
    case 'waypoint':
      return { calicoVersion: '3.24', collector: 'waypoint', waypoints: Array.from({ length: size }, (_, i) => ({ namespace: `ns-${String(i + 1).padStart(5, '0')}` })) };
  }
}

const CLUSTERS = ['cluster-1', 'cluster-2', 'cluster-3'];

/** The MeshAccessLogging props of the gloo case: a Gloo Mesh 2.x policy with `size` workload selectors, a filter and three clusters. */
export function meshProps(size: number): MeshAccessLoggingOptions {
  return {
    glooMeshVersion: '2.14',
    namespace: 'shop',
    workloads: Array.from({ length: size }, (_, i) => ({ labels: { app: `app-${String(i + 1).padStart(5, '0')}` }, namespaces: ['shop'], clusters: CLUSTERS })),
    filters: [{ statusCodeMatcher: { value: 500, comparator: 'GE' } }],
    clusters: CLUSTERS.map((name) => ({ name, agentAddress: 'gloo-mesh-agent.gloo-mesh:9977' })),
  };
}

/** Services per cluster in the fleet rows. */
export const FLEET_SERVICES = 1000;
