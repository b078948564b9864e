import { RE2JS } from 're2js';

/** What a compiled CRD pattern offers the validator: a search, as `RegExp.prototype.test`. */
export interface PatternMatcher {
  test(text: string): boolean;
  toString(): string;
}

/** A CRD pattern compiled, or why it cannot be. */
export type Translation = { readonly regexp: PatternMatcher; readonly reason?: never } | { readonly regexp?: never; readonly reason: string };

const translations = new Map<string, Translation>();

/**
 * Compiles a CRD pattern with RE2, the engine the API server checks patterns with (Go's regexp):
 * the same syntax (`(?i)`, `\A`, `[[:alpha:]]`, no backreferences or lookaround) and time linear in
 * the input, so a hostile pattern in a CRD cannot stall the validator.
 */
export function translatePattern(pattern: string): Translation {
  let t = translations.get(pattern);
  if (t === undefined) {
    try {
      const compiled = RE2JS.compile(pattern);
      // Ajv tells compiled patterns apart by their text, as it would RegExps: toString must give it.
      t = { regexp: { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/` } };
    } catch (e) {
      t = { reason: `RE2 cannot compile it (${(e as Error).message})` };
    }
    translations.set(pattern, t);
  }
  return t;
}
