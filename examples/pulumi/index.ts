// A Pulumi program (see Pulumi.yaml): L7 logs for four clusters, each through its own provider and
// with its own collector mode: per-node Envoy (operator, DaemonSet), sidecars, eBPF.
// Kubeconfig contexts come from stack config: `pulumi config set prodContext prod-eu1`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { L7Logging } from 'calico-l7-logging/pulumi';
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
