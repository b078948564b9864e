// The validator checks Calico kinds against the real CRDs of each release, and a directory of
// clusters on different releases in one run.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { main } from '../src/cli';
import { KNOWN_RELEASES, planL7Logging } from '../src/core';
import { InputError, validateFiles, validateObjects } from '../src/validate';
import { translatePattern } from '../src/validate/regexp';
import { trimSchema } from '../tools/trim-schema';
import { scratchDir } from './helpers';

type Schema = Record<string, unknown>;
type Entries = Record<string, { versions: Record<string, number> }>;
const VENDORED = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'validate', 'crds', 'shipped-crds.json'), 'utf8')) as {
  releases: Record<string, Entries>;
  others: Entries;
  schemas: Schema[];
};
const FIXTURES = join(__dirname, 'fixtures', 'crds');

/** The openAPIV3Schema of each served version of each CRD in a fixture file, by `group/Kind`, then version. */
function fixtureSchemas(file: string): Map<string, Map<string, Schema>> {
  const out = new Map<string, Map<string, Schema>>();
  for (const doc of loadAll(readFileSync(join(FIXTURES, file), 'utf8'), { json: true }) as Schema[]) {
    if (doc?.kind !== 'CustomResourceDefinition') continue;
    const spec = doc.spec as Schema;
    const versions = (spec.versions as Schema[]).filter((v) => v.served !== false);
    out.set(`${spec.group as string}/${(spec.names as Schema).kind as string}`, new Map(versions.map((v) => [v.name as string, (v.schema as Schema).openAPIV3Schema as Schema])));
  }
  return out;
}

/** Strings tried against a field's pattern, in order: one matches each pattern of the vendored CRDs. */
const PATTERN_SAMPLES = ['Enabled', 'x', '1m', '10Gi', 'tcp://logs.example.com:514', 'https://otel.example.com', '1/second', 'k=true', 'example.com/x', 'Auto', ''];

/**
 * An object that sets every field a schema declares, with a value the schema accepts: the enum's
 * first value, a string its pattern (compiled with RE2, as the API server does) accepts, a number
 * within the limits, one item per list.
 */
function everyField(schema: Schema): unknown {
  if (schema['x-kubernetes-int-or-string']) return 1;
  const enumValues = (schema.enum ?? (schema.allOf as Schema[] | undefined)?.find((s) => s.enum)?.enum) as unknown[] | undefined;
  if (enumValues?.length) return enumValues[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
        const value = everyField(sub);
        if (value !== undefined) out[key] = value;
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const value = everyField(schema.additionalProperties as Schema);
        if (value !== undefined) out.someKey = value;
      }
      return out;
    }
    case 'array': {
      const item = schema.items ? everyField(schema.items as Schema) : undefined;
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (typeof schema.pattern === 'string') {
        const pattern = translatePattern(schema.pattern).regexp;
        const sample = PATTERN_SAMPLES.find((p) => pattern?.test(p));
        assert.ok(sample !== undefined, `no sample string matches ${schema.pattern}`);
        return sample;
      }
      if (schema.format === 'byte') return 'eA==';
      if (schema.format === 'date-time') return '2026-12-07T00:00:00Z';
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    default:
      return schema['x-kubernetes-preserve-unknown-fields'] ? {} : undefined;
  }
}

const API_VERSIONS: Record<string, string> = {
  'crd.projectcalico.org': 'crd.projectcalico.org/v1',
  'projectcalico.org': 'projectcalico.org/v3',
  'operator.tigera.io': 'operator.tigera.io/v1',
};

