// The bundled example: L7 logs for the Online Boutique demo in two clusters, one per collector mode.
// `npm run synth` runs it and writes one file per cluster to dist/.
import { App, Chart } from 'cdk8s';
import { L7Logging, synthAtomically } from 'calico-l7-logging/cdk8s';
import { ONLINE_BOUTIQUE } from './services';


export function buildApp(app: App): { operator: L7Logging; daemonset: L7Logging } {
  // Calico Enterprise 3.23: the Tigera operator runs the collector from an ApplicationLayer.
  const prod = new Chart(app, 'prod-eu1');
  const operator = new L7Logging(prod, 'l7', {
    calicoVersion: '3.23',
    logIntervalSeconds: 5,
    logRequestsPerInterval: -1,
    felix: { l7LogsFlushInterval: '5m0s', l7LogsFileAggregationTrimURL: 'TrimURLQuery' },
    services: ONLINE_BOUTIQUE,
    storage: { nodes: 3, retentionDays: 7, currentPerNodeStorage: '10Gi', emitLogStoragePatch: true },
    platform: { provider: 'eks', dataplane: 'iptables' },
  });

  // Calico Enterprise 3.10: the manual per-host collector, DaemonSet and Envoy config.
  const legacy = new Chart(app, 'legacy-us1');
  const daemonset = new L7Logging(legacy, 'l7', {
    calicoVersion: '3.10',
    collector: 'daemonset',
    logLevel: 'Info',
    images: { registry: 'quay.io/', tag: 'v3.10.0' },
    services: ONLINE_BOUTIQUE.slice(0, 3),
    platform: { provider: 'kubeadm' },
  });
  return { operator, daemonset };
}

if (require.main === module) {
  // The app writes to a staging directory; dist/ changes only when synthesis succeeds.
  const app = new App({ outdir: '.dist-staging' });
  const { operator } = buildApp(app);
  const outdir = synthAtomically(app, 'dist');
  process.stderr.write(`Manifests written to ${outdir}/\n\n${operator.storage?.guidance.text}\n`);
}
