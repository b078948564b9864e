import { closestName } from '../core/did-you-mean';
import { formatValue } from '../core/errors';
import type { ErrorObject } from 'ajv';
import { pointer, resolvePointer } from './json';
import type { Finding } from './types';

/** A short description of a value for a message: strings quoted and cut, containers by kind. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  const text = formatValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The message for a property the schema does not declare, with the closest declared name as a hint. */
export function unknownField(parent: string, field: string, known: Iterable<string>): Finding {
  const hint = closestName(field, known);
  return {
    path: pointer(parent, field),
    message: `unknown field "${field}": the API server would drop it${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
  };
}

const FORMATS: Readonly<Record<string, string>> = {
  int32: 'a 32-bit integer (from -2147483648 to 2147483647)',
  int64: 'a 64-bit integer',
  'date-time': 'an RFC 3339 date-time such as "2024-01-31T12:00:00Z"',
};

/**
 * Turns Ajv errors (from the kubernetes-models validators or from a compiled CRD schema) into one
 * message per problem, each saying what was expected. `root` is the validated document, read for
 * the values found.
 */
export function describeAjvErrors(errors: readonly ErrorObject[], root: unknown): Finding[] {
  // A failed anyOf/oneOf also reports every failed branch at the same path; they become one message.
  const alternatives = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding) => {
    const key = `${f.path}\n${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const path of alternatives) {
    const here = errors.filter((e) => e.instancePath === path);
    const types = [...new Set(here.filter((e) => e.keyword === 'type').flatMap((e) => typeList(e.params.type)))];
    const tooMany = here.some((e) => e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas));
    const expected = types.length > 0 ? types.join(' or ') : tooMany ? 'exactly one of the allowed shapes' : 'one of the allowed shapes';
    add({ path, message: `expected ${expected}; got ${preview(resolvePointer(root, path))}` });
  }
  // A value of the wrong type gets the type message only, not also those of its format or range.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const e of errors) {
    if (alternatives.has(e.instancePath) || (mistyped.has(e.instancePath) && e.keyword !== 'type')) continue;
    add(describe(e, root));
  }
  return findings;
}

function typeList(type: unknown): string[] {
  return Array.isArray(type) ? type.map(String) : String(type).split(',');
}

function describe(e: ErrorObject, root: unknown): Finding {
  const path = e.instancePath;
  const got = () => preview(resolvePointer(root, path));
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return { path, message: `expected ${typeList(p.type).join(' or ')}; got ${got()}` };
    case 'required':
      return { path: pointer(path, String(p.missingProperty)), message: 'required field is missing' };
    case 'additionalProperties': {
      const declared = (e.parentSchema as { properties?: object } | undefined)?.properties ?? {};
      return unknownField(path, String(p.additionalProperty), Object.keys(declared));
    }
    case 'enum':
      return { path, message: `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${got()}` };
    case 'const':
      return { path, message: `expected ${JSON.stringify(p.allowedValue)}; got ${got()}` };
    case 'pattern':
      return { path, message: `expected a string matching the pattern ${String(p.pattern)}; got ${got()}` };
    case 'x-unsupported-pattern': {
      const s = e.schema as { pattern: string; reason: string };
      return { path, message: `cannot check the pattern ${s.pattern} of the schema: ${s.reason}` };
    }
    case 'format':
      return { path, message: `expected ${FORMATS[String(p.format)] ?? `format ${String(p.format)}`}; got ${got()}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `expected a number ${String(p.comparison)} ${String(p.limit)}; got ${got()}` };
    case 'multipleOf':
      return { path, message: `expected a multiple of ${String(p.multipleOf)}; got ${got()}` };
    case 'minLength':
      return { path, message: `expected at least ${String(p.limit)} characters; got ${got()}` };
    case 'maxLength':
      return { path, message: `expected at most ${String(p.limit)} characters; got ${got()}` };
    case 'minItems':
      return { path, message: `expected at least ${String(p.limit)} items` };
    case 'maxItems':
      return { path, message: `expected at most ${String(p.limit)} items` };
    case 'minProperties':
      return { path, message: `expected at least ${String(p.limit)} fields` };
    case 'maxProperties':
      return { path, message: `expected at most ${String(p.limit)} fields` };
    case 'uniqueItems':
      return { path, message: `expected unique items; items ${String(p.j)} and ${String(p.i)} are equal` };
    case 'not':
      return { path, message: `matches a shape the schema forbids; got ${got()}` };
    default:
      return { path, message: `${e.keyword}: ${e.message ?? 'does not match the schema'}` };
  }
}
