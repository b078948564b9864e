// Bundles the package's JavaScript, run by `npm run build` after tsc has written the declarations:
//   tsx tools/bundle.ts <lib-dir>
// Each entry point (lib/index.js, lib/cdk8s/index.js, lib/pulumi/index.js, lib/validate/index.js,
// lib/cli.js) is one bundle holding its own modules, and every module they share is in one more,
// lib/shared/index.js, loaded once whichever entries a program imports: so the core's classes
// (L7ValidationError) are one class for all of them. Importing the cdk8s entry point reads the
// package's few files instead of about 50, which took a third off its import time.
// Each bundle is written as <entry>.bundle.js, and <entry>.js is a loader that runs it with the V8
// code cache tools/code-cache.ts writes once the build is complete (src/bundle-loader.ts).
import { build, type Plugin } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { bundleFileOf } from '../src/bundle-loader';

const SRC = join(__dirname, '..', 'src');

/** Where the shared modules are bundled, under lib/: one level down, as built-json.ts expects of its own file. */
const SHARED_FILE = join('shared', 'index.js');

/**
 * Each entry point: its source, where it is written under lib/, and the sources it owns (a name
 * ending in "/" owns a folder); every other module it imports is shared.
 */
const ENTRIES = [
  { source: 'index.ts', out: 'index.js', owns: ['index.ts'] },
  { source: 'cdk8s/index.ts', out: 'cdk8s/index.js', owns: ['cdk8s/'] },
  { source: 'pulumi/index.ts', out: 'pulumi/index.js', owns: ['pulumi/'] },
  // The other entry points only gather exports: a copy of one in the shared bundle (the CLI imports
  // the validator's) defines nothing twice.
  { source: 'validate/index.ts', out: 'validate/index.js', owns: ['validate/index.ts'] },
  { source: 'cli.ts', out: 'cli.js', owns: ['cli.ts', 'cli-size.ts'] },
] as const;

type Entry = (typeof ENTRIES)[number];

const owns = (entry: Entry, path: string) => entry.owns.some((o) => (o.endsWith('/') ? path.startsWith(o) : path === o));

/** Whether a source is in an entry point's folder (cdk8s/, pulumi/): those hold the classes users construct, so none may be in the shared bundle too. */
const inEntryFolder = (path: string) => ENTRIES.some((e) => e.owns.some((o) => o.endsWith('/') && path.startsWith(o)));

/** A source file as a key: its path under src/ with "/" and without ".ts" (`core/index`). */
const keyOf = (path: string) => path.replace(/\.ts$/, '');
/** A path relative to `from`, with "/" and a leading "./" or "../", as `require` takes it. */
const relativeModule = (from: string, to: string) => {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('../') ? path : `./${path}`;
};

const COMMON = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning', legalComments: 'none' } as const;

const namesByKey = new Map<string, Promise<string[]>>();

/** The names a source module exports as values (types have none at run time). */
function exportNames(key: string): Promise<string[]> {
  let names = namesByKey.get(key);
  if (!names) {
    names = build({ ...COMMON, format: 'esm', entryPoints: [join(SRC, `${key}.ts`)], write: false, metafile: true, outdir: 'unused' }).then(
      (result) => Object.values(result.metafile.outputs).flatMap((o) => o.exports),
    );
    namesByKey.set(key, names);
  }
  return names;
}

/**
 * Builds one entry point: its own modules inline, each shared module it imports replaced by that
 * module's exports in the shared bundle. Returns the keys of the shared modules it imports.
 */
async function buildEntry(lib: string, entry: Entry): Promise<Set<string>> {
  const shared = new Set<string>();
  const outfile = join(lib, entry.out);
  const sharedModule = JSON.stringify(relativeModule(dirname(outfile), join(lib, SHARED_FILE)));
  const plugin: Plugin = {
    name: 'shared-modules',
    setup(b) {
      // The shared bundle itself, as a stub requires it: loaded by Node at run time.
      b.onResolve({ filter: /.*/, namespace: 'shared' }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === 'resolved') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolved' });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const path = relativeModule(SRC, resolved.path).slice(2);
        if (owns(entry, path)) return { path: resolved.path };
        shared.add(keyOf(path));
        return { path: keyOf(path), namespace: 'shared' };
      });
      // The module's exports, read once from the shared bundle: an ES module, so the entry's code
      // calls them directly rather than through a copy of the namespace in each file that imports it.
      b.onLoad({ filter: /.*/, namespace: 'shared' }, async (args) => {
        const names = await exportNames(args.path);
        const contents = names.length === 0 ? '' : `const shared = require(${sharedModule})[${JSON.stringify(args.path)}];\nexport const { ${names.join(', ')} } = shared;\n`;
        return { contents, loader: 'js' };
      });
    },
  };
  await build({ ...COMMON, entryPoints: [join(SRC, entry.source)], outfile: bundleFileOf(outfile), plugins: [plugin] });
  writeLoader(lib, outfile);
  return shared;
}

