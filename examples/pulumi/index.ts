// A Pulumi program (see Pulumi.yaml): L7 logs for four clusters, each through its own provider and
// with its own collector mode: per-node Envoy (operator, DaemonSet), sidecars, eBPF.
// Kubeconfig contexts come from stack config: `pulumi config set prodContext prod-eu1`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { L7LogAccess, L7LogArchive, L7Logging, L7Verification, MeshAccessLogging } from 'calico-l7-logging/pulumi';
import { BOOKINFO_EXAMPLES } from '../bookinfo';
import { ONLINE_BOUTIQUE, ONLINE_BOUTIQUE_WORKLOADS } from '../services';

const config = new pulumi.Config();
const prod = new k8s.Provider('prod-eu1', { context: config.get('prodContext') ?? 'prod-eu1' });
const legacy = new k8s.Provider('legacy-us1', { context: config.get('legacyContext') ?? 'legacy-us1' });
const shop = new k8s.Provider('shop-eu2', { context: config.get('shopContext') ?? 'shop-eu2' });
const edge = new k8s.Provider('edge-ap1', { context: config.get('edgeContext') ?? 'edge-ap1' });

const prodLogs = new L7Logging(
  'prod-eu1',
  {
    calicoVersion: '3.23',
    felix: { l7LogsFlushInterval: '5m0s', l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    services: ONLINE_BOUTIQUE,
    storage: { nodes: 3, retentionDays: 2, elasticsearchNodes: 3, replicas: 1, currentPerNodeStorage: '10Gi' },
  },
  { provider: prod },
);

// Who may read prod-eu1's L7 logs, their archive in S3 (credentials from secret stack config:
// `pulumi config set --secret s3KeyId ...`), and a Job that fails the update unless traffic passes Envoy.
new L7LogAccess('prod-eu1-sre', { subjects: [{ kind: 'Group', name: 'platform-sre' }] }, { provider: prod });
new L7LogArchive(
  'prod-eu1-archive',
  {
    s3: { region: 'eu-west-1', bucketName: 'acme-l7-logs', bucketPath: 'clusters/prod-eu1' },
    credentials: { keyId: config.requireSecret('s3KeyId'), keySecret: config.requireSecret('s3KeySecret') },
  },
  { provider: prod },
);
new L7Verification(
  'prod-eu1-verify',
  { services: [{ name: 'adservice', port: 9555 }, { name: 'cartservice', port: 7070 }] },
  { provider: prod, dependsOn: [prodLogs] },
);

const legacyLogs = new L7Logging(
  'legacy-us1',
  { calicoVersion: '3.10', collector: 'daemonset', logLevel: 'Info', services: ONLINE_BOUTIQUE.slice(0, 3) },
  { provider: legacy },
);

export const prodServices = prodLogs.selectedServices;
export const prodStorageGuidance = prodLogs.storageGuidance?.text;
export const legacyServices = legacyLogs.selectedServices;

const sidecarLogs = new L7Logging(
  'shop-eu2',
  {
    calicoVersion: '3.23.1',
    workloads: ONLINE_BOUTIQUE_WORKLOADS,
    sidecar: { resources: { requests: { cpu: '50m', memory: '64Mi' } } },
    platform: { provider: 'aks', kubernetesVersion: '1.30' },
  },
  { provider: shop },
);

const ebpfLogs = new L7Logging(
  'edge-ap1',
  {
    calicoVersion: '3.24',
    collector: 'ebpf',
    felix: { l7LogsFileAggregationTLSSNI: 'IncludeL7TLSSNI', l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    platform: { provider: 'eks', kernelVersion: '6.1' },
  },
  { provider: edge },
);

export const shopCoverage = sidecarLogs.coverage.sees;
export const edgeCoverage = ebpfLogs.coverage.sees;

// Gloo Mesh access logs for bookinfo (the docs' two examples, both generations), in the management
// cluster. Each cluster's Istio settings are outputs: merge them into that cluster's istiod values.
const mgmt = new k8s.Provider('mgmt-cluster', { context: config.get('mgmtContext') ?? 'mgmt-cluster' });
const meshClusters = ['mgmt-cluster', 'remote-cluster'];
const glooMesh1 = BOOKINFO_EXAMPLES.map(
  ({ id, props }, i) =>
    new MeshAccessLogging(`gloo-mesh-1-${id}`, { glooMeshVersion: '1.0', ...props, ...(i === 0 ? { clusters: meshClusters.map((name) => ({ name })) } : {}) }, { provider: mgmt }),
);
BOOKINFO_EXAMPLES.forEach(
  ({ id, props }) => new MeshAccessLogging(`gloo-mesh-2-${id}`, { glooMeshVersion: '2.14', namespace: 'bookinfo', ...props }, { provider: mgmt }),
);
export const istiodValues = glooMesh1[0]?.istio;