describe('Calico kinds are checked against the real CRDs of their release', () => {
  test('the shipped schemas are the real CRDs without descriptions, every served version', () => {
    const pairs: [string, string, string][] = [
      ['3.23', 'crd.projectcalico.org/FelixConfiguration', 'v1.42.4/enterprise-v1-crd.projectcalico.org_felixconfigurations.yaml'],
      ['3.23', 'operator.tigera.io/ApplicationLayer', 'v1.42.4/operator.tigera.io_applicationlayers.yaml'],
      ['3.23', 'operator.tigera.io/LogStorage', 'v1.42.4/operator.tigera.io_logstorages.yaml'],
      ['3.23', 'operator.tigera.io/LogCollector', 'v1.42.4/operator.tigera.io_logcollectors.yaml'],
      ['3.24', 'crd.projectcalico.org/FelixConfiguration', 'master/enterprise-v1-crd.projectcalico.org_felixconfigurations.yaml'],
      ['3.24', 'projectcalico.org/FelixConfiguration', 'master/enterprise-v3-projectcalico.org_felixconfigurations.yaml'],
      ['3.24', 'operator.tigera.io/Istio', 'master/operator.tigera.io_istios.yaml'],
      ['3.10', 'crd.projectcalico.org/FelixConfiguration', 'ce-3.10/crd.projectcalico.org_felixconfigurations.yaml'],
      ['others', 'gateway.networking.k8s.io/Gateway', 'gateway-api-v1.6.1/gateway.networking.k8s.io_gateways.yaml'],
      ['others', 'observability.policy.gloo.solo.io/AccessLogPolicy', 'gloo-platform-2.14.0/observability.policy.gloo.solo.io_v2_crds.yaml'],
      ['others', 'argoproj.io/Application', 'gitops/argocd-application-crd.yaml'],
      ['others', 'argoproj.io/ApplicationSet', 'gitops/argocd-applicationset-crd.yaml'],
      ['others', 'kustomize.toolkit.fluxcd.io/Kustomization', 'gitops/kustomize.toolkit.fluxcd.io_kustomizations.yaml'],
    ];
    for (const [release, groupKind, file] of pairs) {
      const entry = release === 'others' ? VENDORED.others[groupKind] : VENDORED.releases[release]?.[groupKind];
      assert.ok(entry, `${release} ${groupKind}`);
      const real = fixtureSchemas(file).get(groupKind) as Map<string, Schema>;
      assert.deepEqual(Object.keys(entry.versions), [...real.keys()], `${release} ${groupKind}`);
      for (const [version, id] of Object.entries(entry.versions)) {
        assert.deepEqual(VENDORED.schemas[id], trimSchema(real.get(version)), `${release} ${groupKind} ${version}`);
      }
    }
    assert.deepEqual(Object.keys(VENDORED.releases), [...KNOWN_RELEASES]);
  });

  test('no false positive: an object with every field of a release CRD passes, for every Calico kind of every release', () => {
    for (const [release, kinds] of Object.entries(VENDORED.releases)) {
      for (const [groupKind, entry] of Object.entries(kinds)) {
        const [group, kind] = groupKind.split('/') as [string, string];
        const schema = VENDORED.schemas[Object.values(entry.versions)[0] as number] as Schema;
        const spec = everyField(((schema.properties as Record<string, Schema>).spec ?? { type: 'object' }));
        const object = { apiVersion: API_VERSIONS[group], kind, metadata: { name: 'default' }, spec };
        const errors = validateObjects([object], { calicoVersion: release });
        assert.deepEqual(errors.map((e) => `${e.path}: ${e.message}`), [], `${release} ${groupKind}`);
      }
    }
  });

  test("the issue's FelixConfiguration (bpfEnabled, logSeverityScreen) passes on 3.23; an unknown field still fails truthfully", () => {
    const felix = { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { bpfEnabled: true, logSeverityScreen: 'Info' } };
    assert.deepEqual(validateObjects([felix], { calicoVersion: '3.23' }), []);
    const typo = { ...felix, spec: { bpfEnabld: true } };
    assert.match(validateObjects([typo], { calicoVersion: '3.23' })[0]?.message ?? '', /unknown field "bpfEnabld".*did you mean "bpfEnabled"/);
  });

  test('a kind the release lacks is an error naming the release and the releases that have it', () => {
    const layer = { apiVersion: 'operator.tigera.io/v1', kind: 'ApplicationLayer', metadata: { name: 'tigera-secure' }, spec: { logCollection: { collectLogs: 'Enabled' } } };
    const [error] = validateObjects([layer], { calicoVersion: '3.10' });
    assert.equal(error?.path, '/kind');
    assert.match(error?.message ?? '', /ApplicationLayer is not a kind of Calico Enterprise 3\.10: releases 3\.11–3\.24 have it$/);
    assert.deepEqual(validateObjects([layer], { calicoVersion: '3.11' }), []);
    // Without a release, a Calico kind asks for one.
    assert.match(validateObjects([layer])[0]?.message ?? '', /give the Calico Enterprise release with --calico-version/);
  });

  test('fields a release added are refused on the releases before it', () => {
    const sidecars = { apiVersion: 'operator.tigera.io/v1', kind: 'ApplicationLayer', metadata: { name: 'tigera-secure' }, spec: { sidecarInjection: 'Enabled' } };
    assert.match(validateObjects([sidecars], { calicoVersion: '3.19' })[0]?.message ?? '', /unknown field "sidecarInjection"/);
    assert.deepEqual(validateObjects([sidecars], { calicoVersion: '3.20' }), []);
  });

  test('an unknown release is an InputError', () => {
    assert.throws(() => validateObjects([], { calicoVersion: '3.8' }), (e: unknown) => e instanceof InputError && /calicoVersion: got "3\.8"/.test(e.message));
  });
});