/**
 * Builds the shared bundle: one lazily evaluated export per module an entry imports, so an entry
 * point only runs the modules it uses (the self-check's schema builder, for one, never runs in a built package).
 */
async function buildShared(lib: string, keys: ReadonlySet<string>): Promise<void> {
  const contents = [...keys]
    .sort()
    .map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(`./${key}.ts`)}) });`)
    .join('\n');
  const guard: Plugin = {
    name: 'no-entry-folder-modules',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === 'resolved') return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolved' });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const path = relativeModule(SRC, resolved.path).slice(2);
        if (inEntryFolder(path)) return { errors: [{ text: `${path} would be in two bundles: no module outside cdk8s/ and pulumi/ may import it` }] };
        return { path: resolved.path };
      });
    },
  };
  const outfile = join(lib, SHARED_FILE);
  await build({ ...COMMON, stdin: { contents, resolveDir: SRC, sourcefile: 'shared-modules.js', loader: 'js' }, outfile: bundleFileOf(outfile), plugins: [guard] });
  writeLoader(lib, outfile);
}

/**
 * Fails on a character outside ASCII in any JavaScript file the build wrote, which esbuild escapes in
 * strings but keeps in comments. V8 keeps a loaded file's source for as long as the process runs,
 * and one such character makes it two bytes per character: the shared bundle held 400 KB of the
 * 680 KB its import kept, instead of 200.
 */
function checkAscii(lib: string): void {
  for (const file of readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(lib, file), 'utf8');
    const at = text.search(/\P{ASCII}/u);
    if (at < 0) continue;
    const line = text.slice(0, at).split('\n').length;
    throw new Error(`${join(lib, file)}:${line}: ${JSON.stringify(text[at])} is not ASCII; write it as ASCII in the source (the file's source would take two bytes per character)`);
  }
}

/** Where src/bundle-loader.ts is built, beside the shared bundle. */
const LOADER_FILE = join('shared', 'load.js');

/**
 * Writes the file Node loads for a bundle: it runs the bundle, with the code cache when this V8
 * runs it. The bundle's first line (the CLI's `#!/usr/bin/env node`) and esbuild's note of its
 * export names for ES modules, which Node reads from the file it loads, move to the loader.
 */
function writeLoader(lib: string, file: string): void {
  const bundle = readFileSync(bundleFileOf(file), 'utf8');
  const shebang = /^#!.*\n/.exec(bundle)?.[0] ?? '';
  const exportNames = /\n(\/\/ Annotate the CommonJS export names for ESM import in node:\n0 && \(module\.exports = \{[^}]*\}\);\n)$/.exec(bundle)?.[1] ?? '';
  const loader = JSON.stringify(relativeModule(dirname(file), join(lib, LOADER_FILE)));
  writeFileSync(bundleFileOf(file), bundle.slice(shebang.length));
  writeFileSync(
    file,
    `${shebang}"use strict";\nrequire(${loader}).loadBundle(module, require, ${JSON.stringify(process.versions.v8)});\n${exportNames}`,
    { mode: shebang ? 0o755 : 0o644 },
  );
}

async function main(): Promise<void> {
  const lib = process.argv[2];
  if (!lib) throw new Error('usage: tsx tools/bundle.ts <lib-dir>');
  const keys = new Set<string>();
  await build({ ...COMMON, entryPoints: [join(SRC, 'bundle-loader.ts')], outfile: join(lib, LOADER_FILE) });
  for (const entry of ENTRIES) for (const key of await buildEntry(lib, entry)) keys.add(key);
  await buildShared(lib, keys);
  checkAscii(lib);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
