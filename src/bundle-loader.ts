// Runs one bundle of the built package (lib/<entry>.bundle.js) for the small file Node loads in its
// place, with the V8 code cache the build wrote beside it (<entry>.bundle.cache): a process then
// reads the package's compiled functions instead of compiling them on first use. Node 20 keeps no
// compile cache of required files (Node 22's module.enableCompileCache does), and the package's
// fixed first-run cost is mostly compiling. tools/bundle.ts builds this file on its own, as
// lib/shared/load.js; nothing else imports it.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** The bundle a loader (`<entry>.js`) runs: `<entry>.bundle.js`, beside it. */
export const bundleFileOf = (loaderFile: string): string => loaderFile.replace(/\.js$/, '.bundle.js');
/** A bundle's code cache: `<entry>.bundle.cache`. */
export const cacheFileOf = (bundleFile: string): string => bundleFile.replace(/\.js$/, '.cache');

/**
 * A bundle's source as the function the loader calls with CommonJS's five arguments; its head adds
 * no line, so stack traces keep the bundle's line numbers. (Node's `Module.wrap` does the same, but
 * loading `node:module` took 1.4 ms.)
 */
export const wrapBundle = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;

/**
 * Options of Node's own, which leave V8's flags as the build ran them. Any other option may be a V8
 * flag (`--max-old-space-size`, `--stack-size`): V8 rejects a cache written under other flags, and
 * compiling after a rejection made the import 6 ms slower than leaving the bundle to Node.
 */
const NODE_OPTIONS_KEEPING_V8_FLAGS = new Set([
  ...['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '-e', '--eval', '-p', '--print', '--input-type'],
  ...['--enable-source-maps', '--inspect', '--inspect-brk', '--inspect-port', '--inspect-wait', '--env-file', '--title', '--unhandled-rejections'],
  ...['--no-warnings', '--no-deprecation', '--trace-warnings', '--trace-deprecation', '--pending-deprecation', '--throw-deprecation', '--redirect-warnings'],
  ...['--preserve-symlinks', '--preserve-symlinks-main', '--experimental-vm-modules', '--experimental-specifier-resolution', '--experimental-detect-module'],
  ...['--experimental-require-module', '--experimental-default-type', '--experimental-import-meta-resolve', '--dns-result-order', '--use-openssl-ca'],
]);

/**
 * Node's own families of options: the test runner's, watch mode's and the profilers'
 * (`--test-concurrency`, `--watch-path`, `--cpu-prof-dir`, `--heap-prof`). V8 takes the cache under
 * the profilers, so a profile shows the package as it runs.
 */
const NODE_OPTION_FAMILIES = /^--(test|watch|cpu-prof|heap-prof)(-|=|$)/;

/** Whether Node runs with no option that may change V8's flags: in its arguments (values skipped) or NODE_OPTIONS. */
export function v8FlagsUnchanged(execArgv: readonly string[], nodeOptions = ''): boolean {
  const options = [...execArgv, ...nodeOptions.split(/\s+/)].filter((a) => a.startsWith('-'));
  return options.every((o) => NODE_OPTIONS_KEEPING_V8_FLAGS.has(o.split('=', 1)[0] ?? o) || NODE_OPTION_FAMILIES.test(o));
}

const cacheUsable = v8FlagsUnchanged(process.execArgv, process.env.NODE_OPTIONS);

/** The cache, unless the bundle changed after it was written: V8 itself checks only the source's length. */
function cacheFor(bundleFile: string): Buffer | undefined {
  const cacheFile = cacheFileOf(bundleFile);
  const cache = statSync(cacheFile, { throwIfNoEntry: false });
  return cache && cache.mtimeMs >= statSync(bundleFile).mtimeMs ? readFileSync(cacheFile) : undefined;
}

/**
 * Runs the bundle of the loader `module` as that module: its `require`, `exports` and
 * `require.main` are the loader's. `v8` is the V8 version the cache was written by; the cache is
 * used only under that V8, with its flags as the build ran them.
 */
export function loadBundle(module: NodeJS.Module, require: NodeJS.Require, v8: string): void {
  const file = bundleFileOf(module.filename);
  const source = readFileSync(file, 'utf8');
  const cachedData = process.versions.v8 === v8 && cacheUsable ? cacheFor(file) : undefined;
  if (!cachedData && !cacheRun.active) {
    // Compiled as Node compiles any module: a vm Script without a cache compiles slower (3 ms more
    // for the shared bundle).
    (module as NodeJS.Module & { _compile(source: string, file: string): void })._compile(source, file);
    return;
  }
  const script = new Script(wrapBundle(source), cachedData ? { filename: file, cachedData } : { filename: file });
  compiledBundles.push({ file, script, cached: cachedData !== undefined && !script.cachedDataRejected });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, file, dirname(file));
}
