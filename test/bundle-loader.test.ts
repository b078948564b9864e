// The loader of the built package's bundles (src/bundle-loader.ts): a bundle runs as the module that
// loads it, and a code cache is used only when it belongs to the bundle and to this V8. That the
// packed package's own caches are taken is checked in consumer.test.ts.
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { test } from 'node:test';
import { bundleFileOf, cacheFileOf, cacheRun, compiledBundles, loadBundle, v8FlagsUnchanged, wrapBundle } from '../src/bundle-loader';
import { scratchDir } from './helpers';

const dir = scratchDir('bundle-loader-');
writeFileSync(join(dir, 'dep.js'), 'exports.value = 41;\n');

let bundles = 0;
/** A bundle of its own source (V8 also caches compiled scripts in memory, by source), and the module that loads it. */
function bundle(answer: number): { file: string; source: string; load: (v8?: string) => Record<string, unknown> } {
  const loaderFile = join(dir, `b${++bundles}.js`);
  const file = bundleFileOf(loaderFile);
  const source = `exports.answer = require('./dep.js').value + ${answer};\nexports.file = __filename;\nexports.dir = __dirname;\nexports.self = this === module.exports;\n`;
  writeFileSync(file, source);
  const load = (v8 = process.versions.v8) => {
    const module = new Module(loaderFile);
    module.filename = loaderFile;
    loadBundle(module, createRequire(module.filename), v8);
    return module.exports as Record<string, unknown>;
  };
  return { file, source, load };
}

/** The cache V8 writes for `source` as the loader compiles it. */
function writeCache(file: string, source: string): void {
  const script = new Script(wrapBundle(source), { filename: file });
  script.runInThisContext();
  writeFileSync(cacheFileOf(file), script.createCachedData());
}

const lastCompiled = () => compiledBundles[compiledBundles.length - 1];

/** Loads a bundle and reports whether the loader compiled it as a vm Script (the only way to hand V8 a cache). */
function loadCounted(load: () => Record<string, unknown>): { exports: Record<string, unknown>; asScript: boolean } {
  const before = compiledBundles.length;
  const exports = load();
  return { exports, asScript: compiledBundles.length > before };
}

test('without a cache, a bundle runs as the module that loads it, compiled by Node: its exports, require, __filename and __dirname', () => {
  const b = bundle(1);
  assert.deepEqual(loadCounted(() => b.load()), { exports: { answer: 42, file: b.file, dir, self: true }, asScript: false });
});

test("in the build's cache run, a bundle is compiled as a vm Script, whose cache V8 then takes", () => {
  const b = bundle(2);
  cacheRun.active = true;
  try {
    assert.deepEqual(loadCounted(() => b.load()), { exports: { answer: 43, file: b.file, dir, self: true }, asScript: true });
  } finally {
    cacheRun.active = false;
  }
  const compiled = lastCompiled();
  assert.equal(compiled?.file, b.file);
  assert.equal(compiled?.cached, false);
  writeFileSync(cacheFileOf(b.file), compiled.script.createCachedData());
  const past = new Date(Date.now() - 60_000);
  utimesSync(b.file, past, past);
  // This process's own options decide whether a cache is read (NODE_OPTIONS may hold a V8 flag).
  const usable = v8FlagsUnchanged(process.execArgv, process.env.NODE_OPTIONS);
  assert.deepEqual(loadCounted(() => b.load()), { exports: { answer: 43, file: b.file, dir, self: true }, asScript: usable });
  if (usable) assert.equal(lastCompiled()?.cached, true);
});

test("a cache is read only while Node's options leave V8's flags as the build ran them", () => {
  assert.equal(v8FlagsUnchanged([]), true);
  assert.equal(v8FlagsUnchanged(['--require', '/x/preflight.cjs', '--import', 'file:///x/loader.mjs', '--enable-source-maps']), true);
  assert.equal(v8FlagsUnchanged(['--input-type=module', '-e', 'console.log(1)']), true);
  assert.equal(v8FlagsUnchanged([], '--no-warnings  --enable-source-maps'), true);
  assert.equal(v8FlagsUnchanged(['--import', 'tsx', '--test-concurrency=2', '--test-reporter', 'tap', '--watch-path=src']), true);
  assert.equal(v8FlagsUnchanged(['--cpu-prof', '--cpu-prof-dir=/tmp/p', '--heap-prof-interval', '512']), true);
  assert.equal(v8FlagsUnchanged(['--testing-flag-of-v8']), false);
  assert.equal(v8FlagsUnchanged(['--cpu-profiler-sampling-interval=100']), false);
  assert.equal(v8FlagsUnchanged(['--max-old-space-size=4096']), false);
  assert.equal(v8FlagsUnchanged(['--stack-size', '2000']), false);
  assert.equal(v8FlagsUnchanged(['--expose-gc', '-r', 'x']), false);
  assert.equal(v8FlagsUnchanged([], '--max-old-space-size=4096'), false);
  assert.equal(v8FlagsUnchanged(['--import', 'tsx'], '--enable-source-maps --max-semi-space-size=64'), false);
});

test('a bundle edited after its cache was written runs the edit, compiled from source', () => {
  const b = bundle(3);
  writeCache(b.file, b.source);
  // The same length, so V8's own check (the source's length) would take the stale cache.
  const edited = b.source.replace('+ 3;', '+ 4;');
  assert.equal(edited.length, b.source.length);
  writeFileSync(b.file, edited);
  const later = new Date(Date.now() + 60_000);
  utimesSync(b.file, later, later);
  assert.deepEqual(loadCounted(() => b.load()), { exports: { answer: 45, file: b.file, dir, self: true }, asScript: false });
});

test('a cache V8 rejects is not used, and the bundle still runs', () => {
  const b = bundle(5);
  writeFileSync(cacheFileOf(b.file), Buffer.alloc(256, 7));
  const past = new Date(Date.now() - 60_000);
  utimesSync(b.file, past, past);
  const usable = v8FlagsUnchanged(process.execArgv, process.env.NODE_OPTIONS);
  const { exports, asScript } = loadCounted(() => b.load());
  assert.equal(exports.answer, 46);
  assert.equal(asScript, usable, 'a cache is handed to V8 only when this process could use one');
  if (usable) {
    assert.equal(lastCompiled()?.script.cachedDataRejected, true);
    assert.equal(lastCompiled()?.cached, false);
  }
});

test('under another V8 the bundle is compiled by Node, its cache unread', () => {
  const b = bundle(6);
  writeCache(b.file, b.source);
  const past = new Date(Date.now() - 60_000);
  utimesSync(b.file, past, past);
  assert.deepEqual(loadCounted(() => b.load('0.0.0-other')), { exports: { answer: 47, file: b.file, dir, self: true }, asScript: false });
});
