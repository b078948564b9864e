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
 * so a user fixes a construct in one pass.
 */
export class L7ValidationError extends Error {
  override readonly name = 'L7ValidationError';

  constructor(
    /** The construct or component that rejected its props, e.g. `L7Logging prod-eu1/l7`. */
    readonly construct: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(
      `${construct}: invalid props\n` +
        issues.map((i) => `  - ${i.field}: got ${formatValue(i.value)}; ${i.allowed}`).join('\n'),
    );
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Collects issues while a props object is checked, then throws them together. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(field: string, value: unknown, allowed: string): void {
    // A value shared by two settings (a Felix port that is also Envoy's) is checked twice but reported once.
    if (this.list.some((i) => i.field === field && i.allowed === allowed)) return;
    this.list.push({ field, value, allowed });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(construct: string): void {
    if (this.list.length > 0) throw new L7ValidationError(construct, this.list);
  }
}
