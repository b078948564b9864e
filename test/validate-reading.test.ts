// Manifests are read as kubectl reads them: YAML 1.1 scalars and merge keys (go-yaml v2), JSON when
// a file starts with "{", byte-order marks, CRLF, and unreadable entries reported at their path.
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readDocuments, validateFiles, validateObjects } from '../src/validate';
import { scratchDir } from './helpers';

function read(text: string | Buffer, name = 'm.yaml'): ReturnType<typeof readDocuments> {
  const file = join(scratchDir('l7-read-'), name);
  writeFileSync(file, text);
  return readDocuments(file);
}

const valueOf = (scalar: string): unknown => (read(`a: ${scalar}\n`).documents[0] as { a: unknown }).a;

describe('YAML scalars resolve as go-yaml v2 resolves them', () => {
  test('YAML 1.1 booleans and nulls', () => {
    for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True']) assert.equal(valueOf(s), true, s);
    for (const s of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'FALSE']) assert.equal(valueOf(s), false, s);
    for (const s of ['~', 'null', 'Null', 'NULL', '']) assert.equal(valueOf(s), null, JSON.stringify(s));
    for (const s of ["'yes'", '"on"', 'yEs', 'nO']) assert.equal(typeof valueOf(s), 'string', s);
  });

  test("numbers as Go's strconv reads them; base 60 and timestamps stay strings", () => {
    const cases: [string, unknown][] = [
      ['017', 15],
      ['0o17', 15],
      ['0x1F', 31],
      ['-0x1F', -31],
      ['0b1010', 10],
      ['1_000', 1000],
      ['08', 8],
      ['1e3', 1000],
      ['.5', 0.5],
      ['+12', 12],
      ['1.', 1],
      ['12:30', '12:30'],
      ['190:20:30', '190:20:30'],
      ['2001-12-14', '2001-12-14'],
      ['1e400', '1e400'],
      ['0x', '0x'],
    ];
    for (const [scalar, expected] of cases) assert.equal(valueOf(scalar), expected, scalar);
  });

  test('merge keys merge; keys written beside them win', () => {
    const [doc] = read('base: &base {a: 1, b: 2}\nmerged:\n  <<: *base\n  b: 3\n').documents;
    assert.deepEqual((doc as { merged: unknown }).merged, { a: 1, b: 3 });
  });

  test('a 1.1 boolean where an integer belongs is the error kubectl would meet', () => {
    const [e] = validateObjects(read('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: on}]\n').documents);
    assert.equal(e?.path, '/spec/ports/0/port');
  });
});

describe('encodings and line ends', () => {
  const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n';

  test('a UTF-8 byte-order mark is dropped; CRLF line ends read as LF', () => {
    assert.deepEqual(read(`\ufeff${CONFIG_MAP}`).errors, []);
    const crlf = read(`${CONFIG_MAP}---\n${CONFIG_MAP}`.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.errors, []);
    assert.equal(crlf.documents.length, 2);
    assert.deepEqual((crlf.documents[1] as { data: unknown }).data, { k: 'v' });
  });

  test('UTF-16 files with a byte-order mark, either byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG_MAP, 'utf16le')]);
    assert.deepEqual(read(le).documents[0], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { k: 'v' } });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CONFIG_MAP, 'utf16le').swap16()]);
    assert.deepEqual(read(be).documents[0], read(le).documents[0]);
  });
});

describe('JSON, strictly, when the first character is "{"', () => {
  test('a trailing comma is an error at its position; a stream of values is read value by value', () => {
    const comma = read('{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "x"},\n}\n', 'm.json');
    assert.equal(comma.errors[0]?.line, 5);
    assert.match(comma.errors[0]?.message ?? '', /^not valid JSON: /);
    const stream = read('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n', 'm.json');
    assert.deepEqual(stream.errors, []);
    assert.deepEqual(stream.documents.map((d) => (d as { metadata: { name: string } }).metadata.name), ['a', 'b']);
  });

  test('schema errors in JSON name their line and column', () => {
    const file = join(scratchDir('l7-read-'), 'ns.json');
    writeFileSync(file, '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "x"},\n  "spec": {"finalizers": ["a"], "typo": 1}\n}\n');
    const [e] = validateFiles([file]).errors;
    assert.deepEqual([e?.path, e?.line, e?.column], ['/spec/typo', 5, 33]);
  });

  test('a YAML file in flow style that does not start with "{" is YAML: a trailing comma is allowed there', () => {
    assert.deepEqual(read('# a comment first\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"},}\n').errors, []);
  });
});

describe('files and directories', () => {
  test('a symbolic link loop and a broken link are errors at their path, not skipped', () => {
    const dir = scratchDir('l7-read-');
    writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'broken.yaml'));
    const report = validateFiles([dir]);
    assert.deepEqual(
      report.errors.map((e) => [e.file?.slice(dir.length + 1), e.message]),
      [
        ['broken.yaml', 'cannot read the file: a symbolic link to nothing'],
        ['loop-a.yaml', 'cannot read the file: a loop of symbolic links'],
        ['loop-b.yaml', 'cannot read the file: a loop of symbolic links'],
      ],
    );
  });

  test('the built-in schemas are what the messages say: Kubernetes 1.33 fields pass, 1.34 fields are unknown', () => {
    const pod = (spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });
    assert.deepEqual(validateObjects([pod({ resources: { limits: { cpu: '1' } } })]), []);
    const stop = { containers: [{ name: 'c', image: 'i', lifecycle: { stopSignal: 'SIGTERM' } }] };
    assert.deepEqual(validateObjects([pod(stop)]), []);
    assert.match(validateObjects([pod({ hostnameOverride: 'h' })])[0]?.message ?? '', /unknown field "hostnameOverride"/);
  });
});

describe('at parser speed', () => {
  test('objects of one shape are traced once, and each still gets its own errors', () => {
    const service = (i: number, port: unknown, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { ports: [{ port }], ...extra } });
    const errors = validateObjects([service(0, 80, { typo: 1 }), service(1, 81, { typo: 1 }), service(2, 'http', { typo: 1 }), service(3, 82, { tipo: 1 })]);
    assert.deepEqual(
      errors.map((e) => [e.document, e.path]),
      [
        [0, '/spec/typo'],
        [1, '/spec/typo'],
        [2, '/spec/ports/0/port'],
        [2, '/spec/typo'],
        [3, '/spec/tipo'],
      ],
    );
  });

  test('a file of many documents parses in batches and keeps each position', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`;
    const docs = Array.from({ length: 30_000 }, (_, i) => (i === 29_999 ? doc(i).replace('\ndata:', '\ndta:') : doc(i)));
    const file = join(scratchDir('l7-read-'), 'many.yaml');
    writeFileSync(file, docs.join('---\n'));
    const report = validateFiles([file]);
    assert.equal(report.documents, 30_000);
    assert.deepEqual(report.errors.map((e) => [e.document, e.path, e.line, e.column]), [[29_999, '/dta', 29_999 * 7 + 5, 1]]);
  });

  test('a batch that does not parse is read again document by document; comments after the last document are none', () => {
    const file = join(scratchDir('l7-read-'), 'mixed.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b, name: c}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: d, typo: 1}\n...\n# the end\n');
    assert.equal(readDocuments(file).documents.length, 3);
    const report = validateFiles([file]);
    assert.deepEqual(
      report.errors.map((e) => [e.document, e.path, e.line, e.message.split(':')[0]]),
      [
        [1, '', 7, 'not valid YAML'],
        [2, '/metadata/typo', 11, 'unknown field "typo"'],
      ],
    );
  });
});
