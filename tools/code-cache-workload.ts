// The run the package's code cache is written from: tools/code-cache.ts bundles this file and runs it
// in a plain node process (no loader hooks or flags, as users run the package), against lib/:
//   node code-cache-workload.js <lib-dir>
// It runs the bundled examples as users run such programs (the cdk8s clusters and Gloo Mesh
// policies, and the Pulumi program under mocks) and a rejected prop, then writes each bundle's
// cache: V8 puts in it every function compiled so far. The CLI is left out: its validator's
// functions would make the shared bundle's cache a fifth larger, and every program pays to read it.
import { App, Chart } from 'cdk8s';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as BundleLoader from '../src/bundle-loader';
import type * as Cdk8sEntry from '../src/cdk8s';
import { runProgramUnderMocks } from '../examples/pulumi/under-mocks';

const lib = process.argv[2] ?? '';
// The built package by path (imported, esbuild would bundle it into this file), and the examples
// that import it, loaded only once every bundle is to be compiled for its cache.
/* eslint-disable @typescript-eslint/no-require-imports */
const fromLib = <T>(file: string) => require(join(lib, file)) as T;
const examples = () => ({ ...(require('../examples/clusters') as typeof import('../examples/clusters')), ...(require('../examples/gloo-mesh') as typeof import('../examples/gloo-mesh')) });
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every entry point, as a program imports it: the ones the examples do not import get a cache too. */
const ENTRIES = ['index.js', 'cdk8s/index.js', 'pulumi/index.js', 'validate/index.js', 'cli.js'];

function cdk8s(): void {
  const { buildApp, buildGlooMesh } = examples();
  const app = new App();
  buildApp(app);
  buildGlooMesh(app);
  app.synthYaml();
  const { L7Logging, L7ValidationError } = fromLib<typeof Cdk8sEntry>('cdk8s/index.js');
  try {
    new L7Logging(new Chart(new App(), 'rejected'), 'l7', { calicoVersion: '3.23', logIntervalSeconds: -1 });
  } catch (e) {
    if (!(e instanceof L7ValidationError)) throw e;
  }
}

async function run(): Promise<void> {
  const { cacheRun, compiledBundles, cacheFileOf } = fromLib<typeof BundleLoader>('shared/load.js');
  cacheRun.active = true;
  for (const entry of ENTRIES) fromLib(entry);
  cdk8s();
  await runProgramUnderMocks('code-cache');
  for (const { file, script } of compiledBundles) writeFileSync(cacheFileOf(file), script.createCachedData());
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
