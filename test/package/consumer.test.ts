// The packed package (`npm pack`) as users get it, compiled and run in the projects of
// test/fixtures/consumers: every module resolution TypeScript offers, CommonJS and ES modules.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { planL7Logging } from '../../src/core';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
// Inside the repository, so the consumers find the peer packages (cdk8s, Pulumi) in its node_modules,
// offline; the package itself is only in the scratch folder's node_modules, unpacked from the tarball.
const scratch = mkdtempSync(join(root, '.tmp-consumer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const tsc5 = join(root, 'node_modules', 'typescript5', 'bin', 'tsc');
const tsc6 = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Whether lib/ was built after the last change under src/ (`npm test` builds it before the tests run). */
function libIsFresh(): boolean {
  const built = join(root, 'lib', 'index.d.ts');
  if (!existsSync(built)) return false;
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(root, 'src', f)).mtimeMs);
  return statSync(built).mtimeMs >= Math.max(...sources);
}

before(() => {
  if (!libIsFresh()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root });
  const packed = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
  assert.ok(packed, 'npm pack printed no file name');
  const target = join(scratch, 'node_modules', 'calico-l7-logging');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', join(scratch, packed), '-C', target, '--strip-components=1']);
  cpSync(join(root, 'test', 'fixtures', 'consumers'), scratch, { recursive: true });
  // A package scope of its own: else Node resolves `calico-l7-logging` in the consumers to this
  // repository (a package may require itself by name), not to the unpacked tarball.
  writeFileSync(join(scratch, 'package.json'), '{ "private": true }\n');
});

const project = (name: string) => join(scratch, name);

