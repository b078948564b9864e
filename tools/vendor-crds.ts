// Writes src/validate/crds/shipped-crds.json: the schemas of the Calico kinds of every release the
// package knows, from the Tigera operator's CRDs at the tag that ships each release, and of the
// Gateway API, Gloo Mesh, Argo CD and Flux kinds from the CRD fixtures. Descriptions are dropped and each schema
// is kept once however many releases share it. Run after a release is added:
//
//   tsx tools/vendor-crds.ts <clone of github.com/tigera/operator>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { trimSchema } from './trim-schema';

const root = join(__dirname, '..');
const operator = process.argv[2];
if (!operator) throw new Error('usage: tsx tools/vendor-crds.ts <clone of github.com/tigera/operator>');

/** The operator ref that ships each release: the newest patch of the operator line named in its release notes. */
const OPERATOR_REFS: readonly (readonly [string, string])[] = [
  ['3.9', 'v1.21.4'],
  ['3.10', 'v1.22.7'],
  ['3.11', 'v1.24.5'],
  ['3.12', 'v1.25.13'],
  ['3.13', 'v1.26.3'],
  ['3.14', 'v1.27.17'],
  ['3.15', 'v1.28.15'],
  ['3.16', 'v1.29.8'],
  ['3.17', 'v1.30.11'],
  ['3.18', 'v1.32.13'],
  ['3.19', 'v1.34.14'],
  ['3.20', 'v1.36.16'],
  ['3.21', 'v1.38.16'],
  ['3.22', 'v1.40.15'],
  ['3.23', 'v1.42.4'],
  // 3.24 is in early preview; the main branch carries its fields (v1.43.0 ships 3.24.0-1.0, v1.43.1 3.24.0-2.0).
  ['3.24', '40788b9b6bef9d94e77b2e0d7a5eed7e17e2364c'],
];

/** The operator's own CRDs and Calico Enterprise's FelixConfiguration, wherever a release keeps them. */
const WANTED = /(\/enterprise\/(v1\.crd\.projectcalico\.org\/|v3\.projectcalico\.org\/)?[a-z.]*projectcalico\.org_felixconfigurations|operator\.tigera\.io_(applicationlayers|logstorages|logcollectors|istios))\.yaml$/;

/** Releases whose operator had no Calico Enterprise CRDs in its tree take the docs' FelixConfiguration CRD of 3.10. */
const CE_310_FELIX = 'test/fixtures/crds/ce-3.10/crd.projectcalico.org_felixconfigurations.yaml';
const OTHERS = [
  'test/fixtures/crds/gateway-api-v1.6.1/gateway.networking.k8s.io_gateways.yaml',
  'test/fixtures/crds/gloo-mesh-1.0/v1.0.9_install_helm_gloo-mesh-crds_crds_observability.enterprise.mesh.gloo.solo.io_v1_crds.yaml',
  'test/fixtures/crds/gloo-platform-2.14.0/observability.policy.gloo.solo.io_v2_crds.yaml',
  'test/fixtures/crds/gitops/argocd-application-crd.yaml',
  'test/fixtures/crds/gitops/argocd-applicationset-crd.yaml',
  'test/fixtures/crds/gitops/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
];

type Json = Record<string, unknown>;
interface Entry {
  readonly scope: string;
  readonly versions: Record<string, number>;
}

const schemas: unknown[] = [];
const schemaIds = new Map<string, number>();

function git(...args: string[]): string {
  return execFileSync('git', ['-C', operator as string, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function schemaId(schema: unknown): number {
  const text = JSON.stringify(trimSchema(schema));
  let id = schemaIds.get(text);
  if (id === undefined) {
    id = schemas.length;
    schemas.push(JSON.parse(text));
    schemaIds.set(text, id);
  }
  return id;
}

/** `group/Kind` to what validation needs of each CRD in a YAML text. */
function entriesOf(text: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  // `json`: a repeated key keeps its last value, as Go's decoder does (CE 3.10's CRD repeats one).
  for (const doc of loadAll(text, { json: true }) as Json[]) {
    if (doc?.kind !== 'CustomResourceDefinition') continue;
    const spec = doc.spec as Json;
    const names = spec.names as Json;
    const versions: Record<string, number> = {};
    for (const v of (spec.versions as Json[] | undefined) ?? [{ name: spec.version, served: true }]) {
      const schema = ((v.schema ?? spec.validation) as Json | undefined)?.openAPIV3Schema;
      if (v.served !== false && schema) versions[v.name as string] = schemaId(schema);
    }
    out[`${spec.group as string}/${names.kind as string}`] = { scope: spec.scope as string, versions };
  }
  return out;
}

const releases: Record<string, Record<string, Entry>> = {};
const sources: Record<string, { ref: string; commit: string; paths: string[] }> = {};
for (const [release, ref] of OPERATOR_REFS) {
  const commit = git('rev-parse', `${ref}^{commit}`).trim();
  const paths = git('ls-tree', '-r', '--name-only', commit)
    .split('\n')
    .filter((p) => WANTED.test(p) && !p.startsWith('bundle/'))
    .sort();
  const kinds: Record<string, Entry> = {};
  if (!paths.some((p) => p.includes('felixconfigurations'))) Object.assign(kinds, entriesOf(readFileSync(join(root, CE_310_FELIX), 'utf8')));
  for (const p of paths) Object.assign(kinds, entriesOf(git('show', `${commit}:${p}`)));
  releases[release] = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
  sources[release] = { ref, commit, paths };
}
const others: Record<string, Entry> = {};
for (const file of OTHERS) Object.assign(others, entriesOf(readFileSync(join(root, file), 'utf8')));

writeFileSync(join(root, 'src/validate/crds/shipped-crds.json'), `${JSON.stringify({ releases, others, schemas })}\n`);
for (const [release, s] of Object.entries(sources)) console.log(`| ${release} | \`${s.ref}\` | \`${s.commit.slice(0, 12)}\` | ${s.paths.map((p) => `\`${p}\``).join('<br>') || '(none)'} |`);
console.log(`${schemas.length} distinct schemas`);
