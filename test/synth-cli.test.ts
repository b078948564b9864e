import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { validateFiles } from '../src/validate';

// A throwaway cdk8s project inside the repository, so it resolves the repository's packages.
const root = join(__dirname, '..');
const project = mkdtempSync(join(root, '.tmp-synth-'));
after(() => rmSync(project, { recursive: true, force: true }));

function synth(appSource: string) {
  writeFileSync(join(project, 'main.ts'), appSource);
  writeFileSync(join(project, 'cdk8s.yaml'), 'language: typescript\napp: npx tsx main.ts\noutput: .cdk8s-staging\n');
  return spawnSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
}

const app = (props: string) => `
import { App, Chart } from 'cdk8s';
import { L7Logging, synthAtomically } from '../src/cdk8s';
const app = new App();
new L7Logging(new Chart(app, 'good'), 'l7', { services: [{ name: 'cartservice' }] });
new L7Logging(new Chart(app, 'other'), 'l7', ${props});
synthAtomically(app, 'dist');
`;

test('a synth with one invalid construct exits non-zero, names the problem and leaves dist/ untouched', () => {
  const ok = synth(app('{}'));
  assert.equal(ok.status, 0, ok.stderr);
  const before = Object.fromEntries(readdirSync(join(project, 'dist')).map((f) => [f, readFileSync(join(project, 'dist', f), 'utf8')]));
  assert.deepEqual(Object.keys(before).sort(), ['good-felix.k8s.yaml', 'good-traffic.k8s.yaml', 'good.k8s.yaml', 'other-felix.k8s.yaml', 'other.k8s.yaml']);

  const bad = synth(app("{ logIntervalSeconds: 0, felix: { l7LogsFlushInterval: 'soon' } }"));
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /L7Logging other\/l7: invalid props/);
  assert.match(bad.stderr, /logIntervalSeconds: got 0/);
  const afterward = Object.fromEntries(readdirSync(join(project, 'dist')).map((f) => [f, readFileSync(join(project, 'dist', f), 'utf8')]));
  assert.deepEqual(afterward, before);
});

test('a successful synth replaces dist/ as a whole', () => {
  mkdirSync(join(project, 'dist'), { recursive: true });
  writeFileSync(join(project, 'dist', 'stale.k8s.yaml'), 'stale');
  const ok = synth(app("{ collector: 'daemonset' }"));
  assert.equal(ok.status, 0, ok.stderr);
  // Daemonset mode always has a traffic phase: Felix's transparent proxy waits for the collector.
  assert.deepEqual(readdirSync(join(project, 'dist')).sort(), ['good-felix.k8s.yaml', 'good-traffic.k8s.yaml', 'good.k8s.yaml', 'other-felix.k8s.yaml', 'other-traffic-felix.k8s.yaml', 'other-traffic.k8s.yaml', 'other.k8s.yaml']);
  assert.match(readFileSync(join(project, 'dist', 'other.k8s.yaml'), 'utf8'), /kind: DaemonSet/);
});

test('run directly, synthAtomically moves the staging directory into place and leaves nothing beside it', () => {
  const dir = mkdtempSync(join(root, '.tmp-direct-'));
  try {
    writeFileSync(
      join(dir, 'main.ts'),
      `import { App, Chart } from 'cdk8s';
import { L7Logging, synthAtomically } from '../src/cdk8s';
const app = new App({ outdir: '.dist-staging' });
new L7Logging(new Chart(app, 'prod-eu1'), 'l7', { services: [{ name: 'cartservice' }] });
synthAtomically(app, 'dist/');
`,
    );
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['dist', 'main.ts']);
    assert.deepEqual(readdirSync(join(dir, 'dist')).sort(), ['prod-eu1-felix.k8s.yaml', 'prod-eu1-traffic.k8s.yaml', 'prod-eu1.k8s.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the repository's own cdk8s.yaml: `cdk8s synth` writes the same manifests as `npm run synth`", () => {
  const viaCli = mkdtempSync(join(root, '.tmp-cdk8s-synth-'));
  try {
    const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
    const cli = spawnSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', viaCli], { cwd: root, encoding: 'utf8', env });
    assert.equal(cli.status, 0, cli.stderr);
    const direct = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['examples/main.ts'], { cwd: root, encoding: 'utf8', env });
    assert.equal(direct.status, 0, direct.stderr);
    const read = (dir: string) =>
      Object.fromEntries(
        readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      );
    const written = read(join(root, 'dist'));
    assert.ok(Object.keys(written).length >= 10, Object.keys(written).join());
    assert.deepEqual(read(viaCli), written);
    // Its clusters run 3.10, 3.23 and 3.24: one run checks each file against the CRDs of its release.
    const report = validateFiles([join(root, 'dist')], { releases: join(root, 'calico-releases.yaml') });
    assert.deepEqual(report.errors, []);
    assert.equal(report.files.length, Object.keys(written).filter((f) => !f.includes('/')).length);
  } finally {
    rmSync(viaCli, { recursive: true, force: true });
  }
});
