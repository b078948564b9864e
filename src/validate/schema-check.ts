import { isDeepStrictEqual } from 'node:util';
import { pointer } from './json';
import { preview, unknownField } from './messages';
import type { AjvSchema } from './structural';
import type { Finding } from './types';

// The self-check's validator: the few keywords of the package's own strict schemas, interpreted.
// Interpreting the handful of objects a construct writes costs microseconds, where generating and
// compiling validator code costs milliseconds in every fresh process. The tests hold it to Ajv's
// verdicts on every object the package renders and hundreds of broken copies.

/** The keywords {@link firstViolation} knows; a schema with any other is refused where it is built. */
export const SCHEMA_CHECK_KEYWORDS: readonly string[] = [
  'type',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  // The self-check only names integer widths with it; ranges were checked with the props.
  'format',
];

const patterns = new Map<string, RegExp>();

/**
 * The first place where `value` breaks `schema`, or undefined when it conforms. Paths are built on
 * the way back from a violation, so a conforming object costs no strings.
 */
export function firstViolation(schema: AjvSchema, value: unknown): Finding | undefined {
  const s = schema as SchemaNode;
  if (s.type !== undefined && !(typeof s.type === 'string' ? hasType(value, s.type) : s.type.some((t) => hasType(value, t)))) {
    return here(`expected ${typeof s.type === 'string' ? s.type : s.type.join(' or ')}, found ${preview(value)}`);
  }
  if (s.enum !== undefined && !s.enum.some((allowed) => allowed === value || (typeof allowed === 'object' && isDeepStrictEqual(allowed, value)))) {
    return here(`expected one of ${s.enum.map(preview).join(', ')}, found ${preview(value)}`);
  }
  if (typeof value === 'number') return numberViolation(s, value);
  if (typeof value === 'string') return stringViolation(s, value);
  if (Array.isArray(value)) return listViolation(s, value);
  if (value !== null && typeof value === 'object') return objectViolation(s, value as Record<string, unknown>);
  return undefined;
}

/** A violation of the value being checked itself. */
function here(message: string): Finding {
  return { path: '', message };
}

/** A violation found at `key` below the value being checked, with its path from there. */
function below(key: string | number, found: Finding | undefined): Finding | undefined {
  return found && { path: pointer('', key) + found.path, message: found.message };
}

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, AjvSchema>>;
  readonly additionalProperties?: boolean | AjvSchema;
  readonly items?: AjvSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** JSON schema's types, as Ajv reads them: integers are whole numbers, numbers are finite. */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
    case 'boolean':
      return typeof value === type;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

function numberViolation(s: SchemaNode, value: number): Finding | undefined {
  if (s.minimum !== undefined && value < s.minimum) return here(`expected at least ${s.minimum}, found ${value}`);
  if (s.maximum !== undefined && value > s.maximum) return here(`expected at most ${s.maximum}, found ${value}`);
  return undefined;
}

function stringViolation(s: SchemaNode, value: string): Finding | undefined {
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    // Lengths count code points, as JSON schema does, not UTF-16 units.
    const length = [...value].length;
    if (s.minLength !== undefined && length < s.minLength) return here(`expected at least ${s.minLength} characters, found ${length}`);
    if (s.maxLength !== undefined && length > s.maxLength) return here(`expected at most ${s.maxLength} characters, found ${length}`);
  }
  if (s.pattern !== undefined) {
    let regexp = patterns.get(s.pattern);
    if (!regexp) patterns.set(s.pattern, (regexp = new RegExp(s.pattern, 'u')));
    if (!regexp.test(value)) return here(`expected a match of ${s.pattern}, found ${preview(value)}`);
  }
  return undefined;
}

function listViolation(s: SchemaNode, value: readonly unknown[]): Finding | undefined {
  if (s.minItems !== undefined && value.length < s.minItems) return here(`expected at least ${s.minItems} items, found ${value.length}`);
  if (s.maxItems !== undefined && value.length > s.maxItems) return here(`expected at most ${s.maxItems} items, found ${value.length}`);
  if (s.items === undefined) return undefined;
  for (let i = 0; i < value.length; i += 1) {
    const found = below(i, firstViolation(s.items, value[i]));
    if (found) return found;
  }
  return undefined;
}

function objectViolation(s: SchemaNode, value: Readonly<Record<string, unknown>>): Finding | undefined {
  // As Ajv reads them: a property set to undefined is missing, and only an undeclared one is checked.
  for (const key of s.required ?? []) {
    if (value[key] === undefined) return { path: pointer('', key), message: 'required, and missing' };
  }
  const properties = s.properties ?? {};
  for (const key of Object.keys(value)) {
    const declared = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (declared !== undefined && value[key] === undefined) continue;
    const rule = declared ?? s.additionalProperties;
    if (rule === false) return unknownField('', key, Object.keys(properties));
    const found = rule === undefined || rule === true ? undefined : below(key, firstViolation(rule, value[key]));
    if (found) return found;
  }
  return undefined;
}
