// The bundled example: L7 logs for the Online Boutique demo in four clusters, one per collector mode
// (per-node Envoy by operator and by DaemonSet, sidecars, eBPF), and the legacy cluster's upgrade from
// Calico Enterprise 3.10 to 3.23. `npm run synth` runs it and writes the manifests to dist/: per
// cluster a collector file and, where traffic is selected, a traffic file, applied in turn.
import { App, Chart } from 'cdk8s';
import { L7LogAccess, L7LogArchive, L7Logging, L7Verification, synthAtomically } from 'calico-l7-logging/cdk8s';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildGlooMesh } from './gloo-mesh';
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

if (require.main === module) {
  // The app writes to a staging directory; dist/ changes only when synthesis succeeds.
  const app = new App({ outdir: '.dist-staging' });
  const { prod, legacy, legacyUpgrade, sidecars, ebpf, archive, verification } = buildApp(app);
  const mesh = buildGlooMesh(app);
  // Each mesh cluster's Istio settings, beside the manifests (they are for istioctl or Helm, not kubectl).
  const istioFiles = (['v1', 'v2'] as const).flatMap((v) => {
    const dir = join(app.outdir, 'istio', `gloo-mesh-${v.slice(1)}`);
    mkdirSync(dir, { recursive: true });
    return (mesh[v][0]?.writeIstioSettings(dir) ?? []).map((f) => f.replace(app.outdir, 'dist'));
  });
  const outdir = synthAtomically(app, 'dist');
  const runbook = (title: string, l7: L7Logging, context: string) => `## ${title}\n${l7.rolloutSteps(outdir, context).join('\n')}\n`;
  process.stderr.write(
    [
      `Manifests written to ${outdir}/\n`,
      `## prod-eu1: before the first apply, the S3 credentials the log collector archives with\n${archive.credentialsCommand.replace(/^kubectl/, 'kubectl --context prod-eu1')}\n`,
      runbook('prod-eu1 (Calico Enterprise 3.23)', prod, 'prod-eu1'),
      `## prod-eu1: proof that the selected Services pass Envoy\nkubectl --context prod-eu1 apply -f ${outdir}/prod-eu1-verify.k8s.yaml\n${verification.waitCommand.replace(/^kubectl/, 'kubectl --context prod-eu1')}\n`,
      runbook('legacy-us1 (Calico Enterprise 3.10)', legacy, 'legacy-us1'),
      runbook('legacy-us1 after its upgrade to Calico Enterprise 3.23', legacyUpgrade, 'legacy-us1'),
      runbook('shop-eu2 (Calico Enterprise 3.23, sidecars)', sidecars, 'shop-eu2'),
      runbook('edge-ap1 (Calico Enterprise 3.24, eBPF)', ebpf, 'edge-ap1'),
      `## Gloo Mesh (bookinfo, mgmt-cluster and remote-cluster): apply gloo-mesh-1-mgmt-cluster.k8s.yaml or gloo-mesh-2-mgmt-cluster.k8s.yaml ` +
        `to the management cluster; give each cluster's Istio its settings, then restart the injected workloads:\n${istioFiles.join('\n')}\n`,
      `## What each cluster's collector sees\n${[prod, sidecars, ebpf].map((l) => `- ${l.node.scope?.node.id}: ${l.coverage.sees}; misses ${l.coverage.misses}`).join('\n')}\n`,
      `## prod-eu1 log storage\n${prod.storageGuidance?.text}\n` +
        'The same from the command line, with an estimate from the observed request rate:\n' +
        'npx calico-l7 size --nodes 3 --retention-days 2 --es-nodes 3 --replicas 1 --current 10Gi --requests-per-second 400\n',
    ].join('\n'),
  );
}
