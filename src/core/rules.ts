import { closestName } from './did-you-mean';
import { type Issues, classOf } from './errors';

// Field checks shared by every props validator. Each returns true when the value is acceptable, so
// callers can skip derived checks on a value already reported.

/** RFC 1123 label: Namespaces, ServiceAccounts, most object names. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: Service names must also start with a letter. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: node names, ConfigMap names and the like. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Go duration as Felix's CRDs accept it. The CRD pattern `^([0-9]+(\\.[0-9]+)?(ms|s|m|h))*$`
 * escapes its dot twice, so the API server only accepts whole numbers per unit (`1m30s`, not `1.5m`).
 */
const GO_DURATION = /^([0-9]+(ms|s|m|h))+$/;

/** Kubernetes resource quantity (apimachinery `resource.Quantity`). */
const QUANTITY = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** An object literal (or `Object.create(null)`): not a Map, not a class instance, nothing inherited. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const MAX_DEPTH = 16;

/**
 * Props read once into plain data, so what is validated is what is rendered: a getter or a proxy
 * cannot change a value after its check. Holes in lists and nesting past 16 levels are issues.
 * Other objects (a Map, a class instance, a construct or Pulumi resource given as a Service) are
 * kept as they are, for the checks that expect them or refuse them.
 */
export function snapshotProps(issues: Issues, value: unknown): unknown {
  // The keys down to the value being read; a field name is built only for an issue, as lists may be long.
  const path: (string | number)[] = [];
  const field = () => path.reduce<string>((f, k) => (typeof k === 'number' ? `${f || 'props'}[${k}]` : join(f, k)), '') || 'props';
  const read = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (path.length > MAX_DEPTH) {
      issues.add(field(), '(nested object)', `expected at most ${MAX_DEPTH} levels of nesting`);
      return undefined;
    }
    if (Array.isArray(v)) {
      const list: unknown[] = v;
      const out: unknown[] = [];
      for (let i = 0; i < list.length; i += 1) {
        if (!(i in list)) {
          path.push(i);
          issues.add(field(), undefined, 'expected a list without holes');
          path.pop();
          return [];
        }
        const item = list[i];
        out.push(typeof item !== 'object' || item === null ? item : readAt(i, item));
      }
      return out;
    }
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    // for-in with hasOwn, not Object.keys: no list per object, and there may be thousands of Services.
    // Leaves are copied inline: a call per field is most of the cost of a long list of Services.
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const entry = v[key];
      const copy = typeof entry !== 'object' || entry === null ? entry : readAt(key, entry);
      // JSON.parse makes "__proto__" an own key; assigned, it would replace the copy's prototype instead.
      if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
      else out[key] = copy;
    }
    return out;
  };
  // The path grows only to read a list or an object.
  const readAt = (key: string | number, v: object): unknown => {
    path.push(key);
    const out = read(v);
    path.pop();
    return out;
  };
  return read(value);
}

/** Rejects keys a props object does not define: a misspelled prop would otherwise be ignored. */
export function checkKnownKeys(issues: Issues, prefix: string, value: unknown, known: readonly string[]): boolean {
  if (!isPlainObject(value)) {
    issues.add(prefix || 'props', value, expectedObject(value));
    return false;
  }
  let ok = true;
  // for-in with hasOwn, not Object.keys: no list per object (there may be thousands of Services).
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!known.includes(key)) {
      const hint = closestName(key, known);
      issues.add(join(prefix, key), value[key], hint === undefined ? `unknown prop; allowed props are ${known.join(', ')}` : `unknown prop; did you mean "${hint}"?`);
      ok = false;
    } else if (value[key] === null) {
      // Defaults apply to unset props only; a null would otherwise slip past them as "unset".
      issues.add(join(prefix, key), null, 'expected a value; leave the prop out to use its default');
      ok = false;
    }
  }
  return ok;
}

/** What a value that is not a plain object should have been, naming the class of an instance. */
function expectedObject(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
  try {
    const name = classOf(value);
    return `expected a plain object ({ ... }), not an instance of ${name === undefined ? 'a class' : `class ${name}`}: copy its fields into one`;
  } catch {
    return 'expected a plain object ({ ... })';
  }
}

/** Text as a regular expression that matches it literally. @internal */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
}

export function checkInteger(issues: Issues, field: string, value: unknown, range: IntegerRange = {}): value is number {
  const { min, max } = range;
  const bounds =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    issues.add(field, value, `expected an integer${bounds}`);
    return false;
  }
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    issues.add(field, value, `expected an integer${bounds}`);
    return false;
  }
  return true;
}

export function checkBoolean(issues: Issues, field: string, value: unknown): value is boolean {
  if (typeof value !== 'boolean') {
    issues.add(field, value, 'expected true or false');
    return false;
  }
  return true;
}

export function checkEnum<T extends string>(
  issues: Issues,
  field: string,
  value: unknown,
  allowed: readonly T[],
): value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.add(field, value, `expected one of ${allowed.join(', ')}`);
    return false;
  }
  return true;
}

export type NameKind = 'label' | 'service' | 'subdomain';

