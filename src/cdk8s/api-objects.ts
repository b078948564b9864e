import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import type { Issues } from '../core';
import { ClusterWrites, type KubeObject, escapeRegExp, isCalicoApiObject, isPatch } from '../core';

/**
 * The cdk8s id of an object under its construct: kind, namespace and name joined by ".". No kind
 * or namespace holds a ".", so two objects never get one id.
 */
export function objectId(o: KubeObject): string {
  const { namespace, name } = o.metadata;
  return namespace === undefined ? `${o.kind}.${name}` : `${o.kind}.${namespace}.${name}`;
}

/**
 * A construct path as one id: each segment with "~" and "." escaped (`~0`, `~1`), joined by ".".
 * Paths that differ only in where "/" and "-" fall (`a/b-c`, `a-b/c`) stay apart.
 */
export function pathId(scope: IConstruct): string {
  return scope.node.scopes
    .slice(1)
    .map((s) => s.node.id.replace(/~/g, '~0').replace(/\./g, '~1'))
    .join('.');
}

/**
 * How the ApiObjects under a construct are named: `by-name` with {@link objectId}; `by-position`
 * with their index (`0`, `1`, ...), for lists of thousands, as constructs keeps index-named children
 * in array storage.
 */
export type ObjectIds = 'by-name' | 'by-position';

/**
 * Adds core-rendered objects under `scope`, one ApiObject each. A FelixConfiguration (served by
 * Calico's API server, where server-side apply is not known to work) goes to the Felix chart beside
 * the scope's chart ({@link felixChartBeside}), under the scope's path, and keeps its place in the
 * returned list. A chart's namespace never reaches a cluster-scoped object, and a
 * chart's labels never reach an object the package only patches (server-side apply would take
 * ownership of labels the package never meant to manage); objects the package owns keep the
 * chart's labels.
 */
export function addApiObjects(scope: Construct, objects: readonly KubeObject[], ids: ObjectIds = 'by-name'): ApiObject[] {
  const chart = Chart.of(scope);
  // Read once: each is a copy or a walk of the tree, and there may be 10,000 objects.
  const chartNamespace = chart.namespace;
  const chartLabels = Object.keys(chart.labels);
  let felixScope: Construct | undefined;
  return objects.map((o, i) => {
    const id = ids === 'by-name' ? objectId(o) : String(i);
    if (isCalicoApiObject(o)) {
      felixScope ??= childOf(felixChartBeside(chart), pathId(scope), Construct);
      return new ApiObject(felixScope, id, o);
    }
    const object = new ApiObject(scope, id, o);
    if (o.metadata.namespace === undefined && chartNamespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    if (chartLabels.length > 0 && isPatch(o)) {
      const own = o.metadata.labels ?? {};
      if (Object.keys(own).length === 0) object.addJsonPatch(JsonPatch.remove('/metadata/labels'));
      else {
        for (const key of chartLabels.filter((k) => own[k] === undefined)) {
          object.addJsonPatch(JsonPatch.remove(`/metadata/labels/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
        }
      }
    }
    return object;
  });
}

/** The child `id` of `scope`, of class `type`, created if absent. */
function childOf<T extends Construct>(scope: Construct, id: string, type: new (scope: Construct, id: string) => T): T {
  const existing = scope.node.tryFindChild(id);
  return existing instanceof type ? existing : new type(scope, id);
}

/** How errors name a construct: its class and path, e.g. `L7Logging prod-eu1/l7`. */
export function constructLabel(kind: string, scope: Construct): string {
  return `${kind} ${scope.node.path}`;
}

const writesByApp = new WeakMap<IConstruct, Map<Chart, ClusterWrites>>();

/**
 * What the constructs of one cluster (one chart) write, checked when the app synthesizes: the
 * app's validation reports every conflict at once, naming the constructs.
 */
export function clusterWrites(scope: Construct): ClusterWrites {
  const root = scope.node.root;
  let byChart = writesByApp.get(root);
  if (!byChart) {
    const charts = new Map<Chart, ClusterWrites>();
    byChart = charts;
    writesByApp.set(root, charts);
    root.node.addValidation({ validate: () => [...charts.values()].flatMap((w) => w.problems()) });
  }
  const chart = Chart.of(scope);
  let writes = byChart.get(chart);
  if (!writes) {
    writes = new ClusterWrites();
    byChart.set(chart, writes);
  }
  return writes;
}

/** Adds `objects` under `scope` with the first as its default child, and records them for the cluster's conflict checks. */
export function addRecordedObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  const added = addApiObjects(scope, objects);
  scope.node.defaultChild = added[0];
  clusterWrites(scope).record(scope.node.path, objects);
  return added;
}

/**
 * The ApiObject a construct of the app stands for (itself, or its default child, as a cdk8s-plus
 * object has), or an issue at `field` naming what was `expected` when it has none.
 */
export function apiObjectOf(issues: Issues, field: string, source: Construct, expected: string): ApiObject | undefined {
  try {
    return ApiObject.of(source);
  } catch {
    issues.add(field, source.node.path, `expected ${expected}`);
    return undefined;
  }
}

/**
 * The traffic chart beside `chart`: one per chart, shared by the constructs in it, for what sends
 * traffic through the collector (applied once the collector runs).
 */
export function trafficChartBeside(chart: Chart): Chart {
  return chartBeside(chart, 'traffic');
}

/**
 * The Felix chart beside `chart`: its FelixConfiguration objects, applied client-side just before
 * it (`kubectl apply` without `--server-side`: a merge patch, which every Calico API server takes).
 */
export function felixChartBeside(chart: Chart): Chart {
  return chartBeside(chart, 'felix');
}

/** The Felix chart beside `chart`, if a construct made one. */
export function felixChartOf(chart: Chart): Chart | undefined {
  const found = (chart.node.scope as Construct).node.tryFindChild(besideId(chart, 'felix'));
  return found instanceof Chart ? found : undefined;
}

function chartBeside(chart: Chart, suffix: string): Chart {
  return childOf(chart.node.scope as Construct, besideId(chart, suffix), Chart);
}

/** The id of the chart beside `chart` that holds its `suffix` part: `<chart id>-<suffix>`. */
function besideId(chart: Chart, suffix: string): string {
  return `${chart.node.id}-${suffix}`;
}

/** The file `cdk8s synth` wrote for a chart: `<id>.k8s.yaml`, or `NNNN-<id>.k8s.yaml` when charts depend on others. */
export function chartFile(outdir: string, chart: Chart): string {
  const id = chart.node.id;
  const found = existsSync(outdir) ? readdirSync(outdir).find((f) => f === `${id}.k8s.yaml` || new RegExp(`^\\d{4}-${escapeRegExp(id)}\\.k8s\\.yaml$`).test(f)) : undefined;
  return join(outdir, found ?? `${id}.k8s.yaml`);
}
