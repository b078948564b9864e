import type { ErrorObject } from 'ajv';
import type { KubeObject } from './core/objects';
import type { CalicoRelease } from './core/release';
import { describeAjvErrors } from './validate/messages';
import { selfCheckKey, validatorFile } from './validate/self-check-keys';

/** A compiled schema check, as Ajv (and its standalone code) make them. */
interface Validate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Options shared by the build's standalone code and the compile on first use: they must agree. */
export const SELF_CHECK_AJV_OPTIONS = {
  // The first error only, not verbose: smaller code that starts faster. A failure is a defect of the
  // package, reported as such; its first error is enough to find it.
  allErrors: false,
  strict: false,
  logger: false,
  // Ranges were checked with the props; the formats only name the integer widths.
  formats: { int32: true, int64: true },
} as const;

const loaded = new Map<string, Validate | undefined>();
let compiled: ((key: string) => Validate | undefined) | undefined;

/**
 * The self-check validator of a key: compiled ahead of time by the build (lib/validate/generated,
 * one module per schema, loaded when first needed), or, running from the sources (or for a key the
 * build has no module for), compiled here on first use.
 */
function validatorFor(key: string): Validate | undefined {
  if (!loaded.has(key)) {
    let validate = builtValidator(key);
    if (!validate) {
      compiled ??= compiledValidators();
      validate = compiled(key);
    }
    loaded.set(key, validate);
  }
  return loaded.get(key);
}

/** The build's module of a key, or undefined when there is none (running from the sources). */
function builtValidator(key: string): Validate | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`./validate/generated/${validatorFile(key)}`) as { default: Validate }).default;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw e;
    return undefined;
  }
}

/** Every self-check schema compiled, for when the build's modules are not there. */
function compiledValidators(): (key: string) => Validate | undefined {
  // Loaded only here: a built package never needs Ajv's compiler to check its own output.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const { selfCheckSchemas } = require('./validate/self-check-schemas') as typeof import('./validate/self-check-schemas');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv(SELF_CHECK_AJV_OPTIONS);
  const all = Object.fromEntries(Object.entries(selfCheckSchemas()).map(([key, schema]) => [key, ajv.compile(schema)]));
  return (key) => (Object.hasOwn(all, key) ? all[key] : undefined);
}

/** Selections (Services, namespaces, workloads of one kind) differ only in names that props validation has checked: one of each stands for all. */
function isSampled(key: string | undefined, seen: Set<string>): boolean {
  if (key !== 'v1/Service' && key !== 'v1/Namespace' && !key?.endsWith('#pod-template')) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * The one place the adapters check what the core rendered, before they emit it: each object against
 * the strict schema of exactly the fields the package writes for its kind and release. Props were
 * validated before rendering, so a failure is a defect of the package, reported as such.
 */
export function selfChecked<T extends { readonly release: CalicoRelease; readonly objects: readonly KubeObject[] }>(rendered: T, construct: string): T {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const object of rendered.objects) {
    const key = selfCheckKey(object, rendered.release);
    if (!isSampled(key, seen)) continue;
    const validate = key === undefined ? undefined : validatorFor(key);
    const label = () => [object.kind, object.metadata.namespace, object.metadata.name].filter(Boolean).join('/');
    if (!validate) {
      lines.push(`  - ${label()}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    if (validate(object)) continue;
    for (const f of describeAjvErrors(validate.errors ?? [], object)) lines.push(`  - ${label()} ${f.path || '/'}: ${f.message}`);
  }
  if (lines.length > 0) {
    throw new Error(`${construct}: calico-l7-logging rendered objects that fail their schema (a defect of the package; please report it):\n${lines.join('\n')}`);
  }
  return rendered;
}