/** Runs node in `cwd`; a failure reports what the command printed (tsc prints its errors on stdout). */
async function node(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    assert.fail(`${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

function synthesized(dir: string): Record<string, unknown>[] {
  return readdirSync(dir).flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>));
}

const annotationsOf = (objects: Record<string, unknown>[], kind: string, name: string) =>
  (objects.find((o) => o.kind === kind && (o.metadata as { name: string }).name === name)?.metadata as { annotations?: Record<string, string> } | undefined)
    ?.annotations;

describe('the packed package in consumer projects', { concurrency: true }, () => {
  test('the tarball ships compiled code and declarations, no source maps and no sources', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: join(scratch, 'node_modules', 'calico-l7-logging'), encoding: 'utf8' }).split('\n');
    assert.ok(files.includes('./lib/cdk8s/index.d.ts'));
    assert.ok(files.includes('./lib/cli.js'));
    assert.ok(files.includes('./lib/core/l7-logging.js'), 'the package is what tsc writes, one module per source');
    assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts')), []);
  });

  test('a stock cdk8s app (CommonJS, node10 resolution, lib es2016, no skipLibCheck, cdk8s-plus-33) compiles and synthesizes', async () => {
    const dir = project('cdk8s-stock');
    await node(dir, [tsc5, '-p', '.']);
    const { stderr } = await node(dir, [join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--compiler', 'typescript5', 'main.ts']);
    assert.match(stderr, /selected: default\/consumer-frontend-c8\w+, shop\/cartservice/);
    assert.match(stderr, /rejected: logIntervalSeconds/);
    const objects = synthesized(join(dir, 'dist'));
    const service = objects.find((o) => o.kind === 'Service' && (o.metadata as { name: string }).name.startsWith('consumer-frontend'));
    assert.equal((service?.metadata as { annotations: Record<string, string> }).annotations['projectcalico.org/l7-logging'], 'true');
    assert.equal(annotationsOf(objects, 'Service', 'checkout')?.['projectcalico.org/l7-logging'], 'true');
    assert.ok(objects.some((o) => o.kind === 'ApplicationLayer'));
  });

  test('an ES module app (nodenext resolution, cdk8s-plus-27) compiles and runs', async () => {
    const dir = project('cdk8s-esm');
    await node(dir, [tsc6, '-p', '.']);
    const { stderr } = await node(dir, ['out/main.js']);
    assert.match(stderr, /newest known: 3\.\d+; schema errors: 0/);
    const objects = synthesized(join(dir, 'dist'));
    assert.ok(objects.some((o) => o.kind === 'DaemonSet'));
    const web = objects.find((o) => o.kind === 'Service');
    assert.equal((web?.metadata as { annotations: Record<string, string> }).annotations['projectcalico.org/l7-logging'], 'true');
  });

  test('a stock Pulumi program (CommonJS, node10 resolution) compiles and registers its resources under mocks', async () => {
    const dir = project('pulumi-stock');
    await node(dir, [tsc5, '-p', '.']);
    const { stdout } = await node(dir, ['mocks.js']);
    const lines = stdout.trim().split('\n');
    assert.ok(lines.includes('calico-l7-logging:index:L7Logging prod'), stdout);
    assert.ok(lines.some((l) => l.startsWith('kubernetes:core/v1:ServicePatch ')), stdout);
    assert.ok(lines.some((l) => l.startsWith('kubernetes:operator.tigera.io/v1:ApplicationLayerPatch ')), stdout);
  });

  test('the packed package renders the same objects as the sources', async () => {
    const props = { calicoVersion: '3.10', collector: 'daemonset', services: [{ name: 'web' }] };
    const script = [
      "const { App, Chart } = require('cdk8s');",
      "const { L7Logging } = require('calico-l7-logging/cdk8s');",
      `const l7 = new L7Logging(new Chart(new App(), 'c'), 'l7', ${JSON.stringify(props)});`,
      'console.log(JSON.stringify(l7.plan.objects));',
    ].join('\n');
    const { stdout } = await node(scratch, ['-e', script]);
    assert.deepEqual(JSON.parse(stdout), JSON.parse(JSON.stringify(planL7Logging(props as Parameters<typeof planL7Logging>[0]).objects)));
  });

  test('every entry point shares one core: one L7ValidationError class, caught by the class of any entry', async () => {
    const script = [
      "const entries = ['calico-l7-logging', 'calico-l7-logging/cdk8s', 'calico-l7-logging/pulumi'].map((e) => require(e));",
      "const { App, Chart } = require('cdk8s');",
      'let caught;',
      "try { new entries[1].L7Logging(new Chart(new App(), 'c'), 'l7', { calicoVersion: 'nope' }); } catch (e) { caught = e; }",
      'console.log(JSON.stringify({',
      '  same: entries.every((e) => e.L7ValidationError === entries[0].L7ValidationError),',
      '  caught: caught instanceof entries[0].L7ValidationError && caught instanceof entries[2].L7ValidationError,',
      '}));',
    ].join('\n');
    const { stdout } = await node(scratch, ['-e', script]);
    assert.deepEqual(JSON.parse(stdout), { same: true, caught: true });
  });

  test('the calico-l7 command runs directly and through node', async () => {
    const cli = join(scratch, 'node_modules', 'calico-l7-logging', 'lib', 'cli.js');
    const args = ['size', '--nodes', '3', '--retention-days', '2', '--requests-per-second', '400'];
    const viaNode = await node(scratch, [cli, ...args]);
    assert.match(viaNode.stdout, /\d+ GB/);
    const direct = await run(cli, args, { cwd: scratch, encoding: 'utf8' });
    assert.equal(direct.stdout, viaNode.stdout);
  });

  test('an ES module sees every named export of each entry point, as CommonJS does', async () => {
    const entries = ['calico-l7-logging', 'calico-l7-logging/cdk8s', 'calico-l7-logging/pulumi', 'calico-l7-logging/validate'];
    const script = [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      `const entries = ${JSON.stringify(entries)};`,
      'const out = {};',
      "for (const e of entries) out[e] = { esm: Object.keys(await import(e)).filter((k) => k !== 'default' && k !== '__esModule').sort(), cjs: Object.keys(require(e)).filter((k) => k !== '__esModule').sort() };",
      'console.log(JSON.stringify(out));',
    ].join('\n');
    const { stdout } = await node(scratch, ['--input-type=module', '-e', script]);
    const out = JSON.parse(stdout) as Record<string, { esm: string[]; cjs: string[] }>;
    for (const e of entries) {
      assert.ok((out[e]?.cjs.length ?? 0) > 0, e);
      assert.deepEqual(out[e]?.esm, out[e]?.cjs, e);
    }
  });

  test('calico-l7 validate knows Argo CD and Flux kinds from the CRDs the package ships', async () => {
    const file = join(scratch, 'kustomization.yaml');
    const kustomization = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'l7', namespace: 'flux-system' } };
    writeFileSync(file, JSON.stringify({ ...kustomization, spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } } }));
    const cli = join(scratch, 'node_modules', 'calico-l7-logging', 'lib', 'cli.js');
    await node(scratch, [cli, 'validate', file]);
    writeFileSync(file, JSON.stringify({ ...kustomization, spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' }, dependOn: [] } }));
    const failed = await run(process.execPath, [cli, 'validate', file], { cwd: scratch, encoding: 'utf8' }).then(
      () => assert.fail('an unknown field passed'),
      (e: { stdout: string }) => e.stdout,
    );
    assert.match(failed, /unknown field "dependOn"/);
  });

  test('a bundler project (moduleResolution bundler) type-checks against the validator', async () => {
    await node(project('bundler'), [tsc6, '-p', '.']);
  });
});
