import type { KubeObject } from './core/objects';
import type { CalicoRelease } from './core/release';
import { assertOwnOutputValid } from './validate/own-schemas';

/**
 * The one place the adapters check what the core rendered, with the validator users run, before
 * they emit it: built-in kinds against the Kubernetes schemas, the Calico kinds against the fields
 * the package knows for the release. A failure is a defect of the package, reported as such.
 */
export function selfChecked<T extends { readonly release: CalicoRelease; readonly objects: readonly KubeObject[] }>(rendered: T, construct: string): T {
  assertOwnOutputValid(rendered.objects, rendered.release, construct);
  return rendered;
}
