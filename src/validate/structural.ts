import { isMapping } from './json';
import { translatePattern } from './regexp';

/** A JSON schema for Ajv. */
export type AjvSchema = { [keyword: string]: unknown };

/** Keywords that mean the same in a Kubernetes structural schema and in Ajv's JSON schema. */
const SAME_MEANING = [
  'required',
  'enum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;

/** Formats the validator checks (see compile.ts); Kubernetes checks few others, and neither does this. */
export const CHECKED_FORMATS = ['int32', 'int64', 'date-time'] as const;

const INT_OR_STRING = ['integer', 'string'];

/**
 * Turns the `openAPIV3Schema` of a CRD version into a strict JSON schema for Ajv: an object that
 * declares no `additionalProperties` and is not `x-kubernetes-preserve-unknown-fields` gets
 * `additionalProperties: false`, because the API server drops the fields it does not declare.
 * `apiVersion`, `kind` and `metadata` are always allowed at the top; `metadata` is checked apart, as
 * ObjectMeta. With `preserveUnknownFields` (a v1beta1 CRD that asks for it) nothing is strict.
 */
export function customResourceSchema(openAPIV3Schema: unknown, preserveUnknownFields: boolean): AjvSchema {
  const root = isMapping(openAPIV3Schema) ? openAPIV3Schema : {};
  const { metadata, ...declared } = isMapping(root.properties) ? root.properties : {};
  const schema = convert({ ...root, type: 'object', properties: declared }, !preserveUnknownFields);
  // The CRD may only restrict metadata.name and generateName; ObjectMeta is checked apart.
  schema.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    ...(schema.properties as AjvSchema),
    metadata: convert(metadata ?? {}, false),
  };
  return schema;
}

/** An openAPIV3 schema as a strict JSON schema: every object without `additionalProperties` declares all it may hold. */
export function strictSchema(openAPIV3Schema: unknown): AjvSchema {
  return convert(openAPIV3Schema, true);
}

/** Converts one node. `strict`: unknown properties of objects are errors (never inside anyOf/allOf/oneOf/not). */
function convert(node: unknown, strict: boolean): AjvSchema {
  if (!isMapping(node)) return {};
  const out: AjvSchema = {};
  for (const keyword of SAME_MEANING) {
    if (node[keyword] !== undefined) out[keyword] = node[keyword];
  }
  convertType(node, out);
  convertNumberLimits(node, out);
  if (typeof node.format === 'string' && (CHECKED_FORMATS as readonly string[]).includes(node.format)) out.format = node.format;
  if (typeof node.pattern === 'string') {
    const t = translatePattern(node.pattern);
    // Ajv compiles the original text again through translatePattern (compile.ts), so messages show the CRD's pattern.
    if (t.regexp) out.pattern = node.pattern;
    else out['x-unsupported-pattern'] = { pattern: node.pattern, reason: t.reason };
  }
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;

  if (isMapping(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, convert(v, strict)]));
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties as AjvSchema) };
  }
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (isMapping(node.additionalProperties)) out.additionalProperties = convert(node.additionalProperties, strict);
  if (Array.isArray(node.items)) out.items = node.items.map((item) => convert(item, strict));
  else if (isMapping(node.items)) out.items = convert(node.items, strict);

  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[junctor];
    // An int-or-string's anyOf of the two bare types is already its type.
    if (Array.isArray(branches) && !(junctor === 'anyOf' && node['x-kubernetes-int-or-string'] === true && branches.every(isBareType))) {
      out[junctor] = branches.map((b) => convert(b, false));
    }
  }
  if (node.not !== undefined) out.not = convert(node.not, false);

  const isObject = node.type === 'object' || out.properties !== undefined;
  if (strict && isObject && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function convertType(node: Readonly<Record<string, unknown>>, out: AjvSchema): void {
  const types = node['x-kubernetes-int-or-string'] === true ? [...INT_OR_STRING] : typeof node.type === 'string' ? [node.type] : [];
  if (node.nullable === true && types.length > 0) {
    types.push('null');
    const values: unknown[] | undefined = Array.isArray(out.enum) ? out.enum : undefined;
    if (values && !values.includes(null)) out.enum = [...values, null];
  }
  if (types.length > 0) out.type = types.length === 1 ? types[0] : types;
}

/** OpenAPI 3.0 writes exclusive limits as booleans next to minimum/maximum; JSON schema as the limit itself. */
function convertNumberLimits(node: Readonly<Record<string, unknown>>, out: AjvSchema): void {
  for (const [limit, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof node[limit] !== 'number') continue;
    if (node[exclusive] === true) out[exclusive] = node[limit];
    else out[limit] = node[limit];
  }
}

function isBareType(branch: unknown): boolean {
  return isMapping(branch) && Object.keys(branch).length === 1 && (branch.type === 'integer' || branch.type === 'string');
}
