import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InputError, type SchemaError, loadCrds, readDocuments, validateFiles, validateObjects } from '../src/validate';
import { crd, scratchDir } from './helpers';


/** Shaped like the Felix CRD: RE2 patterns with (?i), int32, int-or-string, nullable, a map, a preserved object. */
const felixSpec = {
  type: 'object',
  properties: {
    l7LogsFlushInterval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))*$' },
    l7LogsFileAggregationTrimURL: { type: 'string', pattern: '^(?i)(IncludeL7FullURL|TrimURLQuery|TrimURLQueryAndPath|ExcludeL7URL)?$' },
    logSeverityScreen: { type: 'string', enum: ['Debug', 'Info', 'Warning'] },
    l7LogsFileMaxFiles: { type: 'integer' },
    tproxyPort: { type: 'integer', format: 'int32', minimum: 1, maximum: 65535 },
    routeRefreshInterval: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
    description: { type: 'string', nullable: true },
    labelsToKeep: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
    routes: { type: 'array', items: { type: 'object', properties: { cidr: { type: 'string' } }, required: ['cidr'] } },
  },
};

const felixCrdV1 = crd('crd.projectcalico.org', 'FelixConfiguration', { v1: felixSpec });

function felix(spec: object, metadata: object = { name: 'default' }): object {
  return { apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration', metadata, spec };
}

function only(errors: readonly SchemaError[]): SchemaError {
  assert.equal(errors.length, 1, `expected one error, got ${JSON.stringify(errors, null, 2)}`);
  return errors[0] as SchemaError;
}

function tmp(): string {
  return scratchDir('calico-l7-validate-');
}

describe('custom resources', () => {
  const crds = [felixCrdV1];

  test('a valid object has no errors', () => {
    const spec = {
      l7LogsFlushInterval: '5m0s',
      l7LogsFileAggregationTrimURL: 'TrimURLQuery',
      logSeverityScreen: 'Info',
      l7LogsFileMaxFiles: 5,
      tproxyPort: 16001,
      routeRefreshInterval: '90s',
      description: null,
      labelsToKeep: { app: 'x', 'app.kubernetes.io/name': 'y' },
      extra: { anything: { goes: [1, 2] }, known: { a: 'b' } },
      routes: [{ cidr: '10.0.0.0/8' }],
    };
    assert.deepEqual(validateObjects([felix(spec, { name: 'default', labels: { a: 'b' }, annotations: { c: 'd' } })], { crds }), []);
  });

  test('a misspelled field is an unknown field, with the closest name as a hint', () => {
    const e = only(validateObjects([felix({ l7LogFlushInterval: '5m' })], { crds, file: 'felix.yaml' }));
    assert.deepEqual(e, {
      file: 'felix.yaml',
      document: 0,
      object: 'FelixConfiguration/default',
      path: '/spec/l7LogFlushInterval',
      message: 'unknown field "l7LogFlushInterval": the API server would drop it; did you mean "l7LogsFlushInterval"?',
    });
  });

  test('unknown fields are errors at every depth, but not under preserve-unknown-fields or in maps', () => {
    const errors = validateObjects([felix({ routes: [{ cidr: 'x', cidrs: 'y' }], extra: { known: { a: 'b', z: 1 }, free: 1 }, labelsToKeep: { any: 'x' } })], {
      crds,
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['/spec/extra/known/z', '/spec/routes/0/cidrs'],
    );
  });

  test('a value outside the enum names the allowed values', () => {
    const e = only(validateObjects([felix({ logSeverityScreen: 'Verbose' })], { crds }));
    assert.equal(e.path, '/spec/logSeverityScreen');
    assert.equal(e.message, 'expected one of "Debug", "Info", "Warning"; got "Verbose"');
  });

  test('a wrong type says what was expected and what was found', () => {
    const e = only(validateObjects([felix({ l7LogsFileMaxFiles: '5' })], { crds }));
    assert.equal(e.path, '/spec/l7LogsFileMaxFiles');
    assert.equal(e.message, 'expected integer; got "5"');
  });

  test('an RE2 pattern with a leading (?i) matches without regard to case', () => {
    assert.deepEqual(validateObjects([felix({ l7LogsFileAggregationTrimURL: 'trimurlquery' })], { crds }), []);
    assert.deepEqual(validateObjects([felix({ l7LogsFileAggregationTrimURL: '' })], { crds }), []);
    const e = only(validateObjects([felix({ l7LogsFileAggregationTrimURL: 'TrimURL' })], { crds }));
    assert.equal(e.path, '/spec/l7LogsFileAggregationTrimURL');
    assert.match(e.message, /^expected a string matching the pattern \^\(\?i\)\(IncludeL7FullURL\|.*\)\?\$; got "TrimURL"$/);
  });

  test('patterns are RE2, as the API server reads them: POSIX classes, mid-pattern flags, \\A and \\z; what RE2 refuses fails with its reason', () => {
    const odd = crd('example.com', 'Widget', {
      v1: {
        type: 'object',
        properties: {
          posix: { type: 'string', pattern: '^[[:alpha:]]+$' },
          midFlag: { type: 'string', pattern: '^a(?i)b$' },
          named: { type: 'string', pattern: '\\A(?P<word>[a-z]+)\\z' },
          backref: { type: 'string', pattern: '^(a)\\1$' },
        },
      },
    });
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { posix: 'abc', midFlag: 'aB', named: 'abc', backref: 'aa' } };
    const errors = validateObjects([widget], { crds: [odd] });
    assert.deepEqual(errors.map((e) => e.path), ['/spec/backref']);
    assert.match(errors[0]?.message ?? '', /^cannot check the pattern \^\(a\)\\1\$ of the schema: RE2 cannot compile it/);
    const bad = only(validateObjects([{ ...widget, spec: { named: 'ABC', posix: 'a1' } }], { crds: [odd] }).filter((e) => e.path === '/spec/named'));
    assert.equal(bad.message, 'expected a string matching the pattern \\A(?P<word>[a-z]+)\\z; got "ABC"');
  });

  test('a catastrophic pattern in a CRD cannot stall the check: RE2 matches in linear time', () => {
    const evil = crd('example.com', 'Widget', { v1: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } });
    // A backtracking engine needs about 2^40 steps for this; RE2 needs 41.
    const errors = validateObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { s: `${'a'.repeat(40)}!` } }], { crds: [evil] });
    assert.deepEqual(errors.map((e) => e.path), ['/spec/s']);
  });

  test('a CRD schema that cannot be compiled fails its objects instead of throwing', () => {
    const broken = crd('example.com', 'Widget', { v1: { type: 'object', required: 'size' } });
    const e = only(validateObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }], { crds: [broken] }));
    assert.deepEqual(
      [e.path, e.message],
      ['', 'the schema of CRD widgets.example.com cannot be compiled: schema is invalid: data/properties/spec/required must be array'],
    );
  });

  test('int-or-string accepts both and nothing else', () => {
    assert.deepEqual(validateObjects([felix({ routeRefreshInterval: 90 }), felix({ routeRefreshInterval: '90s' })], { crds }), []);
    const e = only(validateObjects([felix({ routeRefreshInterval: true })], { crds }));
    assert.equal(e.message, 'expected integer or string; got true');
  });

  test('format int32 and minimum/maximum are ranges; nullable allows null only where it is set', () => {
    const errors = validateObjects([felix({ tproxyPort: 2 ** 31 }), felix({ tproxyPort: 0 }), felix({ l7LogsFileMaxFiles: null })], { crds });
    assert.deepEqual(
      errors.map((e) => [e.document, e.message]),
      [
        [0, 'expected a number <= 65535; got 2147483648'],
        [0, 'expected a 32-bit integer (from -2147483648 to 2147483647); got 2147483648'],
        [1, 'expected a number >= 1; got 0'],
        [2, 'expected integer; got null'],
      ],
    );
  });

  test('a missing required field is reported at its own path', () => {
    const e = only(validateObjects([felix({ routes: [{}] })], { crds }));
    assert.deepEqual([e.path, e.message], ['/spec/routes/0/cidr', 'required field is missing']);
  });

  test('metadata is checked as ObjectMeta, although the CRD says only "type: object"', () => {
    const errors = validateObjects([felix({}, { name: 5, labels: { a: 1 }, annotatons: {} })], { crds });
    assert.deepEqual(
      errors.map((e) => [e.path, e.message]),
      [
        ['/metadata/annotatons', 'unknown field "annotatons": the API server would drop it; did you mean "annotations"?'],
        ['/metadata/labels/a', 'expected string; got 1'],
        ['/metadata/name', 'expected string; got 5'],
      ],
    );
    assert.equal(only(validateObjects([felix({}, { labels: {} })], { crds })).path, '/metadata/name');
  });

  test('the version the object asks for is the one checked', () => {
    const multi = crd('example.com', 'Widget', {
      v1: { type: 'object', properties: { size: { type: 'integer' } } },
      v1beta1: { type: 'object', properties: { sizeGiB: { type: 'integer' } } },
      v1alpha1: { type: 'object', properties: { sizeGiB: { type: 'string' } } },
    }, { served: { v1alpha1: false } });
    const widget = (apiVersion: string, spec: object) => ({ apiVersion, kind: 'Widget', metadata: { name: 'w' }, spec });
    assert.deepEqual(validateObjects([widget('example.com/v1', { size: 1 }), widget('example.com/v1beta1', { sizeGiB: 1 })], { crds: [multi] }), []);
    const errors = validateObjects(
      [widget('example.com/v1', { sizeGiB: 1 }), widget('example.com/v1beta1', { size: 1 }), widget('example.com/v2', {}), widget('example.com/v1alpha1', {})],
      { crds: [multi] },
    );
    assert.deepEqual(
      errors.map((e) => [e.document, e.path, e.message]),
      [
        [0, '/spec/sizeGiB', 'unknown field "sizeGiB": the API server would drop it'],
        [1, '/spec/size', 'unknown field "size": the API server would drop it'],
        [2, '/apiVersion', 'CRD widgets.example.com has no version v2 (it has v1, v1beta1, v1alpha1)'],
        [3, '/apiVersion', 'version v1alpha1 of CRD widgets.example.com is not served'],
      ],
    );
  });

  test('a projectcalico.org/v3 object is checked against the crd.projectcalico.org/v1 CRD, unless a v3 CRD is given', () => {
    const v3 = { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { tproxyPort: 'x', l7LogsFileMaxFiles: 5 } };
    const fromV1 = only(validateObjects([v3], { crds: [felixCrdV1] }));
    assert.deepEqual([fromV1.object, fromV1.path, fromV1.message], ['FelixConfiguration/default', '/spec/tproxyPort', 'expected integer; got "x"']);
    const v3Crd = crd('projectcalico.org', 'FelixConfiguration', { v3: { type: 'object', properties: { tproxyPort: { type: 'string' } } } });
    const fromV3 = only(validateObjects([v3], { crds: [felixCrdV1, v3Crd] }));
    assert.deepEqual([fromV3.path, fromV3.message], ['/spec/l7LogsFileMaxFiles', 'unknown field "l7LogsFileMaxFiles": the API server would drop it']);
  });

  test('a kind without a schema is an error, and so is a document without a kind', () => {
    const errors = validateObjects(
      [
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
        { apiVersion: 'v1', metadata: { name: 'x' } },
        { apiVersion: 'apps/v1', kind: 'DaemonSett', metadata: { name: 'x' } },
        'just text',
      ],
      { crds },
    );
    assert.deepEqual(
      errors.map((e) => [e.document, e.object, e.path, e.message]),
      [
        [0, 'Widget/w', '/kind', 'no schema for Widget in example.com/v1: not a built-in kind of Kubernetes 1.33 (kubernetes-models 4.5.1), and no CRD of that group and kind was given'],
        [1, '(no kind)/x', '/kind', 'required field is missing: expected a kind such as "DaemonSet"'],
        [2, 'DaemonSett/x', '/kind', 'no schema for DaemonSett in apps/v1: not a built-in kind of Kubernetes 1.33 (kubernetes-models 4.5.1), and no CRD of that group and kind was given'],
        [3, '(no kind)/(no name)', '', 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata); got "just text"'],
      ],
    );
  });
});

