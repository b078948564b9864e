import Ajv, { type ErrorObject, type Format, type Options } from 'ajv';
import { checkObjectMeta } from './builtin';
import { describeAjvErrors } from './messages';
import { translatePattern } from './regexp';
import { type CHECKED_FORMATS, customResourceSchema } from './structural';
import type { ObjectCheck } from './types';

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

/** Ajv compiles every CRD pattern with RE2 (regexp.ts). `code` names it only in standalone code, which is not generated here. */
const re2: NonNullable<Options['code']>['regExp'] = Object.assign(
  (pattern: string) => {
    const t = translatePattern(pattern);
    if (!t.regexp) throw new Error(`pattern ${pattern}: ${t.reason}`);
    return t.regexp;
  },
  { code: 'translatePattern' },
);

const FORMATS: Record<(typeof CHECKED_FORMATS)[number], Format> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT64 && n < INT64 },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
};

const ajv = new Ajv({
  allErrors: true,
  // Verbose errors carry the schema, which names the declared properties of an unknown field.
  verbose: true,
  strict: false,
  logger: false,
  code: { regExp: re2 },
  formats: FORMATS,
});
// A pattern RE2 cannot compile fails every string it is given, with its reason (see messages.ts).
ajv.addKeyword({ keyword: 'x-unsupported-pattern', type: 'string', schemaType: 'object', validate: () => false });

const compiled = new WeakMap<object, ObjectCheck>();

/** The check of a custom resource against its CRD version's schema, compiled once per schema. `crd` names the CRD in messages. */
export function customResourceCheck(openAPIV3Schema: object, preserveUnknownFields: boolean, crd: string): ObjectCheck {
  let check = compiled.get(openAPIV3Schema);
  if (!check) {
    check = compile(openAPIV3Schema, preserveUnknownFields, crd);
    compiled.set(openAPIV3Schema, check);
  }
  return check;
}

function compile(openAPIV3Schema: object, preserveUnknownFields: boolean, crd: string): ObjectCheck {
  try {
    const validate = ajv.compile(customResourceSchema(openAPIV3Schema, preserveUnknownFields));
    return (object) => {
      const errors: readonly ErrorObject[] = validate(object) ? [] : (validate.errors ?? []);
      return [...describeAjvErrors(errors, object), ...checkObjectMeta(object.metadata)];
    };
  } catch (e) {
    const message = `the schema of CRD ${crd} cannot be compiled: ${(e as Error).message}`;
    return () => [{ path: '', message }];
  }
}
