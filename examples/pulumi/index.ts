// A Pulumi program (see Pulumi.yaml): L7 logs for two clusters, each through its own provider.
// Kubeconfig contexts come from stack config: `pulumi config set prodContext prod-eu1`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { L7Logging } from 'calico-l7-logging/pulumi';
import { ONLINE_BOUTIQUE } from '../services';

const config = new pulumi.Config();
const prod = new k8s.Provider('prod-eu1', { context: config.get('prodContext') ?? 'prod-eu1' });
const legacy = new k8s.Provider('legacy-us1', { context: config.get('legacyContext') ?? 'legacy-us1' });

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
