import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { main } from '../src/cli';
import { planL7Logging } from '../src/core';
import { scratchDir } from './helpers';

/** Runs the CLI in-process and returns its exit status and output. */
function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            properties:
              mode: {type: string, pattern: '^(?i)(Enabled|Disabled)?$'}
`;

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\n  annotations: {projectcalico.org/l7-logging: "true"}\n';
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\nspec: {mode: enabled}\n';

/** A directory with the Widget CRD in crds/ and manifests in manifests/ (`bad` adds a failing file). */
function fixture(bad: boolean): { crds: string; manifests: string } {
  const dir = scratchDir('calico-l7-cli-');
  const crds = join(dir, 'crds');
  const manifests = join(dir, 'manifests');
  mkdirSync(crds);
  mkdirSync(manifests);
  writeFileSync(join(crds, 'widget.yaml'), WIDGET_CRD);
  writeFileSync(join(manifests, 'a.yaml'), `${SERVICE}---\n${WIDGET}`);
  if (bad) writeFileSync(join(manifests, 'b.yml'), `${WIDGET}---\n${WIDGET.replace('mode: enabled', 'mode: Sometimes, size: 3')}`);
  return { crds, manifests };
}

test('exit 0 when every document matches, with a summary', () => {
  const { crds, manifests } = fixture(false);
  const r = run('validate', manifests, '--crds', crds);
  assert.deepEqual(r, { status: 0, stdout: 'OK: 2 documents in 1 file match their schemas\n', stderr: '' });
});

test('exit 1 with one line per error, file:line:column: doc N: Kind/ns/name: /path: message, on stdout only', () => {
  const { crds, manifests } = fixture(true);
  const r = run('validate', manifests, '--crds', crds);
  const b = join(manifests, 'b.yml');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      `${b}:9:8: doc 1: Widget/shop/w: /spec/mode: expected a string matching the pattern ^(?i)(Enabled|Disabled)?$; got "Sometimes"`,
      `${b}:9:25: doc 1: Widget/shop/w: /spec/size: unknown field "size": the API server would drop it`,
      'FAILED: 2 errors in 1 of 4 documents in 2 files',
      '',
    ].join('\n'),
  );
});

test('--json prints the results as JSON', () => {
  const { crds, manifests } = fixture(true);
  const r = run('validate', join(manifests, 'b.yml'), join(manifests, 'a.yaml'), '--json', '--crds', crds);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['ok', 'files', 'documents', 'errors']);
  assert.equal(out.ok, false);
  assert.deepEqual(out.files, [join(manifests, 'b.yml'), join(manifests, 'a.yaml')]);
  assert.equal(out.documents, 4);
  assert.deepEqual(out.errors[1], {
    file: join(manifests, 'b.yml'),
    document: 1,
    object: 'Widget/shop/w',
    path: '/spec/size',
    message: 'unknown field "size": the API server would drop it',
    line: 9,
    column: 25,
  });
  const good = fixture(false);
  const ok = run('validate', good.manifests, '--crds', good.crds, '--json');
  assert.equal(ok.status, 0);
  assert.deepEqual(JSON.parse(ok.stdout), { ok: true, files: [join(good.manifests, 'a.yaml')], documents: 2, errors: [] });
});

test('a custom resource without --crds fails: its kind has no schema', () => {
  const { manifests } = fixture(false);
  const r = run('validate', manifests);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /a\.yaml:9:1: doc 1: Widget\/shop\/w: \/kind: no schema for Widget in example\.com\/v1: /);
});

test('exit 2 with the usage on stderr for bad usage', () => {
  const { crds, manifests } = fixture(false);
  const cases: [string[], RegExp][] = [
    [['validate', manifests, '--strict'], /^calico-l7: Unknown option '--strict'/],
    [['validate'], /^calico-l7: no files or directories to validate/],
    [[], /^calico-l7: no command given/],
    [['check', manifests], /^calico-l7: unknown command "check"/],
    [['validate', join(manifests, 'missing.yaml')], /^calico-l7: .*missing\.yaml: no such file or directory/],
    [['validate', crds, '--crds', manifests], /^calico-l7: .*manifests: no CustomResourceDefinition found/],
    [['validate', manifests, '--crds'], /^calico-l7: Option '--crds <value>' argument missing/],
    [['validate', manifests, '--calico-version', '3.25'], /^calico-l7: --calico-version: got "3\.25"; expected a release this package knows: 3\.9, .*, 3\.24 /],
    [['validate', manifests, '--calico-version', 'latest'], /^calico-l7: --calico-version: got "latest"; expected a Calico Enterprise version/],
  ];
  for (const [argv, message] of cases) {
    const r = run(...argv);
    assert.equal(r.status, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.match(r.stderr, /\nusage: calico-l7 validate <file\|dir>\.\.\. \[--calico-version <x\.y>\] \[--releases <file>\] \[--crds <file\|dir>\]\.\.\. \[--json\]\n/);
    assert.equal(r.stderr.split('\n').length, 4, 'one line of error, one of usage, one pointing at --help');
  }
  const empty = scratchDir('calico-l7-cli-');
  assert.match((run('validate', empty)).stderr, /no \*\.yaml, \*\.yml, \*\.json files/);
});

test('--help prints the usage on stdout', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: calico-l7 validate/);
});

test('run as a program, it exits with the status', () => {
  const { manifests } = fixture(false);
  const cli = join(__dirname, '..', 'src', 'cli.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'validate', manifests], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /FAILED: 1 error in 1 of 2 documents in 1 file\n$/);
});

const FELIX = `apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  policySyncPathPrefix: /var/run/nodeagent
  l7LogsFlushInterval: 5 minutes