const NAME_RULES: Readonly<Record<NameKind, { readonly pattern: RegExp; readonly max: number; readonly what: string }>> = {
  service: {
    pattern: DNS1035_LABEL,
    max: 63,
    what: 'a Service name (RFC 1035 label: lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
  },
  label: { pattern: DNS1123_LABEL, max: 63, what: 'a Kubernetes name (RFC 1123 label: lower-case letters, digits and "-", at most 63 characters)' },
  subdomain: {
    pattern: DNS1123_SUBDOMAIN,
    max: 253,
    what: 'a Kubernetes name (RFC 1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters)',
  },
};

/** Whether a value is a name of this kind; {@link checkName} reports it when not. */
function isName(value: unknown, kind: NameKind): value is string {
  const rule = NAME_RULES[kind];
  return typeof value === 'string' && value.length <= rule.max && rule.pattern.test(value);
}

export function checkName(issues: Issues, field: string, value: unknown, kind: NameKind): value is string {
  if (isName(value, kind)) return true;
  issues.add(field, value, `expected ${NAME_RULES[kind].what}`);
  return false;
}

/** {@link checkName} of `parent.key`, with the field name built only for an issue: a list may hold thousands of names. */
export function checkNameAt(issues: Issues, parent: string, key: string, value: unknown, kind: NameKind): value is string {
  return isName(value, kind) || checkName(issues, join(parent, key), value, kind);
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label or taint key: an optional DNS-subdomain prefix (at most 253) and "/", then a name of at most 63. */
export function checkQualifiedName(issues: Issues, field: string, value: unknown): value is string {
  const [prefix, name] = typeof value === 'string' && value.includes('/') ? value.split('/', 2) : ['', value];
  if (typeof value !== 'string' || !QUALIFIED_NAME.test(value) || (prefix ?? '').length > 253 || typeof name !== 'string' || name.length > 63) {
    issues.add(field, value, 'expected a key such as "dedicated" or "example.com/role" (a name of at most 63 characters, optionally after a DNS prefix and "/")');
    return false;
  }
  return true;
}

/** A label or taint value: at most 63 characters, alphanumerics with "-", "_" and "." inside. */
export function checkLabelValue(issues: Issues, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    issues.add(field, value, 'expected a value of at most 63 characters: letters, digits, and "-", "_", "." between them');
    return false;
  }
  return true;
}

export function checkDuration(issues: Issues, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || !GO_DURATION.test(value) || durationSeconds(value) === 0) {
    issues.add(field, value, 'expected a positive duration of whole numbers with units h, m, s or ms, such as "5m0s", "300s" or "1m30s"');
    return false;
  }
  return true;
}

/** Seconds in a duration accepted by {@link checkDuration}. */
export function durationSeconds(value: string): number {
  const factor: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const m of value.matchAll(/([0-9]+)(ms|s|m|h)/g)) total += Number(m[1]) * (factor[m[2] as string] ?? 0);
  return total;
}

export function checkAbsolutePath(issues: Issues, field: string, value: unknown, opts: { file?: boolean } = {}): value is string {
  const segments = typeof value === 'string' ? value.split('/').slice(1) : [];
  const ok =
    typeof value === 'string' &&
    value.startsWith('/') &&
    !/[\s\0]/.test(value) &&
    !segments.includes('..') &&
    !segments.includes('.') &&
    // Linux: a file name is at most 255 bytes, a path at most 4096.
    segments.every((s) => Buffer.byteLength(s) <= 255) &&
    Buffer.byteLength(value) < 4096 &&
    (opts.file ? value.length > 1 && !value.endsWith('/') : true);
  if (!ok) {
    issues.add(
      field,
      value,
      opts.file
        ? 'expected an absolute file path such as "/tmp/envoy.log" (no spaces, no "." or ".." segments, not ending in "/", each name at most 255 bytes)'
        : 'expected an absolute directory path such as "/var/run/nodeagent" (no spaces, no "." or ".." segments, each name at most 255 bytes)',
    );
  }
  return ok;
}

export function checkPort(issues: Issues, field: string, value: unknown): value is number {
  return checkInteger(issues, field, value, { min: 1, max: 65535 });
}

export function checkQuantity(issues: Issues, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || !QUANTITY.test(value) || !(quantityBytes(value) > 0) || !Number.isFinite(quantityBytes(value))) {
    issues.add(field, value, 'expected a positive Kubernetes quantity such as "10Gi", "500Mi" or "200G"');
    return false;
  }
  return true;
}

const QUANTITY_FACTORS: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Value of a quantity accepted by {@link checkQuantity}, in base units (bytes for storage). */
export function quantityBytes(value: string): number {
  const m = /^([0-9.]+)(.*)$/.exec(value);
  if (!m) return Number.NaN;
  const [, num, suffix] = m as unknown as [string, string, string];
  // The suffixes first: "E" and "Ei" are exa, only "e3"/"E3" with digits is an exponent.
  const factor = QUANTITY_FACTORS[suffix];
  if (factor !== undefined) return Number(num) * factor;
  return /^[eE][+-]?[0-9]+$/.test(suffix) ? Number(num) * 10 ** Number(suffix.slice(1)) : Number.NaN;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether a string holds C0 or C1 control characters (newlines, escapes), which no name or path may. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}
