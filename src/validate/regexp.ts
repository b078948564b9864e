/** A CRD pattern (Go RE2 syntax) as a JavaScript RegExp, or why it cannot be one. */
export type Translation = { readonly regexp: RegExp; readonly reason?: never } | { readonly regexp?: never; readonly reason: string };

const translations = new Map<string, Translation>();

/**
 * Translates an RE2 pattern to a JavaScript RegExp with the same meaning: leading flag groups
 * (`^(?i)(A|B)?$`) become RegExp flags, `(?P<name>` becomes `(?<name>`, `\A` and `\z` become anchors,
 * and a `]` first in a class stays literal. What JavaScript reads differently or not at all is
 * refused with a reason rather than guessed.
 */
export function translatePattern(pattern: string): Translation {
  let t = translations.get(pattern);
  if (t === undefined) {
    t = translate(pattern);
    translations.set(pattern, t);
  }
  return t;
}

function translate(pattern: string): Translation {
  // The unicode flag makes JavaScript reject escapes it does not know, as RE2 does, instead of reading them as letters.
  let flags = 'u';
  let source = pattern;
  const lead = /^(\^?)\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    const given = lead[2] ?? '';
    if (/[^ims]/.test(given)) return { reason: `the flags (?${given}) have no JavaScript equivalent (only i, m and s do)` };
    flags += [...new Set(given)].join('');
    source = (lead[1] ?? '') + pattern.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (!inClass && (next === 'A' || next === 'z')) {
        // Without the m flag, ^ and $ match only at the ends of the text, as \A and \z do.
        if (flags.includes('m')) return { reason: `\\${next} cannot be combined with the m flag in JavaScript` };
        out += next === 'A' ? '^' : '$';
      } else {
        out += c + next;
      }
    } else if (inClass) {
      if (c === '[' && source[i + 1] === ':') return { reason: 'POSIX classes such as [:alpha:] have no JavaScript equivalent' };
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += `\\${source[++i]}`;
    } else if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (c === '(' && /^\?[a-zA-Z-]+[):]/.test(source.slice(i + 1, i + 12))) {
      return { reason: 'RE2 flag groups such as (?i) are translated only at the start of the pattern' };
    } else {
      out += c;
    }
  }
  try {
    return { regexp: new RegExp(out, flags) };
  } catch (e) {
    return { reason: `JavaScript cannot compile it (${(e as Error).message})` };
  }
}