describe('a directory of clusters on different releases validates in one run', () => {
  const fleet = () => {
    const dir = scratchDir('l7-releases-');
    const write = (name: string, objects: readonly unknown[]) => writeFileSync(join(dir, name), objects.map((o) => stringify(o)).join('---\n'));
    write('legacy.k8s.yaml', planL7Logging({ calicoVersion: '3.10', collector: 'daemonset' }).collectorPhase);
    write('prod.k8s.yaml', planL7Logging({ calicoVersion: '3.23' }).collectorPhase);
    return dir;
  };

  test('a releases file gives each file its release; the longest entry wins', () => {
    const dir = fleet();
    writeFileSync(join(dir, 'releases.yaml'), '.: 3.23\nlegacy*.yaml: 3.10\n');
    const report = validateFiles([dir], { releases: join(dir, 'releases.yaml') });
    assert.deepEqual(report.errors, []);
    // The releases file is not read as a manifest.
    assert.deepEqual(report.files.map((f) => f.slice(dir.length + 1)), ['legacy.k8s.yaml', 'prod.k8s.yaml']);
    // One release for both: the 3.23 ApplicationLayer fails on 3.10.
    const one = validateFiles([dir], { calicoVersion: '3.10', releases: join(dir, 'releases.yaml') });
    assert.deepEqual(one.errors, []);
    const wrong = validateFiles([join(dir, 'prod.k8s.yaml')], { calicoVersion: '3.10' });
    assert.match(wrong.errors[0]?.message ?? '', /ApplicationLayer is not a kind of Calico Enterprise 3\.10/);
  });

  test('the CLI takes --releases; a bad entry is a usage error naming it', () => {
    const dir = fleet();
    writeFileSync(join(dir, 'releases.yaml'), 'prod.k8s.yaml: "3.23"\nlegacy.k8s.yaml: "3.10"\n');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    assert.equal(main(['validate', dir, '--releases', join(dir, 'releases.yaml')], io), 0, out.join(''));
    writeFileSync(join(dir, 'releases.yaml'), 'prod.k8s.yaml: "3.25"\n');
    assert.equal(main(['validate', dir, '--releases', join(dir, 'releases.yaml')], io), 2);
    assert.match(err.join(''), /releases\.yaml: prod\.k8s\.yaml: got "3\.25"; expected a release this package knows/);
    writeFileSync(join(dir, 'releases.yaml'), '../elsewhere: "3.23"\n');
    assert.equal(main(['validate', dir, '--releases', join(dir, 'releases.yaml')], io), 2);
    assert.match(err.join(''), /expected a path inside the releases file's folder/);
  });
});
