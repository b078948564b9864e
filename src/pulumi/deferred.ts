import * as pulumi from '@pulumi/pulumi';
import { type CollectorImages, type ImageRef, Issues, type KubeObject, L7ValidationError, type StorageSizingInputs, checkQuantity, checkTag, sizeLogStorage } from '../core';
import type { FinishArgs } from './resources';

/** A string that may be another resource's output: an image tag, a storage size. */
export type Deferrable = pulumi.Input<string>;

/** Collector images whose tags may be outputs. */
export interface ImagesArgs extends Omit<CollectorImages, 'tag' | 'envoy' | 'collector'> {
  readonly tag?: Deferrable;
  readonly envoy?: Omit<ImageRef, 'tag'> & { readonly tag?: Deferrable };
  readonly collector?: Omit<ImageRef, 'tag'> & { readonly tag?: Deferrable };
}

/** Storage sizing inputs whose current size may be an output. */
export interface StorageSizingArgs extends Omit<StorageSizingInputs, 'currentPerNodeStorage'> {
  readonly currentPerNodeStorage?: Deferrable;
}

/** A value known only at deployment: an output or a promise. */
export const isDeferred = (v: unknown): v is pulumi.Output<string> | Promise<string> => pulumi.Output.isInstance(v) || v instanceof Promise;

/** Stands in for an image tag known only at deployment while the props are checked and rendered. */
const TAG_PLACEHOLDER = 'v0.0.0-deferred';
/** Stands in for the current storage size known only at deployment. */
const SIZE_PLACEHOLDER = '1Gi';

interface TagSlot {
  readonly field: string;
  readonly image: 'envoy' | 'collector' | 'both';
  readonly value: pulumi.Output<string> | Promise<string>;
}

/**
 * Image tags and the current storage size may be outputs of other resources: they change values
 * inside objects, never which objects exist. The props are checked and rendered with stand-ins, and
 * the real values go into the resources' args, checked by the same rules when they arrive.
 */
export function deferInputs<T extends { images?: unknown; storage?: unknown }>(label: string, args: T): { plain: T; finish: FinishArgs; sizeDeferred: boolean } {
  const tags: TagSlot[] = [];
  let size: pulumi.Output<string> | Promise<string> | undefined;
  const images = args.images as { tag?: unknown; envoy?: { tag?: unknown }; collector?: { tag?: unknown } } | undefined;
  let plainImages = images;
  if (images && typeof images === 'object') {
    const copy = { ...images };
    if (isDeferred(copy.tag)) {
      tags.push({ field: 'images.tag', image: 'both', value: copy.tag });
      copy.tag = TAG_PLACEHOLDER;
    }
    for (const key of ['envoy', 'collector'] as const) {
      const ref = copy[key];
      if (ref && typeof ref === 'object' && isDeferred(ref.tag)) {
        tags.push({ field: `images.${key}.tag`, image: key, value: ref.tag });
        copy[key] = { ...ref, tag: TAG_PLACEHOLDER };
      }
    }
    plainImages = copy;
  }
  const storage = args.storage as (StorageSizingInputs & { currentPerNodeStorage?: unknown }) | undefined;
  let plainStorage: unknown = storage;
  if (storage && typeof storage === 'object' && isDeferred(storage.currentPerNodeStorage)) {
    size = storage.currentPerNodeStorage;
    plainStorage = { ...storage, currentPerNodeStorage: SIZE_PLACEHOLDER };
  }
  const plain = { ...args, ...(plainImages === undefined ? {} : { images: plainImages }), ...(plainStorage === undefined ? {} : { storage: plainStorage }) } as T;

  const checked = (field: string, kind: DeferredKind) => (v: string) => checkDeployedValue(label, field, kind, v);
  const finish: FinishArgs = (object: KubeObject) => {
    if (object.kind === 'DaemonSet' && tags.length > 0) return withTags(object, tags, checked);
    if (object.kind === 'LogStorage' && size !== undefined) {
      const inputs = storage as StorageSizingInputs;
      const recommended = pulumi
        .output(size)
        .apply(checked('storage.currentPerNodeStorage', 'quantity'))
        .apply((v) => sizeLogStorage({ ...inputs, currentPerNodeStorage: v }).recommendedPerNodeStorage);
      return { ...object, spec: { nodes: { resourceRequirements: { requests: { storage: recommended } } } } };
    }
    return object;
  };
  return { plain, finish, sizeDeferred: size !== undefined };
}

type DeferredKind = 'tag' | 'quantity';

/**
 * Checks a value that arrived at deployment by the rule its prop has; throws the same
 * L7ValidationError as a plain value would have, which Pulumi reports as the resource's error.
 */
export function checkDeployedValue(label: string, field: string, kind: DeferredKind, value: string): string {
  const issues = new Issues();
  const ok = kind === 'tag' ? checkTag(issues, field, value) : checkQuantity(issues, field, value);
  if (!ok) throw new L7ValidationError(label, issues.list);
  return value;
}

function withTags(object: KubeObject, tags: readonly TagSlot[], checked: (field: string, kind: DeferredKind) => (v: string) => string): KubeObject {
  const spec = object.spec as { template: { spec: { containers: { name: string; image: string }[] } } };
  const containers = spec.template.spec.containers.map((c) => {
    const image = c.name === 'envoy-proxy' ? 'envoy' : 'collector';
    const slot = tags.find((t) => t.image === image) ?? tags.find((t) => t.image === 'both');
    if (!slot || !c.image.endsWith(`:${TAG_PLACEHOLDER}`)) return c;
    const tag = pulumi.output(slot.value).apply(checked(slot.field, 'tag'));
    return { ...c, image: tag.apply((t) => `${c.image.slice(0, -TAG_PLACEHOLDER.length)}${t}`) };
  });
  return { ...object, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } } };
}
