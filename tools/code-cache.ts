// Writes the V8 code cache of each bundle in lib/, run by `npm run build` once lib/ is complete:
//   tsx tools/code-cache.ts <lib-dir>
// The cache is what V8 compiled during tools/code-cache-workload.ts, run in a plain node process on
// the built package; src/bundle-loader.ts reads it when the same V8 runs the package.
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cacheFileOf } from '../src/bundle-loader';

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'src');
const WORK = join(ROOT, 'node_modules', '.cache', 'calico-l7-code-cache');
const PACKAGE = 'calico-l7-logging';

/** Imports of the package go to lib/, never bundled from src/: the workload must run the built package. */
function builtPackage(lib: string): Plugin {
  return {
    name: 'built-package',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${PACKAGE}(/|$)`) }, (args) => ({ path: join(lib, args.path.slice(PACKAGE.length), 'index.js'), external: true }));
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === 'resolved') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolved' });
        if (resolved.path.startsWith(SRC)) return { errors: [{ text: `${relative(ROOT, args.importer)} imports ${relative(ROOT, resolved.path)}: load the built package instead` }] };
        return resolved;
      });
    },
  };
}

async function main(): Promise<void> {
  const lib = resolve(process.argv[2] ?? '');
  if (!process.argv[2] || !existsSync(join(lib, 'shared', 'load.js'))) throw new Error('usage: tsx tools/code-cache.ts <lib-dir>, after tools/bundle.ts');
  const bundles = readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bundle.js'));
  for (const bundle of bundles) rmSync(join(lib, cacheFileOf(bundle)), { force: true });

  const workload = join(WORK, 'workload.js');
  rmSync(WORK, { recursive: true, force: true });
  await build({
    entryPoints: [join(ROOT, 'tools', 'code-cache-workload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile: workload,
    plugins: [builtPackage(lib)],
    logLevel: 'warning',
  });
  // As users run the package: no loader hooks, no flags (V8 rejects a cache written under other flags).
  const { NODE_OPTIONS: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [workload, lib], { cwd: ROOT, env: { ...env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the code cache workload failed:\n${run.stdout}${run.stderr}`);
  const missing = bundles.filter((b) => !existsSync(join(lib, cacheFileOf(b))));
  if (missing.length > 0) throw new Error(`no code cache was written for ${missing.join(', ')}: is the workload run by the node that built lib/?`);
  rmSync(WORK, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
