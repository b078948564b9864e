import { join } from 'node:path';
import { type CrdIndex, indexCrds } from './crd';
import { loadCrds } from './load';

/** The GitOps engines' CRDs the package ships (crds/, with their provenance), by the group and kind they define. */
const SHIPPED: Readonly<Record<string, string>> = {
  'argoproj.io/Application': 'argocd-application-crd.yaml',
  'argoproj.io/ApplicationSet': 'argocd-applicationset-crd.yaml',
  'kustomize.toolkit.fluxcd.io/Kustomization': 'kustomize.toolkit.fluxcd.io_kustomizations.yaml',
};

const loaded = new Map<string, CrdIndex>();

/**
 * The shipped CRD of an Argo CD or Flux kind, read on first use: the files are large (the
 * ApplicationSet CRD is 1.4 MB) and most manifests have none of these kinds.
 */
export function shippedEngineCrds(group: string, kind: string): CrdIndex | undefined {
  const file = SHIPPED[`${group}/${kind}`];
  if (file === undefined) return undefined;
  let index = loaded.get(file);
  if (!index) {
    index = indexCrds(loadCrds([join(__dirname, 'crds', file)]));
    loaded.set(file, index);
  }
  return index;
}
