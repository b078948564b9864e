import { Issues } from '../errors';
import { checkName, checkPort, join } from '../rules';

// What Istio needs so that its sidecars send access logs to the Gloo Mesh agent of their cluster,
// tagged with the cluster's registered name (Gloo Mesh 1.0 docs, observability/access_logging):
// meshConfig.defaultConfig.envoyAccessLogService.address and proxyMetadata.GLOO_MESH_CLUSTER_NAME.

/** A cluster of the mesh, by the name it is registered with in Gloo Mesh. */
export interface MeshCluster {
  /** The registered cluster name, as Gloo Mesh knows it (a Kubernetes name). */
  readonly name: string;
  /**
   * `host:port` of the Gloo Mesh agent's access log service in this cluster.
   * @default "enterprise-agent.gloo-mesh:9977" for Gloo Mesh 1.x; required for 2.x, whose docs this package does not have
   */
  readonly agentAddress?: string;
}

/** The Istio settings of one cluster, in the two forms Istio installs take. */
export interface MeshIstioSettings {
  readonly cluster: string;
  /** An IstioOperator overlay, for `istioctl install -f` (merge it with your own). */
  readonly istioOperatorOverlay: Record<string, unknown>;
  /** Values for the `istiod` Helm chart (`helm upgrade istiod istio/istiod -f`). */
  readonly istiodHelmValues: Record<string, unknown>;
}

export const GLOO_MESH_1_AGENT_ADDRESS = 'enterprise-agent.gloo-mesh:9977';

/** Checks the clusters (names unique, addresses `host:port`) and returns each cluster's Istio settings. */
export function checkMeshClusters(issues: Issues, field: string, clusters: unknown, major: 1 | 2 | undefined): MeshIstioSettings[] {
  if (!Array.isArray(clusters)) {
    issues.add(field, clusters, 'expected a list of { name, agentAddress? }');
    return [];
  }
  const list: readonly unknown[] = clusters;
  const seen = new Set<string>();
  const out: MeshIstioSettings[] = [];
  list.forEach((c, i) => {
    const f = `${field}[${i}]`;
    const cluster = (typeof c === 'object' && c !== null ? c : {}) as Partial<MeshCluster>;
    const before = issues.count;
    if (checkName(issues, join(f, 'name'), cluster.name, 'subdomain')) {
      if (seen.has(cluster.name)) issues.add(join(f, 'name'), cluster.name, 'expected each cluster once');
      seen.add(cluster.name);
    }
    const address = cluster.agentAddress ?? (major === 1 ? GLOO_MESH_1_AGENT_ADDRESS : undefined);
    if (address === undefined) {
      if (major === 2) issues.add(join(f, 'agentAddress'), undefined, "Gloo Mesh 2.x: give the host:port of the agent's access log service in this cluster");
    } else checkAddress(issues, join(f, 'agentAddress'), address);
    if (issues.count === before && address !== undefined) out.push(istioSettings(cluster.name as string, address));
  });
  return out;
}

function checkAddress(issues: Issues, field: string, address: unknown): void {
  const m = typeof address === 'string' ? /^([^:]+):(\d{1,5})$/.exec(address) : null;
  const inner = new Issues();
  if (!m || !checkName(inner, field, m[1], 'subdomain') || !checkPort(inner, field, Number(m[2]))) {
    issues.add(field, address, 'expected host:port, such as "enterprise-agent.gloo-mesh:9977"');
  }
}

function istioSettings(cluster: string, address: string): MeshIstioSettings {
  const meshConfig = { defaultConfig: { envoyAccessLogService: { address }, proxyMetadata: { GLOO_MESH_CLUSTER_NAME: cluster } } };
  return {
    cluster,
    istioOperatorOverlay: { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { meshConfig: structuredClone(meshConfig) } },
    istiodHelmValues: { meshConfig: structuredClone(meshConfig) },
  };
}