describe('built-in kinds', () => {
  const daemonSet = () => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'l7-log-collector', namespace: 'calico-system', labels: { app: 'l7' } },
    spec: {
      selector: { matchLabels: { app: 'l7' } },
      template: {
        // kubectl writes a null creationTimestamp in templates; ObjectMeta allows it.
        metadata: { labels: { app: 'l7' }, annotations: { a: 'b' }, creationTimestamp: null },
        spec: {
          containers: [{ name: 'envoy', image: 'envoy:v1', resources: { requests: { cpu: '100m', memory: '128Mi' } }, ports: [{ containerPort: 16001 }] }],
          tolerations: [{ operator: 'Exists' }],
          volumes: [{ name: 'logs', emptyDir: {} }],
        },
      },
    },
  });

  test('a valid DaemonSet has no errors', () => {
    assert.deepEqual(validateObjects([daemonSet()]), []);
  });

  test('an unknown field of a DaemonSet is an error, in the pod spec and in a container', () => {
    const ds = daemonSet();
    Object.assign(ds.spec.template.spec, { nodeSelektor: { os: 'linux' } });
    Object.assign(ds.spec.template.spec.containers[0] as object, { imagePullPolicy: 'Sometimes', args: 'not a list', envv: [] });
    const errors = validateObjects([ds], { file: 'ds.yaml' });
    assert.deepEqual(
      errors.map((e) => [e.object, e.path, e.message]),
      [
        ['DaemonSet/calico-system/l7-log-collector', '/spec/template/spec/containers/0/args', 'expected array; got "not a list"'],
        ['DaemonSet/calico-system/l7-log-collector', '/spec/template/spec/containers/0/envv', 'unknown field "envv": the API server would drop it; did you mean "env"?'],
        ['DaemonSet/calico-system/l7-log-collector', '/spec/template/spec/containers/0/imagePullPolicy', 'expected one of "Always", "IfNotPresent", "Never"; got "Sometimes"'],
        ['DaemonSet/calico-system/l7-log-collector', '/spec/template/spec/nodeSelektor', 'unknown field "nodeSelektor": the API server would drop it; did you mean "nodeSelector"?'],
      ],
    );
  });

  test('a required field of a built-in kind is required', () => {
    const ds = daemonSet();
    const { selector: _, ...spec } = ds.spec;
    const e = only(validateObjects([{ ...ds, spec }]));
    assert.deepEqual([e.path, e.message], ['/spec/selector', 'required field is missing']);
  });

  test('a minimal annotated Service is valid; a Service type outside the enum is not', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cartservice', namespace: 'default', annotations: { 'projectcalico.org/l7-logging': 'true' } } };
    assert.deepEqual(validateObjects([service]), []);
    const e = only(validateObjects([{ ...service, spec: { type: 'Headless', ports: [{ port: 80, targetPort: 'http' }] } }]));
    assert.deepEqual([e.path, e.message], ['/spec/type', 'expected one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"; got "Headless"']);
    const annotation = only(validateObjects([{ ...service, metadata: { ...service.metadata, annotations: { 'projectcalico.org/l7-logging': true } } }]));
    assert.deepEqual([annotation.path, annotation.message], ['/metadata/annotations/projectcalico.org~1l7-logging', 'expected string; got true']);
  });

  test('the data of a ConfigMap is a map, so its keys are not unknown fields', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy-config', namespace: 'calico-system' }, data: { 'envoy-config.yaml': 'x', other: 'y' } };
    assert.deepEqual(validateObjects([cm]), []);
    assert.equal(only(validateObjects([{ ...cm, datas: {} }])).path, '/datas');
  });

  test('other built-in kinds: ServiceAccount, ClusterRole, Job, and PriorityClass (whose description kubernetes-models does not read)', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns' }, imagePullSecrets: [{ name: 'pull' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }], restartPolicy: 'Never' } } } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1000, description: 'for the collector' },
    ];
    assert.deepEqual(validateObjects(objects), []);
    const e = only(validateObjects([{ ...objects[1], rules: [{ verbs: ['get'], resource: ['pods'] }] }]));
    assert.equal(e.path, '/rules/0/resource');
    assert.match(e.message, /did you mean "resources"\?$/);
  });

  test('frozen objects are checked like any other', () => {
    const freeze = <T extends object>(o: T): T => {
      Object.values(o).forEach((v) => typeof v === 'object' && v !== null && freeze(v));
      return Object.freeze(o);
    };
    const e = only(validateObjects([freeze({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { ports: [{ port: 80, protocl: 'TCP' }] } })]));
    assert.deepEqual([e.path, e.message], ['/spec/ports/0/protocl', 'unknown field "protocl": the API server would drop it; did you mean "protocol"?']);
  });

  test('a v1 List is checked item by item', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, date: {} }] };
    const e = only(validateObjects([null, list]));
    assert.deepEqual([e.document, e.object, e.path], [1, 'ConfigMap/b', '/items/1/date']);
  });
});

