import type { CollectorMode } from './index';

/** What a collector mode logs and what it cannot see, so a user picks the mode that sees their traffic. */
export interface CollectorCoverage {
  readonly mode: CollectorMode;
  /** How traffic is chosen: by Service annotation, by workload, all of it, or by namespace. */
  readonly selectsBy: 'service' | 'workload' | 'everything' | 'namespace';
  /** Protocols logged, where the docs name them. @default - not stated in the docs */
  readonly protocols?: readonly string[];
  /** What is logged, for a person. */
  readonly sees: string;
  /** What is not logged, for a person. */
  readonly misses: string;
}

// From the Calico Enterprise docs of each era (3.9–3.24) and the Calico Cloud v24 L7 pages.
const PER_NODE_ENVOY = {
  selectsBy: 'service',
  sees: 'connections to annotated Services (ClusterIP, and NodePort from 3.10) opened after the annotation, through the Envoy on the node',
  misses:
    'connections open before the Service was annotated, traffic of host-network clients, Windows nodes, and pods that bypass the Service (direct pod IPs)',
} as const;

export const COLLECTOR_COVERAGE: Readonly<Record<CollectorMode, CollectorCoverage>> = {
  daemonset: { mode: 'daemonset', ...PER_NODE_ENVOY },
  operator: { mode: 'operator', ...PER_NODE_ENVOY },
  sidecar: {
    mode: 'sidecar',
    selectsBy: 'workload',
    sees: 'HTTP traffic of pods created after their workload was labelled, through the injected Envoy',
    misses: 'pods created before the label (until they restart), host-network pods, and workloads in an Istio mesh',
  },
  ebpf: {
    mode: 'ebpf',
    selectsBy: 'everything',
    protocols: ['HTTP/1.0', 'HTTP/1.1', 'TLS handshake metadata (SNI, version, cipher)'],
    sees: 'HTTP/1.x requests on every node (the latest request per socket), and for encrypted traffic only the TLS handshake',
    misses: 'HTTP/2 and gRPC, request details inside TLS, and nodes with a kernel older than 5.17',
  },
  waypoint: {
    mode: 'waypoint',
    selectsBy: 'namespace',
    protocols: ['HTTP/1', 'HTTP/2', 'gRPC'],
    sees: 'traffic of namespaces that use a waypoint, in an Istio ambient mesh',
    misses: 'namespaces without a waypoint, and workloads outside the ambient mesh',
  },
};
