// Gloo Mesh access logs for the bookinfo demo in two clusters, mgmt-cluster and remote-cluster, as
// the Gloo Mesh docs show them, for both generations: an AccessLogRecord (1.x) in the management
// cluster, and an AccessLogPolicy (2.x) in the workspace's namespace of its config cluster. Each
// cluster's Istio settings come with them.
import { type App, Chart } from 'cdk8s';
import { MeshAccessLogging } from 'calico-l7-logging/cdk8s';
import { BOOKINFO_EXAMPLES } from './bookinfo';

/** The clusters of the mesh, by the names they are registered with in Gloo Mesh. */
const CLUSTERS = ['mgmt-cluster', 'remote-cluster'];

export interface GlooMeshExample {
  /** The record or policy of each docs example, by Gloo Mesh generation. */
  readonly v1: readonly MeshAccessLogging[];
  readonly v2: readonly MeshAccessLogging[];
}

export function buildGlooMesh(app: App): GlooMeshExample {
  // Gloo Mesh 1.x: records in the management cluster's gloo-mesh namespace; the agents listen on their default address.
  const mgmt1 = new Chart(app, 'gloo-mesh-1-mgmt-cluster');
  const v1 = BOOKINFO_EXAMPLES.map(({ id, props }, i) =>
    new MeshAccessLogging(mgmt1, id, { glooMeshVersion: '1.0', ...props, ...(i === 0 ? { clusters: CLUSTERS.map((name) => ({ name })) } : {}) }),
  );
  // Gloo Mesh 2.x: policies in the bookinfo workspace's namespace of its config cluster (here the management
  // cluster). The agent's address is this installation's: the package has no 2.x default for it.
  const mgmt2 = new Chart(app, 'gloo-mesh-2-mgmt-cluster');
  const v2 = BOOKINFO_EXAMPLES.map(({ id, props }, i) =>
    new MeshAccessLogging(mgmt2, id, {
      glooMeshVersion: '2.14',
      namespace: 'bookinfo',
      ...props,
      ...(i === 0 ? { clusters: CLUSTERS.map((name) => ({ name, agentAddress: 'gloo-mesh-agent.gloo-mesh:9977' })) } : {}),
    }),
  );
  return { v1, v2 };
}