describe('files', () => {
  test('a multi-document file: empty documents are skipped, each error names its document', () => {
    const dir = tmp();
    const file = join(dir, 'all.yaml');
    writeFileSync(
      file,
      [
        '---',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {a: b}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {typo: 1}',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup, name: again}',
        '',
      ].join('\n---\n'),
    );
    const parsed = readDocuments(file);
    assert.equal(parsed.documents.length, 5);
    const report = validateFiles([dir]);
    assert.deepEqual(report.files, [file]);
    assert.equal(report.documents, 3);
    assert.deepEqual(
      report.errors.map((e) => [e.file, e.document, e.object, e.path, e.message, e.line, e.column]),
      [
        [file, 2, 'Service/shop/web', '/spec/typo', 'unknown field "typo": the API server would drop it; did you mean "type"?', 11, 8],
        // The position is the file's, though each document is parsed alone.
        [file, 3, '', '', 'not valid YAML: duplicated mapping key', 15, 23],
      ],
    );
  });

  test('documents are read one at a time: comments before the first marker, "..." ends, content on the marker line, blocks across reads', () => {
    const dir = tmp();
    const file = join(dir, 'split.yaml');
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: |\n${'    0123456789abcdef\n'.repeat(80_000)}`;
    writeFileSync(
      file,
      [
        '# leading comment\n%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n',
        '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n',
        `---\n${big}`,
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbogus: 1\n',
      ].join(''),
    );
    const names = readDocuments(file).documents.map((d) => (d as { metadata: { name: string } }).metadata.name);
    assert.deepEqual(names, ['a', 'b', 'big', 'c']);
    const report = validateFiles([file]);
    assert.equal(report.documents, 4);
    assert.deepEqual(report.errors.map((e) => [e.document, e.path, e.line]), [[3, '/bogus', 80_019]]);
  });

  test('loadCrds reads files and directories: several CRDs per file, Lists, other documents ignored', () => {
    const dir = tmp();
    const yaml = (o: object) => JSON.stringify(o);
    const widget = crd('example.com', 'Widget', { v1: { type: 'object', properties: { size: { type: 'integer' } } } });
    const gadget = crd('example.com', 'Gadget', { v1: { type: 'object' } });
    mkdirSync(join(dir, 'crds'));
    // "---" first: kubectl reads a file whose first character is "{" as a stream of JSON values.
    writeFileSync(join(dir, 'crds', 'a.yaml'), `---\n${yaml(widget)}\n---\n${yaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } })}\n`);
    writeFileSync(join(dir, 'crds', 'b.json'), yaml({ apiVersion: 'v1', kind: 'List', items: [gadget, felixCrdV1] }));
    writeFileSync(join(dir, 'crds', 'notes.txt'), 'ignored');
    const crds = loadCrds([join(dir, 'crds')]);
    assert.deepEqual(
      crds.map((c) => (c.metadata as { name: string }).name),
      ['widgets.example.com', 'gadgets.example.com', 'felixconfigurations.crd.projectcalico.org'],
    );
    const errors = validateObjects(
      [
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'big' } },
        { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { any: 1 } },
      ],
      { crds },
    );
    // Gadget's spec is "type: object" without properties: the API server would drop every field of it.
    assert.deepEqual(
      errors.map((e) => [e.object, e.path, e.message]),
      [
        ['Widget/w', '/spec/size', 'expected integer; got "big"'],
        ['Gadget/g', '/spec/any', 'unknown field "any": the API server would drop it'],
      ],
    );
  });

  test('loadCrds refuses a missing path, a path without CRDs, and a CRD without a group', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {names: {kind: X}}\n');
    assert.throws(() => loadCrds([join(dir, 'nope')]), (e: unknown) => e instanceof InputError && /nope: no such file or directory$/.test(e.message));
    assert.throws(() => loadCrds([join(dir, 'ns.yaml')]), /ns\.yaml: no CustomResourceDefinition found$/);
    assert.throws(() => loadCrds([join(dir, 'bad.yaml')]), /CustomResourceDefinition x: expected spec\.group and spec\.names\.kind$/);
  });
});
