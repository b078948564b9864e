// The bundled example: L7 logs for the Online Boutique demo in four clusters, one per collector mode
// (per-node Envoy by operator and by DaemonSet, sidecars, eBPF), and the legacy cluster's upgrade from
// Calico Enterprise 3.10 to 3.23. `npm run synth` runs it and writes the manifests to dist/: per
// cluster a collector file and, where traffic is selected, a traffic file, applied in turn.
import { App } from 'cdk8s';
import { rolloutRunbook, synthAtomically } from 'calico-l7-logging/cdk8s';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './clusters';
import { writeFleet } from './fleet';
import { buildGlooMesh } from './gloo-mesh';

// The app writes to a staging directory; dist/ changes only when synthesis succeeds.
const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? '.dist-staging' });
const { prod, legacy, legacyUpgrade, sidecars, ebpf, verification } = buildApp(app);
const mesh = buildGlooMesh(app);
// Each mesh cluster's Istio settings, beside the manifests (they are for istioctl or Helm, not kubectl).
const istioFiles = (['v1', 'v2'] as const).flatMap((v) => {
  const dir = join(app.outdir, 'istio', `gloo-mesh-${v.slice(1)}`);
  mkdirSync(dir, { recursive: true });
  return (mesh[v][0]?.writeIstioSettings(dir) ?? []).map((f) => f.replace(app.outdir, 'dist'));
});
const outdir = synthAtomically(app, 'dist');
const trees = writeFleet();
// legacy-us1 appears twice: before its upgrade (3.10), then the upgrade itself, run once.
const clusterRunbooks = rolloutRunbook(
  [
    { logging: prod, verification },
    { logging: legacy, name: 'legacy-us1' },
    { logging: legacyUpgrade, name: 'legacy-us1' },
    { logging: sidecars },
    { logging: ebpf },
  ],
  outdir,
);
process.stderr.write(
  [
    `Manifests written to ${outdir}/; the fleet's GitOps trees to ${trees.join(' and ')}/ (docs/argocd.md, docs/flux.md)\n`,
    `${clusterRunbooks.join('\n')}\n`,
    `## Gloo Mesh (bookinfo, mgmt-cluster and remote-cluster): apply gloo-mesh-1-mgmt-cluster.k8s.yaml or gloo-mesh-2-mgmt-cluster.k8s.yaml ` +
      `to the management cluster; give each cluster's Istio its settings, then restart the injected workloads:\n${istioFiles.join('\n')}\n`,
    `## What each cluster's collector sees\n${[prod, sidecars, ebpf].map((l) => `- ${l.node.scope?.node.id}: ${l.coverage.sees}; misses ${l.coverage.misses}`).join('\n')}\n`,
    `## prod-eu1 log storage\n${prod.storageGuidance?.text}\n` +
      'The same from the command line, with an estimate from the observed request rate:\n' +
      'npx calico-l7 size --nodes 3 --retention-days 2 --es-nodes 3 --replicas 1 --current 10Gi --requests-per-second 400\n',
  ].join('\n'),
);
