import { pointer } from './json';

/** The properties a validator read from one object of the traced document. */
export interface ObjectReads {
  /** JSON pointer of the object. */
  readonly path: string;
  readonly object: object;
  /** Every property name read, present or not. */
  readonly reads: ReadonlySet<string>;
}

/**
 * Wraps a document so that every property a validator reads is recorded, object by object.
 *
 * The kubernetes-models validators are compiled code without their schemas, and they allow unknown
 * properties. A compiled validator reads each property its schema declares (to test whether it is
 * there), and every key of a map it iterates, so a key it never read is one the schema does not know.
 */
export function traceReads(document: object): { readonly traced: object; readonly objects: readonly ObjectReads[] } {
  const objects: ObjectReads[] = [];
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    const reads = new Set<string>();
    // A proxy of a frozen object must return its very properties, not wrappers; a shallow copy is not frozen.
    const copy: object = Array.isArray(value) ? [...(value as unknown[])] : { ...value };
    objects.push({ path, object: copy, reads });
    const proxy = new Proxy(copy, {
      get(target, key, receiver) {
        const v: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        reads.add(key);
        return Object.prototype.hasOwnProperty.call(target, key) ? wrap(v, pointer(path, key)) : v;
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  return { traced: wrap(document, '') as object, objects };
}
