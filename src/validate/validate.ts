import { Issues } from '../core/errors';
import { isPodTemplatePatch } from '../core/objects';
import { type CalicoRelease, parseCalicoVersion } from '../core/release/release';
import { BUILTIN_SCHEMAS, builtinCheck } from './builtin';
import { customResourceCheck } from './compile';
import { type CrdIndex, findCrd, indexCrds } from './crd';
import { InputError } from './errors';
import { isMapping, pointer } from './json';
import { preview } from './messages';
import { missingCalicoKind, shippedCrds } from './shipped-crds';
import type { Finding, ObjectCheck, SchemaError, ValidateOptions } from './types';

/** A Calico Enterprise version given to the validator, checked; an {@link InputError} names `source` when it is not one. */
export function calicoRelease(version: unknown, source: string): CalicoRelease {
  const issues = new Issues();
  const release = parseCalicoVersion(issues, source, version);
  if (!release) throw new InputError(`${source}: got ${JSON.stringify(version)}; ${issues.list[0]?.allowed ?? 'expected a Calico Enterprise version'}`);
  return release;
}

/**
 * Checks plain Kubernetes objects strictly against their schemas: built-in kinds against the
 * Kubernetes OpenAPI schemas of kubernetes-models (fields up to Kubernetes 1.33), custom resources
 * against the CRDs in `options.crds` or, without one given, the CRDs the package ships: the Calico
 * kinds of the release in `options.calicoVersion` (the Tigera operator's CRDs of that release), the
 * Gateway API `Gateway` (v1.6.1), Gloo Mesh's `AccessLogRecord` and `AccessLogPolicy`, Argo CD's
 * `Application` and `ApplicationSet` (v3.5.1) and Flux's `Kustomization` (kustomize-controller
 * v1.9.4). Unknown fields, wrong types, values outside enums, patterns and ranges, missing required
 * fields, kinds without a schema and Calico kinds the release lacks are all errors. A `v1` `List`
 * is checked item by item; `null` documents (empty YAML documents) are skipped. Returns no errors
 * when everything matches.
 *
 * A workload whose pod template has no pod spec is a server-side apply patch of its pod-template
 * metadata: the selector and schedule a live workload has are not required of it.
 *
 * `x-kubernetes-validations` (CEL) rules are not evaluated, and neither are the API server's own
 * checks beyond the schema (name formats, immutable fields, defaulting).
 */
export function validateObjects(documents: readonly unknown[], options: ValidateOptions = {}): SchemaError[] {
  const release = options.calicoVersion === undefined ? undefined : calicoRelease(options.calicoVersion, 'calicoVersion');
  const check = documentChecker({ crds: options.crds ?? [], release });
  return documents.flatMap((document, i) => check(document, i, options.file));
}

/** The check of {@link validateObjects} for one document at a time, with the CRDs indexed once. */
export function documentChecker(options: { readonly crds?: readonly unknown[]; readonly release?: CalicoRelease | undefined }): (document: unknown, index: number, file?: string) => SchemaError[] {
  const index = indexCrds(options.crds ?? []);
  const schemas = new Map<string, ObjectCheck | Finding>();
  const schemaFor = (apiVersion: string, kind: string) => {
    const key = `${apiVersion}\n${kind}`;
    let s = schemas.get(key);
    if (s === undefined) {
      s = findSchema(index, options.release, apiVersion, kind);
      schemas.set(key, s);
    }
    return s;
  };
  return (document, i, file) => {
    const errors: SchemaError[] = [];
    if (document === null || document === undefined) return errors;
    for (const { prefix, object } of objectsIn(document)) {
      const label = objectLabel(object);
      // By path, so that the errors of one object read in a stable order whatever found them.
      const findings = checkObject(object, schemaFor).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const f of findings) {
        errors.push({ ...(file === undefined ? {} : { file }), document: i, object: label, path: prefix + f.path, message: f.message });
      }
    }
    return errors;
  };
}

