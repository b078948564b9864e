import type { KubeObject } from './objects';
import type { CalicoRelease } from './release/release';

/**
 * Sees every set of objects a planner returns. The package installs none; its tests install one that
 * checks each object against the real CRDs of its release, so no test renders an object unchecked.
 * @internal
 */
export type RenderObserver = (objects: readonly KubeObject[], release: CalicoRelease | undefined, construct: string) => void;

let observer: RenderObserver | undefined;

/** @internal */
export function setRenderObserver(next: RenderObserver | undefined): void {
  observer = next;
}

/** Hands a planner's result to the observer, if any, and returns it. */
export function observed<T extends { readonly objects: readonly KubeObject[]; readonly release?: CalicoRelease }>(result: T, construct: string): T {
  observer?.(result.objects, result.release, construct);
  return result;
}
