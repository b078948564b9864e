import type { CollectorMode } from './collector';
import { type KubeObject, objectIdentity } from './objects';
import { L7_LOGGING_ANNOTATION } from './selection/service';

/** One write of an object by a construct. */
interface Write {
  readonly construct: string;
  readonly object: KubeObject;
}

/**
 * What the constructs of one cluster write, to find the combinations that would fight on the
 * cluster: the same object written differently by two constructs (with one field manager the later
 * apply drops the other's fields, and the last writer wins a value), a Service selected by one and
 * deselected by another, a Service selected twice, two collectors. Other identical writes pass.
 */
export class ClusterWrites {
  /**
   * What each construct wrote, in order. Objects are indexed only once a second construct writes:
   * one construct alone cannot conflict with itself, and it may write 10,000 Services.
   */
  private readonly batches: { readonly construct: string; readonly objects: readonly KubeObject[] }[] = [];
  /** How many batches are indexed. */
  private indexed = 0;
  /** Each indexed object's first write, by kind, namespace ("" when cluster-scoped) and name: no key is built per object. */
  private readonly firstWrites = new Map<string, Map<string, Map<string, Write>>>();
  /** Every write of the objects written more than once, the first first, by `Kind/namespace/name`: a few. */
  private readonly repeatedWrites = new Map<string, Write[]>();
  private readonly collectors = new Map<CollectorKind, string[]>();
  private readonly inApp = new Map<string, { construct: string; selected: boolean }[]>();

  /**
   * Records what a construct writes; `collector` names the kind of collector it runs, if any
   * (`envoy`, `ebpf`, `waypoint`: kinds can run side by side, two of one kind cannot). Returns the
   * conflicts this write adds, for callers that report at once rather than at the end.
   */
  record(construct: string, objects: readonly KubeObject[], collector?: CollectorKind): string[] {
    this.batches.push({ construct, objects });
    const added = this.batches.length > 1 ? this.indexBatches() : [];
    if (collector) {
      const list = this.collectors.get(collector) ?? [];
      list.push(construct);
      this.collectors.set(collector, list);
      if (list.length > 1) added.push(twoCollectors(collector, [list[0] as string, construct]));
    }
    return added;
  }

  /** Indexes the batches not indexed yet; returns the conflicts they add. */
  private indexBatches(): string[] {
    const added: string[] = [];
    const pending = this.batches.slice(this.indexed);
    this.indexed = this.batches.length;
    for (const { construct, objects } of pending) {
      // The last kind and namespace looked up: a list of Services shares them.
      let last: { kind: string; namespace: string; byName: Map<string, Write> } | undefined;
      for (const object of objects) {
        const write = { construct, object };
        const namespace = object.metadata.namespace ?? '';
        if (last?.kind !== object.kind || last.namespace !== namespace) last = { kind: object.kind, namespace, byName: this.writesOfKindIn(object.kind, namespace) };
        const byName = last.byName;
        const first = byName.get(object.metadata.name);
        if (!first) {
          byName.set(object.metadata.name, write);
          continue;
        }
        const id = objectIdentity(object);
        // One construct may write an object twice (daemonset mode's Felix, per phase): its last write is a superset.
        const writes = [...(this.repeatedWrites.get(id) ?? [first]).filter((w) => w.construct !== construct), write];
        const head = writes[0] as Write;
        byName.set(object.metadata.name, head);
        if (writes.length > 1) this.repeatedWrites.set(id, writes);
        else this.repeatedWrites.delete(id);
        const problem = head !== write ? compareWrites(id, head, write) : undefined;
        if (problem) added.push(problem);
      }
    }
    return added;
  }

  /** Records an object of the app (`Service ns/name`, `Deployment ns/name`) that a construct selects in place (or deselects). */
  recordInApp(construct: string, object: string, selected: boolean): void {
    const list = this.inApp.get(object) ?? [];
    list.push({ construct, selected });
    this.inApp.set(object, list);
  }

  /** Every conflict, each naming the constructs and the field. */
  problems(): string[] {
    const out: string[] = [];
    for (const [kind, list] of this.collectors) if (list.length > 1) out.push(twoCollectors(kind, list));
    for (const [id, [first, ...later]] of this.repeatedWrites) {
      for (const other of later) {
        const problem = first && compareWrites(id, first, other);
        if (problem) out.push(problem);
      }
    }
    for (const [object, list] of this.inApp) {
      const on = list.filter((s) => s.selected);
      const off = list.find((s) => !s.selected);
      if (on[0] && off) out.push(`${object} is selected by ${on[0].construct} and deselected by ${off.construct}`);
      else if (on[0] && on[1]) out.push(`${object} is selected by ${on[0].construct} and by ${on[1].construct}: select each object in one construct`);
    }
    return out;
  }

  private writesOfKindIn(kind: string, namespace: string): Map<string, Write> {
    let byNamespace = this.firstWrites.get(kind);
    if (!byNamespace) this.firstWrites.set(kind, (byNamespace = new Map<string, Map<string, Write>>()));
    let byName = byNamespace.get(namespace);
    if (!byName) byNamespace.set(namespace, (byName = new Map<string, Write>()));
    return byName;
  }
}

/** Collectors that cannot run twice in a cluster: Envoy (per node or by sidecar), eBPF, waypoint. */
export type CollectorKind = 'envoy' | 'ebpf' | 'waypoint';

/** The kind of collector a mode runs. */
export function collectorKind(mode: CollectorMode): CollectorKind {
  return mode === 'ebpf' || mode === 'waypoint' ? mode : 'envoy';
}

function twoCollectors(kind: CollectorKind, constructs: readonly string[]): string {
  const what = kind === 'envoy' ? 'Envoy collectors' : `${kind} collectors`;
  return `two ${what} for one cluster: ${constructs.join(' and ')} both render one; keep one L7Logging or L7Collector per cluster and collector kind`;
}

function compareWrites(id: string, a: Write, b: Write): string | undefined {
  const fa = flatten(a.object);
  const fb = flatten(b.object);
  if (a.object.kind === 'Service') {
    const key = `metadata.annotations.${L7_LOGGING_ANNOTATION}`;
    if ((fa.get(key) === undefined) !== (fb.get(key) === undefined)) {
      const [on, off] = fa.has(key) ? [a, b] : [b, a];
      return `Service ${id.slice('Service/'.length)} is selected by ${on.construct} and deselected by ${off.construct}`;
    }
    // Two selections of one Service are two owners of one annotation, in files applied apart.
    return `Service ${id.slice('Service/'.length)} is selected by ${a.construct} and by ${b.construct}: select each Service in one construct`;
  }
  for (const [field, value] of fa) {
    if (fb.has(field) && fb.get(field) !== value) {
      return `${id} is written by ${a.construct} and ${b.construct} with different values at ${field} (${value} and ${fb.get(field)}): the last apply wins`;
    }
  }
  const onlyA = [...fa.keys()].filter((k) => !fb.has(k));
  const onlyB = [...fb.keys()].filter((k) => !fa.has(k));
  if (onlyA.length === 0 && onlyB.length === 0) return undefined;
  return (
    `${id} is written by ${a.construct} and ${b.construct} with different fields (${[...onlyA, ...onlyB].join(', ')}): ` +
    "applied with one field manager, each drops the other's fields; set them in one construct"
  );
}

/** Leaf fields of an object as `dotted.path` → JSON value. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}