/** The objects of a document: the document itself, or the items of a `v1` List. */
function objectsIn(document: unknown): { prefix: string; object: unknown }[] {
  if (isMapping(document) && document.apiVersion === 'v1' && document.kind === 'List' && Array.isArray(document.items)) {
    const items: readonly unknown[] = document.items;
    return items.map((object, j) => ({ prefix: pointer('/items', j), object }));
  }
  return [{ prefix: '', object: document }];
}

function checkObject(object: unknown, schemaFor: (apiVersion: string, kind: string) => ObjectCheck | Finding): Finding[] {
  if (!isMapping(object)) {
    return [{ path: '', message: `expected a Kubernetes object (a mapping with apiVersion, kind and metadata); got ${preview(object)}` }];
  }
  const findings: Finding[] = [];
  const { apiVersion, kind, metadata } = object;
  if (typeof apiVersion !== 'string' || apiVersion === '') findings.push(typeMeta('/apiVersion', apiVersion, 'a group/version such as "apps/v1"'));
  if (typeof kind !== 'string' || kind === '') findings.push(typeMeta('/kind', kind, 'a kind such as "DaemonSet"'));
  if (metadata === undefined) findings.push({ path: '/metadata', message: 'required field is missing' });
  else if (isMapping(metadata) && metadata.name === undefined && metadata.generateName === undefined) {
    findings.push({ path: '/metadata/name', message: 'required field is missing: every object needs a name' });
  }
  if (findings.some((f) => f.path === '/apiVersion' || f.path === '/kind')) return findings;
  const schema = schemaFor(apiVersion as string, kind as string);
  if (typeof schema !== 'function') return [schema, ...findings];
  const checked = schema(object);
  // A pod-template patch (server-side apply of labels and annotations) merges into a live workload,
  // which has the selector and schedule the schema requires of a whole object.
  const patch = isPodTemplatePatch(object);
  return [...(patch ? checked.filter((f) => !(LIVE_FIELDS.has(f.path) && f.message.startsWith('required field is missing'))) : checked), ...findings];
}

const LIVE_FIELDS: ReadonlySet<string> = new Set(['/spec/selector', '/spec/schedule']);

function typeMeta(path: string, value: unknown, expected: string): Finding {
  return { path, message: value === undefined ? `required field is missing: expected ${expected}` : `expected ${expected}; got ${preview(value)}` };
}

function findSchema(index: CrdIndex, release: CalicoRelease | undefined, apiVersion: string, kind: string): ObjectCheck | Finding {
  // The CRDs given come first, then the built-in kinds, then the CRDs the package ships (no built-in
  // kind has one, and most manifests need none of them).
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const given = findCrd(index, apiVersion, kind);
  const builtin = given ? undefined : builtinCheck(apiVersion, kind);
  if (builtin) return builtin;
  const match = given ?? findCrd(shippedCrds(release, group) ?? new Map(), apiVersion, kind);
  if (!match) {
    return (
      missingCalicoKind(release, group, kind) ?? {
        path: '/kind',
        message: `no schema for ${kind} in ${apiVersion}: not a built-in kind of ${BUILTIN_SCHEMAS}, and no CRD of that group and kind was given`,
      }
    );
  }
  const { definition, version } = match;
  const v = definition.versions.get(version);
  if (!v) return { path: '/apiVersion', message: `CRD ${definition.name} has no version ${version} (it has ${[...definition.versions.keys()].join(', ') || 'none'})` };
  if (!v.served) return { path: '/apiVersion', message: `version ${version} of CRD ${definition.name} is not served` };
  if (!v.schema) return { path: '/kind', message: `CRD ${definition.name} has no schema for version ${version} to check against` };
  return customResourceCheck(v.schema, definition.preserveUnknownFields, definition.name);
}

/** `Kind/namespace/name`, as far as the object has them. */
function objectLabel(object: unknown): string {
  const o = isMapping(object) ? object : {};
  const meta = isMapping(o.metadata) ? o.metadata : {};
  const kind = typeof o.kind === 'string' && o.kind !== '' ? o.kind : '(no kind)';
  const name = typeof meta.name === 'string' ? meta.name : '(no name)';
  return [kind, typeof meta.namespace === 'string' ? meta.namespace : undefined, name].filter(Boolean).join('/');
}
