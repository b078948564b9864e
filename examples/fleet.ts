// The bundled fleet: one canary cluster and three more in two waves, written as a tree to commit
// for Argo CD and for Flux (examples/main.ts writes both, into gitops/argocd and gitops/flux).
import { App, Chart } from 'cdk8s';
import { type GitOpsClusterProps, L7Logging, L7Verification, writeGitOpsTree } from 'calico-l7-logging/cdk8s';
import { ONLINE_BOUTIQUE, ONLINE_BOUTIQUE_WORKLOADS } from './services';

/** The waves the fleet rolls out in: the canary alone, then one region, then the other two. */
export const FLEET_WAVES = [
  { name: 'canary', clusters: ['canary-eu1'] },
  { name: 'first', clusters: ['prod-eu1'] },
  { name: 'rest', clusters: ['prod-us1', 'shop-ap1'], maxUpdate: 1 },
];

/** The fleet's clusters, in a cdk8s app of their own. */
export function buildFleet(app: App): GitOpsClusterProps[] {
  const operator = (name: string) =>
    new L7Logging(new Chart(app, name), 'l7', { calicoVersion: '3.23', services: ONLINE_BOUTIQUE, platform: { provider: 'eks' } });
  const canary = operator('canary-eu1');
  // The canary proves that traffic passes Envoy before the next wave starts.
  const verification = new L7Verification(new Chart(app, 'canary-eu1-verify'), 'verify', { services: [{ namespace: 'default', name: 'cartservice', port: 7070 }] });
  const shop = new L7Logging(new Chart(app, 'shop-ap1'), 'l7', {
    calicoVersion: '3.23.1',
    workloads: ONLINE_BOUTIQUE_WORKLOADS,
    platform: { provider: 'aks', kubernetesVersion: '1.30' },
  });
  // These clusters serve projectcalico.org/v3 from native v3 CRDs (3.23 and later), so the
  // FelixConfiguration is applied server-side too. With Calico's aggregated API server, leave
  // nativeV3Crds out: Argo CD then applies it client-side, and Flux refuses it (docs/gitops.md).
  const clusters: GitOpsClusterProps[] = [{ logging: canary, verification }, { logging: operator('prod-eu1') }, { logging: operator('prod-us1') }, { logging: shop }];
  return clusters.map((c) => ({ ...c, nativeV3Crds: true }));
}

/** Writes the fleet's tree for both engines; returns the directories written. */
export function writeFleet(): string[] {
  const app = new App({ outdir: '.dist-staging/fleet' });
  const clusters = buildFleet(app);
  writeGitOpsTree(app, {
    engine: 'argocd',
    repoPath: 'gitops/argocd',
    argocd: { repoURL: 'https://git.example.com/platform/fleet.git' },
    clusters,
    waves: FLEET_WAVES,
    outdir: 'gitops/argocd',
  });
  writeGitOpsTree(app, {
    engine: 'flux',
    repoPath: 'gitops/flux',
    flux: { sourceRef: { name: 'fleet' } },
    clusters,
    waves: FLEET_WAVES,
    outdir: 'gitops/flux',
  });
  return ['gitops/argocd', 'gitops/flux'];
}
