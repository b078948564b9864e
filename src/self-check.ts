import { readBuiltJson } from './core/built-json';
import { type KubeObject, objectIdentity } from './core/objects';
import type { CalicoRelease } from './core/release';
import { firstViolation } from './validate/schema-check';
import { selfCheckKey } from './validate/self-check-keys';
import type { AjvSchema } from './validate/structural';

/** Where in lib/ the build writes every self-check schema, by key, each as JSON text: only the kinds emitted are parsed. */
export const SELF_CHECK_SCHEMAS_FILE = 'generated/self-check-schemas.json';

let texts: Readonly<Record<string, string>> | undefined;
const parsed = new Map<string, AjvSchema | undefined>();

/** The self-check schema of a key: from the build's file, or, running from the sources, built here on first use. */
function schemaFor(key: string): AjvSchema | undefined {
  if (!parsed.has(key)) {
    // Loaded only here: a built package never builds its schemas.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    texts ??= readBuiltJson<Record<string, string>>(SELF_CHECK_SCHEMAS_FILE) ?? (require('./validate/self-check-schemas') as typeof import('./validate/self-check-schemas')).selfCheckSchemaTexts();
    parsed.set(key, Object.hasOwn(texts, key) ? (JSON.parse(texts[key] as string) as AjvSchema) : undefined);
  }
  return parsed.get(key);
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
  const objects = rendered.objects;
  // Indexed (a for-of steps through an iterator until V8 optimizes it): there may be 10,000 Services.
  for (let i = 0; i < objects.length; i += 1) {
    const object = objects[i] as KubeObject;
    const key = selfCheckKey(object, rendered.release);
    if (!isSampled(key, seen)) continue;
    const schema = key === undefined ? undefined : schemaFor(key);
    const label = () => objectIdentity(object);
    if (!schema) {
      lines.push(`  - ${label()}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const violation = firstViolation(schema, object);
    if (violation) lines.push(`  - ${label()} ${violation.path || '/'}: ${violation.message}`);
  }
  if (lines.length > 0) {
    throw new Error(`${construct}: calico-l7-logging rendered objects that fail their schema (a defect of the package; please report it):\n${lines.join('\n')}`);
  }
  return rendered;
}