`;
const APPLICATION_LAYER = `apiVersion: operator.tigera.io/v1
kind: ApplicationLayer
metadata:
  name: tigera-secure
spec:
  logCollection: {collectLogs: Enabled}
  sidecarInjection: Enabled
`;

test('--calico-version checks the Calico kinds offline against the CRDs of that release', () => {
  const dir = scratchDir('calico-l7-cli-');
  const good = join(dir, 'good.yaml');
  writeFileSync(good, `${FELIX.replace('5 minutes', '5m0s')}---\n${APPLICATION_LAYER}---\n${SERVICE}`);
  assert.deepEqual(run('validate', good, '--calico-version', '3.23'), {
    status: 0,
    stdout: 'OK: 3 documents in 1 file match their schemas\n',
    stderr: '',
  });
  // Sidecar injection is not a field of the 3.19 ApplicationLayer; the bad duration is wrong in any release.
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, `${FELIX}---\n${APPLICATION_LAYER}`);
  const r = run('validate', bad, '--calico-version', '3.19');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.match(lines[0] ?? '', new RegExp(`^${bad}:7:3: doc 0: FelixConfiguration/default: /spec/l7LogsFlushInterval: expected a string matching`));
  assert.match(lines[1] ?? '', new RegExp(`^${bad}:15:3: doc 1: ApplicationLayer/tigera-secure: /spec/sidecarInjection: unknown field "sidecarInjection"`));
  // The cluster's own CRD wins over the built-in schema of its kind.
  const crdDir = scratchDir('calico-l7-cli-');
  writeFileSync(join(crdDir, 'felix.yaml'), WIDGET_CRD.replace(/widgets\.example\.com/, 'felixconfigurations.projectcalico.org').replace('group: example.com', 'group: projectcalico.org').replace('{kind: Widget, plural: widgets}', '{kind: FelixConfiguration, plural: felixconfigurations}').replace('name: v1', 'name: v3'));
  const withCrd = run('validate', bad, '--calico-version', '3.19', '--crds', crdDir);
  assert.match(withCrd.stdout, /FelixConfiguration\/default: \/spec\/policySyncPathPrefix: unknown field/);
});

test('a YAML error is reported at its line and column', () => {
  const dir = scratchDir('calico-l7-cli-');
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, `${SERVICE}---\napiVersion: v1\nkind: [Service\n`);
  const r = run('validate', file);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`^${file}:\\d+:\\d+: doc 1: not valid YAML: `, 'm'));
});

test('hostile or ambiguous manifests: each an exit 1 with a one-line error at its position, never a crash or raw escape bytes', () => {
  const dir = scratchDir('calico-l7-cli-');
  const cases: [string, string, RegExp][] = [
    ['bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`)].join('\n'), /excessive aliasing/],
    ['bad.json', '{"apiVersion": "v1", "kind": ', /:1:\d+: doc 0: not valid JSON: /],
    ['comma.json', '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"},}', /:1:69: doc 0: not valid JSON: Expected double-quoted property name/],
    ['inf.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nbinaryData: {}\ndata: {a: .inf}\n', /:5:\d+: doc 0: \/data\/a: \.inf is a YAML number JSON cannot hold/],
    ['empty.yaml', '', /: doc 0: no documents: the file is empty/],
    ['yes.yaml', `${SERVICE}spec:\n  ports: [{port: yes}]\n`, /:8:\d+: doc 0: Service\/shop\/cart: \/spec\/ports\/0\/port: expected integer; got true/],
    ['ctrl.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  "\\e[31mred": v\n', /a key with control characters, "\\u001b\[31mred"/],
  ];
  for (const [name, text, expected] of cases) {
    writeFileSync(join(dir, name), text);
    const r = run('validate', join(dir, name));
    assert.equal(r.status, 1, name);
    assert.equal(r.stderr, '', name);
    assert.match(r.stdout, expected, name);
    assert.ok(!r.stdout.includes(String.fromCharCode(0x1b)), `${name}: no raw escape byte`);
    assert.equal(r.stdout.trim().split('\n').length, 2, `${name}: one error line and the summary`);
  }
});

