import type { ErrorObject } from 'ajv';
import { describeAjvErrors, unknownField } from './messages';
import { type ObjectReads, traceReads } from './trace';
import type { Finding, ObjectCheck } from './types';

/** What kubernetes-models exports for each kind: a class with the type meta and a compiled `validate`. */
interface ModelClass {
  new (data?: never): unknown;
  readonly prototype: { validate(this: unknown): void };
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
}

/**
 * Properties the kubernetes-models validators do not read although the schema declares them: its
 * generator strips every `description` and `x-kubernetes-*` key from the OpenAPI schemas, property
 * names included. Each schema is recognised by properties its validator does read. Checked against
 * every model of kubernetes-models 4.5.1: these are the only declared properties never read.
 */
const STRIPPED_PROPERTIES: readonly { readonly reads: readonly string[]; readonly only?: true; readonly keys: readonly string[] }[] = [
  // PriorityClass
  { reads: ['globalDefault', 'preemptionPolicy'], keys: ['description'] },
  // CustomResourceColumnDefinition, apiextensions v1 and v1beta1
  { reads: ['jsonPath', 'priority'], keys: ['description'] },
  { reads: ['JSONPath', 'priority'], keys: ['description'] },
  // ExternalDocumentation
  { reads: ['url'], only: true, keys: ['description'] },
  // JSONSchemaProps
  {
    reads: ['additionalItems', 'exclusiveMaximum'],
    keys: [
      'description',
      'x-kubernetes-embedded-resource',
      'x-kubernetes-int-or-string',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-list-type',
      'x-kubernetes-map-type',
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-validations',
    ],
  },
];

const GROUP_VERSION = /^(?:([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)\/)?(v[0-9]+(?:(?:alpha|beta)[0-9]+)?)$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const checks = new Map<string, ObjectCheck | undefined>();

/**
 * What the built-in schemas are, for messages: kubernetes-models 4.5.1 has the fields of Kubernetes
 * 1.33 (PodSpec `resources`, Lifecycle `stopSignal`; not 1.34's `hostnameOverride`) and keeps API
 * versions Kubernetes has since removed. A test holds this to the installed package.
 */
export const BUILTIN_SCHEMAS = 'Kubernetes 1.33 (kubernetes-models 4.5.1)';

/** The check of a built-in kind against its Kubernetes OpenAPI schema, or undefined when kubernetes-models has none. */
export function builtinCheck(apiVersion: string, kind: string): ObjectCheck | undefined {
  const key = `${apiVersion}\n${kind}`;
  if (!checks.has(key)) {
    const model = loadModel(apiVersion, kind);
    checks.set(key, model && ((object) => checkWithModel(model, object)));
  }
  return checks.get(key);
}

/** Checks the metadata of a custom resource as ObjectMeta, through ConfigMap (ObjectMeta and maps only). */
export function checkObjectMeta(metadata: unknown): Finding[] {
  const configMap = builtinCheck('v1', 'ConfigMap') as ObjectCheck;
  return configMap({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
}

function loadModel(apiVersion: string, kind: string): ModelClass | undefined {
  const gv = GROUP_VERSION.exec(apiVersion);
  if (!gv || !KIND.test(kind)) return undefined;
  const [, group, version] = gv;
  // kubernetes-models has one module per kind, under its group (the core group at the top); only
  // the kinds met are loaded, which keeps start-up short.
  const id = group === undefined ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  let exports: Record<string, unknown>;
  try {
    // Loaded on first use, one kind at a time: importing every model up front costs seconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(id) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw e;
  }
  const model = exports[kind] as ModelClass | undefined;
  // Nested types (DaemonSetSpec, ...) have modules too, but no type meta.
  return typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/**
 * The unknown fields of each document shape met, by model: which properties a validator reads
 * depends on the keys and the kinds of values, not on the values, so a file of many objects of one
 * shape is traced once. Kept to a bounded size.
 */
const unknownByShape = new WeakMap<ModelClass, Map<string, readonly Finding[]>>();
const MAX_SHAPES = 10_000;

function checkWithModel(model: ModelClass, object: object): Finding[] {
  let shapes = unknownByShape.get(model);
  if (!shapes) unknownByShape.set(model, (shapes = new Map<string, readonly Finding[]>()));
  const key = shapeOf(object);
  const known = shapes.get(key);
  if (known) return [...describeAjvErrors(validateWith(model, object), object), ...known];
  // Traced through proxies: slow, so once per shape.
  const { traced, objects } = traceReads(object);
  const errors = validateWith(model, traced);
  const unknown = objects.flatMap(unknownFields);
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(key, unknown);
  return [...describeAjvErrors(errors, object), ...unknown];
}

function validateWith(model: ModelClass, object: object): readonly ErrorObject[] {
  try {
    model.prototype.validate.call(object);
    return [];
  } catch (e) {
    const reported = (e as { errors?: unknown }).errors;
    if (!Array.isArray(reported)) throw e;
    return reported as ErrorObject[];
  }
}

/** The keys and kinds of value of a parsed document, nested: `{"a":s,"b":[{"c":n}]}`. */
function shapeOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return value === null ? 'z' : (typeof value)[0] as string;
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value as unknown[]) out += `${shapeOf(item)},`;
    return `${out}]`;
  }
  let out = '{';
  for (const key in value) out += `${JSON.stringify(key)}:${shapeOf((value as Record<string, unknown>)[key])},`;
  return `${out}}`;
}

function unknownFields({ path, object, reads }: ObjectReads): Finding[] {
  // A list, or an object whose schema declares nothing (RawExtension, FieldsV1): no property is unknown.
  if (Array.isArray(object) || reads.size === 0) return [];
  const stripped = STRIPPED_PROPERTIES.filter((s) => s.reads.every((r) => reads.has(r)) && (!s.only || reads.size === s.reads.length));
  return Object.keys(object)
    .filter((key) => !reads.has(key) && !stripped.some((s) => s.keys.includes(key)))
    .map((key) => unknownField(path, key, reads));
}
