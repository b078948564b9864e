// The bundled example: L7 logs for the Online Boutique demo in four clusters, one per collector mode
// (per-node Envoy by operator and by DaemonSet, sidecars, eBPF), and the legacy cluster's upgrade from
// Calico Enterprise 3.10 to 3.23. `npm run synth` runs it and writes the manifests to dist/: per
// cluster a collector file and, where traffic is selected, a traffic file, applied in turn.
import { App, Chart } from 'cdk8s';
import { L7Logging, synthAtomically } from 'calico-l7-logging/cdk8s';
import { ONLINE_BOUTIQUE, ONLINE_BOUTIQUE_WORKLOADS } from './services';

export interface ExampleClusters {
  readonly prod: L7Logging;
  readonly legacy: L7Logging;
  readonly legacyUpgrade: L7Logging;
  readonly sidecars: L7Logging;
  readonly ebpf: L7Logging;
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
  return { prod, legacy, legacyUpgrade, sidecars, ebpf };
}

if (require.main === module) {
  // The app writes to a staging directory; dist/ changes only when synthesis succeeds.
  const app = new App({ outdir: '.dist-staging' });
  const { prod, legacy, legacyUpgrade, sidecars, ebpf } = buildApp(app);
  const outdir = synthAtomically(app, 'dist');
  const runbook = (title: string, l7: L7Logging, context: string) => `## ${title}\n${l7.rolloutSteps(outdir, context).join('\n')}\n`;
  process.stderr.write(
    [
      `Manifests written to ${outdir}/\n`,
      runbook('prod-eu1 (Calico Enterprise 3.23)', prod, 'prod-eu1'),
      runbook('legacy-us1 (Calico Enterprise 3.10)', legacy, 'legacy-us1'),
      runbook('legacy-us1 after its upgrade to Calico Enterprise 3.23', legacyUpgrade, 'legacy-us1'),
      runbook('shop-eu2 (Calico Enterprise 3.23, sidecars)', sidecars, 'shop-eu2'),
      runbook('edge-ap1 (Calico Enterprise 3.24, eBPF)', ebpf, 'edge-ap1'),
      `## What each cluster's collector sees\n${[prod, sidecars, ebpf].map((l) => `- ${l.node.scope?.node.id}: ${l.coverage.sees}; misses ${l.coverage.misses}`).join('\n')}\n`,
      `## prod-eu1 log storage\n${prod.storageGuidance?.text}\n`,
    ].join('\n'),
  );
}
