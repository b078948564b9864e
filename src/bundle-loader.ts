// Runs one bundle of the built package (lib/<entry>.bundle.js) for the small file Node loads in its
// place, with the V8 code cache the build wrote beside it (<entry>.bundle.cache): a process then
// reads the package's compiled functions instead of compiling them on first use. Node 20 keeps no
// compile cache of required files (Node 22's module.enableCompileCache does), and the package's
// fixed first-run cost is mostly compiling. tools/bundle.ts builds this file on its own, as
// lib/shared/load.js; nothing else imports it.
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** A bundle compiled with a vm Script in this process. */
export interface CompiledBundle {
  readonly file: string;
  readonly script: Script;
  /** Whether V8 took the bundle's code cache. */
  readonly cached: boolean;
}

/** The bundles this process compiled as vm Scripts: those with a cache, and all of them in the build's cache run. */
export const compiledBundles: CompiledBundle[] = [];

/** Set by tools/code-cache-workload.ts: every bundle is compiled as a vm Script, whose cache it then writes. */
export const cacheRun = { active: false };

export const cacheFileOf = (bundleFile: string): string => bundleFile.replace(/\.js$/, '.cache');

/** The cache, unless the bundle changed after it was written: V8 itself checks only the source's length. */
function cacheFor(bundleFile: string): Buffer | undefined {
  const cacheFile = cacheFileOf(bundleFile);
  const cache = statSync(cacheFile, { throwIfNoEntry: false });
  return cache && cache.mtimeMs >= statSync(bundleFile).mtimeMs ? readFileSync(cacheFile) : undefined;
}

/**
 * Runs `<name>.bundle.js`, beside `module`'s file, as that module: its `require`, `exports` and
 * `require.main` are the loader's. `v8` is the V8 version the cache was written by.
 */
export function loadBundle(module: NodeJS.Module, require: NodeJS.Require, name: string, v8: string): void {
  const file = join(dirname(module.filename), `${name}.bundle.js`);
  const source = readFileSync(file, 'utf8');
  const cachedData = process.versions.v8 === v8 ? cacheFor(file) : undefined;
  if (!cachedData && !cacheRun.active) {
    // Compiled as Node compiles any module: a vm Script without a cache compiles slower (3 ms more
    // for the shared bundle).
    (module as NodeJS.Module & { _compile(source: string, file: string): void })._compile(source, file);
    return;
  }
  const script = new Script(Module.wrap(source), cachedData ? { filename: file, cachedData } : { filename: file });
  compiledBundles.push({ file, script, cached: cachedData !== undefined && !script.cachedDataRejected });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, file, dirname(file));
}
