// The bundled example's four clusters, one per collector mode (per-node Envoy by operator and by
// DaemonSet, sidecars, eBPF), and the legacy cluster's upgrade from Calico Enterprise 3.10 to 3.23:
// examples/main.ts synthesizes them, and the tests check them.
import { Chart, type App } from 'cdk8s';
import { L7LogAccess, L7LogArchive, L7Logging, L7Verification } from 'calico-l7-logging/cdk8s';
import { ONLINE_BOUTIQUE, ONLINE_BOUTIQUE_WORKLOADS } from './services';

export interface ExampleClusters {
  readonly prod: L7Logging;
  readonly legacy: L7Logging;
  readonly legacyUpgrade: L7Logging;
  readonly sidecars: L7Logging;
  readonly ebpf: L7Logging;
  readonly archive: L7LogArchive;
  readonly verification: L7Verification;
}

export function buildApp(app: App): ExampleClusters {
  // Calico Enterprise 3.23: the Tigera operator runs the collector from an ApplicationLayer.
  const prod = new L7Logging(new Chart(app, 'prod-eu1'), 'l7', {
    calicoVersion: '3.23',
    logIntervalSeconds: 5,
    logRequestsPerInterval: -1,
    felix: { l7LogsFlushInterval: '5m0s', l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    services: ONLINE_BOUTIQUE,
    storage: { nodes: 3, retentionDays: 2, elasticsearchNodes: 3, replicas: 1, currentPerNodeStorage: '10Gi' },
    platform: { provider: 'eks', dataplane: 'iptables' },
  });

  // Around the logs in prod-eu1: who may read them, where they are archived, and proof that they flow.
  const prodChart = prod.node.scope as Chart;
  new L7LogAccess(prodChart, 'sre-reads-l7', {
    subjects: [{ kind: 'Group', name: 'platform-sre' }, { kind: 'ServiceAccount', namespace: 'observability', name: 'log-exporter' }],
  });
  const archive = new L7LogArchive(prodChart, 'archive', { s3: { region: 'eu-west-1', bucketName: 'acme-l7-logs', bucketPath: 'clusters/prod-eu1' } });
  // Its own chart, applied once the traffic chart is: only then do new connections pass Envoy.
  const verification = new L7Verification(new Chart(app, 'prod-eu1-verify'), 'verify', {
    services: [
      { namespace: 'default', name: 'adservice', port: 9555 },
      { namespace: 'default', name: 'cartservice', port: 7070 },
    ],
  });

  // Calico Enterprise 3.10: the manual per-host collector, DaemonSet and Envoy config.
  const legacyProps = { services: ONLINE_BOUTIQUE.slice(0, 3), platform: { provider: 'kubeadm' as const } };
  const legacy = new L7Logging(new Chart(app, 'legacy-us1'), 'l7', {
    ...legacyProps,
    calicoVersion: '3.10',
    collector: 'daemonset',
    logLevel: 'Info',
  });

  // The same cluster once Calico Enterprise is upgraded to 3.23: the operator's collector replaces the
  // hand-made one, whose objects are removed first.
  const legacyUpgrade = new L7Logging(new Chart(app, 'legacy-us1-upgraded'), 'l7', {
    ...legacyProps,
    calicoVersion: '3.23',
    upgradeFrom: { namespace: 'calico-system' },
  });

  // Calico Enterprise 3.23: sidecars injected into the selected Deployments, which roll their pods.
  const sidecars = new L7Logging(new Chart(app, 'shop-eu2'), 'l7', {
    calicoVersion: '3.23.1',
    workloads: ONLINE_BOUTIQUE_WORKLOADS,
    sidecar: { resources: { requests: { cpu: '50m', memory: '64Mi' } } },
    platform: { provider: 'aks', kubernetesVersion: '1.30' },
  });

  // Calico Enterprise 3.24: Felix's eBPF collector sees HTTP/1.x on every node; nothing to select.
  const ebpf = new L7Logging(new Chart(app, 'edge-ap1'), 'l7', {
    calicoVersion: '3.24',
    collector: 'ebpf',
    felix: { l7LogsFileAggregationTLSSNI: 'IncludeL7TLSSNI', l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    platform: { provider: 'eks', kernelVersion: '6.1' },
  });
  return { prod, legacy, legacyUpgrade, sidecars, ebpf, archive, verification };
}
