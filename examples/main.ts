// The bundled example: L7 logs for the Online Boutique demo in two clusters, one per collector mode,
// and the legacy cluster's upgrade from Calico Enterprise 3.10 to 3.23. `npm run synth` runs it and
// writes the manifests to dist/: per cluster a collector file and a traffic file, applied in turn.
import { App, Chart } from 'cdk8s';
import { L7Logging, synthAtomically } from 'calico-l7-logging/cdk8s';
import { ONLINE_BOUTIQUE } from './services';

export interface ExampleClusters {
  readonly prod: L7Logging;
  readonly legacy: L7Logging;
  readonly legacyUpgrade: L7Logging;
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
  return { prod, legacy, legacyUpgrade };
}

if (require.main === module) {
  // The app writes to a staging directory; dist/ changes only when synthesis succeeds.
  const app = new App({ outdir: '.dist-staging' });
  const { prod, legacy, legacyUpgrade } = buildApp(app);
  const outdir = synthAtomically(app, 'dist');
  const runbook = (title: string, l7: L7Logging, context: string) => `## ${title}\n${l7.rolloutSteps(outdir, context).join('\n')}\n`;
  process.stderr.write(
    [
      `Manifests written to ${outdir}/\n`,
      runbook('prod-eu1 (Calico Enterprise 3.23)', prod, 'prod-eu1'),
      runbook('legacy-us1 (Calico Enterprise 3.10)', legacy, 'legacy-us1'),
      runbook('legacy-us1 after its upgrade to Calico Enterprise 3.23', legacyUpgrade, 'legacy-us1'),
      `## prod-eu1 log storage\n${prod.storageGuidance?.text}\n`,
    ].join('\n'),
  );
}
