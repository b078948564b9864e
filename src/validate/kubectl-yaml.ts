import { FAILSAFE_SCHEMA, NOT_RESOLVED, type Schema, defineScalarTag, mergeTag } from 'js-yaml';

// How kubectl reads a plain (unquoted) YAML scalar: its reader, sigs.k8s.io/yaml, decodes with
// go-yaml v2, whose resolver (resolve.go) is YAML 1.1 as below, then converts the result to JSON.
// Timestamps stay strings there (go-yaml v2 keeps them so when decoding into interface{}), and base-60
// numbers ("12:30") are strings: go-yaml v2 never supported them.

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, boolean] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, boolean] => [s, false]),
]);
const NULLS: ReadonlySet<string> = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ...['.nan', '.NaN', '.NAN'].map((s): [string, number] => [s, Number.NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, number] => [s, Number.POSITIVE_INFINITY]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, number] => [s, Number.NEGATIVE_INFINITY]),
]);

/** Go's `strconv.ParseInt(s, 0, 64)` and `ParseUint` syntax: a sign, then a 0x, 0o, 0b or 0 (octal) prefix or decimal digits. */
const GO_INTEGER = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
/** go-yaml v2's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's `strconv.ParseFloat` syntax for what starts with "." (no underscores without a base prefix). */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function goInteger(plain: string): number | undefined {
  const m = GO_INTEGER.exec(plain);
  if (!m) return undefined;
  const [, sign, hex, octal, binary, leadingZeroOctal, decimal] = m;
  const digits = hex !== undefined ? `0x${hex}` : octal !== undefined ? `0o${octal}` : binary !== undefined ? `0b${binary}` : leadingZeroOctal ? `0o${leadingZeroOctal}` : (decimal ?? '0');
  const value = sign === '-' ? -BigInt(digits) : BigInt(digits);
  // An int64, or (without a sign: ParseUint takes none) a uint64; beyond both, Go tries it as a float.
  if (value < INT64_MIN || value > (sign === '' ? UINT64_MAX : INT64_MAX)) return undefined;
  return Number(value);
}

function goFloat(text: string): number | undefined {
  const value = Number(text);
  // ParseFloat fails on overflow; go-yaml then keeps the text as a string.
  return Number.isFinite(value) ? value : undefined;
}

const nullTag = defineScalarTag('tag:yaml.org,2002:null', {
  implicit: true,
  implicitFirstChars: ['', '~', 'n', 'N'],
  resolve: (source) => (NULLS.has(source) ? null : NOT_RESOLVED),
  identify: () => false,
});

const boolTag = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
  resolve: (source) => BOOLEANS.get(source) ?? NOT_RESOLVED,
  identify: () => false,
});

const DIGITS_AND_SIGNS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-'];

const intTag = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: DIGITS_AND_SIGNS,
  resolve: (source) => goInteger(source.replace(/_/g, '')) ?? NOT_RESOLVED,
  identify: () => false,
});

const floatTag = defineScalarTag('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: [...DIGITS_AND_SIGNS, '.'],
  resolve: (source) => {
    const special = SPECIAL_FLOATS.get(source);
    if (special !== undefined) return special;
    if (source.startsWith('.')) return (DOT_FLOAT.test(source) ? goFloat(source) : undefined) ?? NOT_RESOLVED;
    const plain = source.replace(/_/g, '');
    return (YAML_STYLE_FLOAT.test(plain) ? goFloat(plain) : undefined) ?? NOT_RESOLVED;
  },
  identify: () => false,
});

/** Scalars as kubectl resolves them, and `<<` merge keys. */
export const KUBECTL_SCHEMA: Schema = FAILSAFE_SCHEMA.withTags(nullTag, boolTag, intTag, floatTag, mergeTag);