test('an empty file beside others is nothing to apply, as for kubectl (cdk8s writes one for a chart with no object); nothing at all is an error', () => {
  const dir = scratchDir('l7-cli-empty-');
  writeFileSync(join(dir, 'a-empty.yaml'), '');
  writeFileSync(join(dir, 'b-empty.yaml'), '---\n');
  const none = run('validate', dir);
  assert.equal(none.status, 1);
  assert.match(none.stdout, /a-empty\.yaml: doc 0: no documents in any of the 2 files: kubectl would refuse to apply them/);
  writeFileSync(join(dir, 'c.yaml'), `${SERVICE}spec:\n  ports: [{port: 80}]\n`);
  const some = run('validate', dir);
  assert.equal(some.status, 0, some.stdout);
  assert.match(some.stdout, /OK: 1 document in 3 files/);
});

test('--calico-version checks every mode of that release offline: sidecar workload patches, the Istio resource, waypoint Gateways, the eBPF switch', () => {
  const dir = scratchDir('l7-cli-modes-');
  const write = (name: string, objects: readonly unknown[]) => writeFileSync(join(dir, name), objects.map((o) => stringify(o)).join('---\n'));
  write('sidecar.yaml', planL7Logging({ calicoVersion: '3.24', platform: { kubernetesVersion: '1.30' }, workloads: [{ kind: 'Deployment', name: 'cart' }, { kind: 'CronJob', name: 'nightly' }] }).objects);
  write('waypoint.yaml', planL7Logging({ calicoVersion: '3.24', waypoints: [{ namespace: 'bookinfo' }] }).objects);
  write('ebpf.yaml', planL7Logging({ calicoVersion: '3.24', collector: 'ebpf', platform: { kernelVersion: '6.1' } }).objects);
  const ok = run('validate', dir, '--calico-version', '3.24');
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /^OK: 8 documents in 3 files match their schemas/);
  // A whole workload still needs its selector: only a pod-template patch (no pod spec) is a patch.
  write('whole.yaml', [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }]);
  const whole = run('validate', join(dir, 'whole.yaml'));
  assert.equal(whole.status, 1);
  assert.match(whole.stdout, /Deployment\/w: \/spec\/selector: required field is missing/);
});
