// The loader of the built package's bundles (src/bundle-loader.ts): a bundle runs as the module that
// loads it, and a code cache is used only when it belongs to the bundle and to this V8. That the
// packed package's own caches are taken is checked in consumer.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { after, test } from 'node:test';
import { cacheFileOf, compiledBundles, loadBundle } from '../src/bundle-loader';

const dir = mkdtempSync(join(tmpdir(), 'bundle-loader-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'dep.js'), 'exports.value = 41;\n');

let bundles = 0;
/** A bundle of its own source (V8 also caches compiled scripts in memory, by source), and the module that loads it. */
function bundle(answer: number): { name: string; file: string; source: string; load: (v8?: string) => Record<string, unknown> } {
  const name = `b${++bundles}`;
  const file = join(dir, `${name}.bundle.js`);
  const source = `exports.answer = require('./dep.js').value + ${answer};\nexports.file = __filename;\nexports.dir = __dirname;\nexports.self = this === module.exports;\n`;
  writeFileSync(file, source);
  const load = (v8 = process.versions.v8) => {
    const module = new Module(join(dir, `${name}.js`));
    module.filename = join(dir, `${name}.js`);
    loadBundle(module, createRequire(module.filename), name, v8);
    return module.exports as Record<string, unknown>;
  };
  return { name, file, source, load };
}

/** The cache V8 writes for `source` as the loader compiles it. */
function writeCache(file: string, source: string): void {
  const script = new Script(Module.wrap(source), { filename: file });
  script.runInThisContext();
  writeFileSync(cacheFileOf(file), script.createCachedData());
}

const lastCompiled = () => compiledBundles[compiledBundles.length - 1];

test('a bundle runs as the module that loads it: its exports, require, __filename and __dirname', () => {
  const b = bundle(1);
  assert.deepEqual(b.load(), { answer: 42, file: b.file, dir, self: true });
  assert.equal(lastCompiled()?.file, b.file);
  assert.equal(lastCompiled()?.cached, false, 'no cache file: compiled from source');
});

test('a bundle edited after its cache was written runs the edit, compiled from source', () => {
  const b = bundle(2);
  writeCache(b.file, b.source);
  // The same length, so V8's own check (the source's length) would take the stale cache.
  const edited = b.source.replace('+ 2;', '+ 3;');
  assert.equal(edited.length, b.source.length);
  writeFileSync(b.file, edited);
  const later = new Date(Date.now() + 60_000);
  utimesSync(b.file, later, later);
  assert.equal(b.load().answer, 44);
  assert.equal(lastCompiled()?.cached, false);
});

test('a cache V8 rejects is not used, and the bundle still runs', () => {
  const b = bundle(4);
  writeFileSync(cacheFileOf(b.file), Buffer.alloc(256, 7));
  const past = new Date(Date.now() - 60_000);
  utimesSync(b.file, past, past);
  assert.equal(b.load().answer, 45);
  assert.equal(lastCompiled()?.script.cachedDataRejected, true);
  assert.equal(lastCompiled()?.cached, false);
});

test('under another V8 the bundle is compiled as Node compiles any module, its cache unread', () => {
  const b = bundle(5);
  writeFileSync(cacheFileOf(b.file), Buffer.alloc(256, 7));
  const before = compiledBundles.length;
  assert.deepEqual(b.load('0.0.0-other'), { answer: 46, file: b.file, dir, self: true });
  assert.equal(compiledBundles.length, before, 'not compiled as a vm Script');
});
