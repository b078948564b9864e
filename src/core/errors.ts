/** One rejected prop: where it is, what it held and what would have been accepted. */
export interface ValidationIssue {
  /** Dotted path of the prop, e.g. `felix.l7LogsFlushInterval`. */
  readonly field: string;
  /** The value that was given. */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly allowed: string;
}

/**
 * Thrown for invalid props, before any object is rendered. Every issue found is reported at once,
 * so a user fixes a construct in one pass. Printed uncaught, it is one block: the construct, then a
 * line per field with what was given and what is allowed; no stack trace, as the construct's path
 * says where it is.
 */
export class L7ValidationError extends Error {
  override readonly name = 'L7ValidationError';
  /** The construct or component that rejected its props, e.g. `L7Logging prod-eu1/l7`. */
  declare readonly construct: string;
  declare readonly issues: readonly ValidationIssue[];

  constructor(construct: string, issues: readonly ValidationIssue[]) {
    super(`${construct}: invalid props\n` + issues.map((i) => `  - ${describeIssue(i)}`).join('\n'));
    // Not enumerable: Node prints an uncaught error's enumerable fields after it, which repeated every issue as an object.
    Object.defineProperty(this, 'construct', { value: construct, enumerable: false });
    Object.defineProperty(this, 'issues', { value: issues, enumerable: false });
    Object.defineProperty(this, 'name', { value: 'L7ValidationError', enumerable: false });
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** One issue as a line for a person: `field: got value; what is allowed`. */
export function describeIssue(i: ValidationIssue): string {
  return `${i.field}: got ${formatValue(i.value)}; ${i.allowed}`;
}

const MAX_SHOWN = 120;
/**
 * Characters shown escaped: anything outside printable ASCII, so that invisible characters (zero
 * widths, direction marks) and look-alikes (a Cyrillic "е" in "cartsеrvice") can be told apart.
 */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;

/**
 * A value as an error message shows it: JSON, every character outside printable ASCII escaped
 * (`\u200b`, `\u0435`), long values cut. An object with a `toJSON` of its own (a Pulumi Output, a
 * class of the program) is named, not serialized: its `toJSON` text is not what the user wrote.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const named = nameOf(value);
  if (named) return named;
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) : value) : (JSON.stringify(value) ?? typeof value);
  } catch {
    return Object.prototype.toString.call(value);
  }
  const cut = typeof value === 'string' ? value.length > MAX_SHOWN : text.length > MAX_SHOWN;
  const shown = (typeof value === 'string' ? text : text.slice(0, MAX_SHOWN)).replace(NOT_PRINTABLE_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const length = typeof value === 'string' ? value.length : text.length;
  return cut ? `${shown}... (${length} characters)` : shown;
}

/** `(a Pulumi Output)`, `(an instance of Foo)` for objects whose JSON is not their data; undefined for others. */
function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  try {
    if ((value as { __pulumiOutput?: unknown }).__pulumiOutput === true) return '(a Pulumi Output, known only at deployment)';
    if (typeof (value as { toJSON?: unknown }).toJSON !== 'function') return undefined;
    return `(an instance of ${classOf(value) ?? 'a class'})`;
  } catch {
    // A proxy whose traps throw: named by what it is.
    return '(an object that cannot be read)';
  }
}

/**
 * The name of an object's class, when it has a named one. Throws for a proxy whose traps throw.
 * @internal
 */
export function classOf(value: object): string | undefined {
  const name: unknown = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Collects issues while a props object is checked, then throws them together. */
export class Issues {
  readonly list: ValidationIssue[] = [];
  private readonly seen = new Set<string>();

  add(field: string, value: unknown, allowed: string): void {
    // A value shared by two settings (a Felix port that is also Envoy's) is checked twice but reported
    // once; a set keeps that constant-time, so thousands of bad Services are collected in linear time.
    const key = `${field}\n${allowed}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ field, value, allowed });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(construct: string): void {
    if (this.list.length > 0) throw new L7ValidationError(construct, this.list);
  }

  /** Throws the issues collected; otherwise returns `value`, which checks that pass always leave defined. */
  checked<T>(construct: string, value: T | undefined): T {
    this.throwIfAny(construct);
    if (value === undefined) throw new Error(`${construct}: the props passed their checks but gave no result (a defect of the package; please report it)`);
    return value;
  }
}
