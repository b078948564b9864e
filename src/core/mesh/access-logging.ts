import { observed } from '../observe';
import { L7Warning, type WarningId } from '../warnings';
import { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { type MeshCluster, type MeshIstioSettings, checkMeshClusters } from './istio-settings';
import { checkBoolean, checkEnum, checkInteger, checkKnownKeys, checkLabelValue, checkName, checkQualifiedName, hasControlCharacters, isPlainObject, join, snapshotProps } from '../rules';

// Envoy access logs of an Istio service mesh, collected by Gloo Mesh Enterprise: an AccessLogRecord
// (Gloo Mesh 1.x, observability.enterprise.mesh.gloo.solo.io/v1) or an AccessLogPolicy (Gloo Mesh /
// Gloo Platform 2.x, observability.policy.gloo.solo.io/v2). One set of props renders either.

/** Which workloads' logs are collected. Empty selects every workload (1.x: managed by Gloo Mesh; 2.x: in the workspace). */
export interface MeshWorkloadSelector {
  /** Labels every selected workload has. @default - any labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** Namespaces the workloads may be in. @default - any namespace */
  readonly namespaces?: readonly string[];
  /** Registered cluster names the workloads may be in. @default - any cluster */
  readonly clusters?: readonly string[];
  /** Gloo Mesh 2.x only: the workload's name. @default - any name */
  readonly name?: string;
  /** Gloo Mesh 2.x only: the workspace the workloads are in. @default - any workspace */
  readonly workspace?: string;
  /** Gloo Mesh 2.x only: Kubernetes workloads or sidecar-injected VMs. @default "KUBE" (Gloo's default) */
  readonly kind?: 'KUBE' | 'VM';
}

/** One filter; a request is logged when it matches any filter. At most one matcher per filter. */
export interface MeshLogFilter {
  /** The response's status code, compared with `comparator`. */
  readonly statusCodeMatcher?: { readonly value: number; readonly comparator?: 'EQ' | 'GE' | 'LE' };
  /** A request or response header: present (no value), equal, or matching an RE2 expression (`regex`). */
  readonly headerMatcher?: { readonly name: string; readonly value?: string; readonly regex?: boolean; readonly invertMatch?: boolean };
}

export interface MeshAccessLoggingOptions {
  /** Gloo Mesh release of the management plane, such as "1.0" or "2.14": 1.x renders an AccessLogRecord, 2.x an AccessLogPolicy. */
  readonly glooMeshVersion: string;
  /** Name of the record or policy. @default "access-logs" */
  readonly name?: string;
  /**
   * Namespace of the record (1.x, in the management cluster) or of the policy (2.x: the workspace's
   * namespace in its config cluster).
   * @default - "gloo-mesh" for 1.x; required for 2.x
   */
  readonly namespace?: string;
  /** Workloads whose logs are collected. @default - every workload */
  readonly workloads?: readonly MeshWorkloadSelector[];
  /** Which requests are logged: any filter may match. @default - every request */
  readonly filters?: readonly MeshLogFilter[];
  /** Request headers added to each log entry. @default - none */
  readonly includedRequestHeaders?: readonly string[];
  readonly includedResponseHeaders?: readonly string[];
  readonly includedResponseTrailers?: readonly string[];
  /** Envoy filter state objects added to each log entry. @default - none */
  readonly includedFilterStateObjects?: readonly string[];
  /**
   * The clusters of the mesh (the management cluster and the remote ones), by their registered names:
   * each gets the Istio settings that send its access logs to Gloo Mesh, and the workload selectors
   * may name only these clusters.
   * @default - none: no Istio settings, and cluster names are not checked against the program's
   */
  readonly clusters?: readonly MeshCluster[];
}

export interface MeshAccessLoggingPlan {
  readonly major: 1 | 2;
  readonly object: KubeObject;
  readonly objects: readonly KubeObject[];
  /** Cluster names the selectors name, for the check against the program's clusters. */
  readonly clusters: readonly string[];
  /** The Istio settings of each cluster in `clusters`. */
  readonly istio: readonly MeshIstioSettings[];
  /** What the props mean that a reader might not expect, each with its stable id. */
  readonly warnings: readonly L7Warning[];
}

const KEYS = [
  'glooMeshVersion',
  'name',
  'namespace',
  'workloads',
  'filters',
  'includedRequestHeaders',
  'includedResponseHeaders',
  'includedResponseTrailers',
  'includedFilterStateObjects',
  'clusters',
];
const TWO_ONLY = ['name', 'workspace', 'kind'] as const;
const SELECTOR_KEYS = ['labels', 'namespaces', 'clusters', ...TWO_ONLY];
/** RFC 9110 token: the characters a header name may have. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VERSION = /^v?(\d+)\.(\d+|x)(\.\d+)?$/;

export function planMeshAccessLogging(props: MeshAccessLoggingOptions, construct = 'MeshAccessLogging'): MeshAccessLoggingPlan {
  const issues = new Issues();
  const read = snapshotProps(issues, props);
  checkKnownKeys(issues, '', read, KEYS);
  const p: Partial<MeshAccessLoggingOptions> = isPlainObject(read) ? read : {};
  const m = typeof p.glooMeshVersion === 'string' ? VERSION.exec(p.glooMeshVersion) : null;
  const major = m && (m[1] === '1' || m[1] === '2') ? (Number(m[1]) as 1 | 2) : undefined;
  if (!major) issues.add('glooMeshVersion', p.glooMeshVersion, 'expected a Gloo Mesh release such as "1.0", "1.x", "2.14" (1.x: AccessLogRecord, 2.x: AccessLogPolicy)');
  const name = p.name ?? 'access-logs';
  checkName(issues, 'name', name, 'subdomain');
  const namespace = p.namespace ?? (major === 1 ? 'gloo-mesh' : undefined);
  if (namespace === undefined) {
    if (major === 2) issues.add('namespace', undefined, "Gloo Mesh 2.x policies live in their workspace's namespace: give it");
  } else checkName(issues, 'namespace', namespace, 'label');

  const warnings: L7Warning[] = [];
  const warn = (id: WarningId, text: string) => warnings.push(new L7Warning(id, construct, text));
  const clusters = new Set<string>();
  const workloads = p.workloads ?? [];
  if (!Array.isArray(workloads)) issues.add('workloads', workloads, 'expected a list of workload selectors');
  else {
    workloads.forEach((w, i) => checkSelector(issues, `workloads[${i}]`, w, major, clusters));
    if (workloads.length === 0) warn('mesh-all-workloads', major === 2 ? 'no workloads given: every workload of the workspace is selected' : 'no workloads given: every workload Gloo Mesh manages is selected');
  }
  const filters = p.filters ?? [];
  if (!Array.isArray(filters)) issues.add('filters', filters, 'expected a list of filters');
  else {
    filters.forEach((f, i) => checkFilter(issues, `filters[${i}]`, f));
    if (filters.length === 0) warn('mesh-all-requests', 'no filters given: every request is logged');
  }
  for (const key of ['includedRequestHeaders', 'includedResponseHeaders', 'includedResponseTrailers'] as const) {
    const list = p[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) issues.add(key, list, 'expected a list of header names');
    else list.forEach((h, i) => checkHeaderName(issues, `${key}[${i}]`, h));
  }
  const states = p.includedFilterStateObjects;
  if (states !== undefined) {
    if (!Array.isArray(states)) issues.add('includedFilterStateObjects', states, 'expected a list of filter state object names');
    else states.forEach((s, i) => {
      if (typeof s !== 'string' || s.length === 0 || s.length > 256 || hasControlCharacters(s)) issues.add(`includedFilterStateObjects[${i}]`, s, 'expected a filter state object name such as "envoy.network.upstream_server_name"');
    });
  }
  const beforeClusters = issues.count;
  const istio = p.clusters === undefined ? [] : checkMeshClusters(issues, 'clusters', p.clusters, major);
  // Only against a valid list: a misspelled entry there is already reported.
  if (p.clusters !== undefined && issues.count === beforeClusters) {
    const known = new Set(istio.map((c) => c.cluster));
    for (const c of clusters) {
      if (!known.has(c)) {
        issues.add('workloads', c, `a selector names cluster "${c}", which is not one of the clusters (${[...known].join(', ')}): the registered names must match`);
      }
    }
  }
  issues.throwIfAny(construct);
  const selectors = workloads as readonly MeshWorkloadSelector[];
  if (istio.length > 0) warn('mesh-restart-workloads', 'apply each cluster\'s Istio settings, then restart its injected workloads: a sidecar reads them only when it starts');

  const lists = {
    ...(p.includedRequestHeaders?.length ? { includedRequestHeaders: [...p.includedRequestHeaders] } : {}),
    ...(p.includedResponseHeaders?.length ? { includedResponseHeaders: [...p.includedResponseHeaders] } : {}),
    ...(p.includedResponseTrailers?.length ? { includedResponseTrailers: [...p.includedResponseTrailers] } : {}),
    ...(p.includedFilterStateObjects?.length ? { includedFilterStateObjects: [...p.includedFilterStateObjects] } : {}),
  };
  const renderedFilters = (filters as readonly MeshLogFilter[]).map(renderFilter);
  const object: KubeObject =
    major === 1
      ? {
          apiVersion: 'observability.enterprise.mesh.gloo.solo.io/v1',
          kind: 'AccessLogRecord',
          metadata: { name, namespace: namespace as string },
          spec: {
            ...(selectors.length ? { workloadSelectors: selectors.map((w) => ({ kubeWorkloadMatcher: kubeWorkloadMatcher(w) })) } : {}),
            ...(renderedFilters.length ? { filters: renderedFilters } : {}),
            ...lists,
          },
        }
      : {
          apiVersion: 'observability.policy.gloo.solo.io/v2',
          kind: 'AccessLogPolicy',
          metadata: { name, namespace: namespace as string },
          spec: {
            ...(selectors.length ? { applyToWorkloads: selectors.flatMap(policySelectors) } : {}),
            config: { ...(renderedFilters.length ? { filters: renderedFilters } : {}), ...lists },
          },
        };
  return observed({ major: major as 1 | 2, object, objects: [object], clusters: [...clusters], istio, warnings }, construct);
}

function checkSelector(issues: Issues, field: string, w: unknown, major: 1 | 2 | undefined, clusters: Set<string>): void {
  if (!checkKnownKeys(issues, field, w, SELECTOR_KEYS)) return;
  const s = w as MeshWorkloadSelector;
  if (major === 1) {
    for (const key of TWO_ONLY) if (s[key] !== undefined) issues.add(join(field, key), s[key], 'Gloo Mesh 1.x workload selectors have labels, namespaces and clusters only');
  }
  if (s.labels !== undefined) {
    if (!isPlainObject(s.labels)) issues.add(join(field, 'labels'), s.labels, 'expected a map of label keys to values');
    else for (const [k, v] of Object.entries(s.labels)) if (checkQualifiedName(issues, join(field, `labels.${k}`), k)) checkLabelValue(issues, join(field, `labels.${k}`), v);
  }
  for (const [key, kind] of [['namespaces', 'label'], ['clusters', 'subdomain']] as const) {
    const list = s[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) issues.add(join(field, key), list, `expected a non-empty list (leave ${key} out to match any)`);
    else list.forEach((v, i) => {
      if (checkName(issues, `${join(field, key)}[${i}]`, v, kind) && key === 'clusters') clusters.add(v);
    });
  }
  if (s.name !== undefined) checkName(issues, join(field, 'name'), s.name, 'subdomain');
  if (s.workspace !== undefined) checkName(issues, join(field, 'workspace'), s.workspace, 'subdomain');
  if (s.kind !== undefined) checkEnum(issues, join(field, 'kind'), s.kind, ['KUBE', 'VM']);
}

function checkFilter(issues: Issues, field: string, f: unknown): void {
  if (!checkKnownKeys(issues, field, f, ['statusCodeMatcher', 'headerMatcher'])) return;
  const filter = f as MeshLogFilter;
  if (filter.statusCodeMatcher !== undefined && filter.headerMatcher !== undefined) {
    issues.add(field, 'statusCodeMatcher and headerMatcher', 'expected at most one matcher per filter (give two filters to log requests that match either)');
  }
  const code = filter.statusCodeMatcher;
  if (code !== undefined && checkKnownKeys(issues, join(field, 'statusCodeMatcher'), code, ['value', 'comparator'])) {
    checkInteger(issues, join(field, 'statusCodeMatcher.value'), code.value, { min: 100, max: 599 });
    if (code.comparator !== undefined) checkEnum(issues, join(field, 'statusCodeMatcher.comparator'), code.comparator, ['EQ', 'GE', 'LE']);
  }
  const header = filter.headerMatcher;
  if (header !== undefined && checkKnownKeys(issues, join(field, 'headerMatcher'), header, ['name', 'value', 'regex', 'invertMatch'])) {
    checkHeaderName(issues, join(field, 'headerMatcher.name'), header.name);
    if (header.regex !== undefined) checkBoolean(issues, join(field, 'headerMatcher.regex'), header.regex);
    if (header.invertMatch !== undefined) checkBoolean(issues, join(field, 'headerMatcher.invertMatch'), header.invertMatch);
    if (header.value !== undefined) {
      if (typeof header.value !== 'string' || header.value.length > 4096 || hasControlCharacters(header.value)) {
        issues.add(join(field, 'headerMatcher.value'), header.value, 'expected a header value of at most 4096 characters without control characters');
      } else if (header.regex === true) {
        const reason = re2Problem(header.value);
        if (reason) issues.add(join(field, 'headerMatcher.value'), header.value, `expected an RE2 expression (Envoy matches headers with RE2): ${reason}`);
      }
    } else if (header.regex === true) {
      issues.add(join(field, 'headerMatcher.regex'), true, 'a regex needs a value to match');
    }
  }
}

function checkHeaderName(issues: Issues, field: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256 || !TOKEN.test(name)) {
    issues.add(field, name, 'expected an HTTP header name (an RFC 9110 token: letters, digits and !#$%&\'*+.^_`|~-)');
  }
}

/** Why RE2 refuses an expression (backreferences, lookaround), or undefined when it compiles. */
function re2Problem(pattern: string): string | undefined {
  // Loaded only for a regex filter: RE2's compiler is not needed otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RE2JS } = require('re2js') as typeof import('re2js');
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function renderFilter(f: MeshLogFilter): Record<string, unknown> {
  if (f.statusCodeMatcher) return { statusCodeMatcher: { value: f.statusCodeMatcher.value, comparator: f.statusCodeMatcher.comparator ?? 'EQ' } };
  if (f.headerMatcher) {
    const h = f.headerMatcher;
    return {
      headerMatcher: {
        name: h.name,
        ...(h.value === undefined ? {} : { value: h.value }),
        ...(h.regex === undefined ? {} : { regex: h.regex }),
        ...(h.invertMatch === undefined ? {} : { invertMatch: h.invertMatch }),
      },
    };
  }
  return {};
}

function kubeWorkloadMatcher(w: MeshWorkloadSelector): Record<string, unknown> {
  const matcher: Record<string, unknown> = {};
  if (w.labels) matcher.labels = { ...w.labels };
  if (w.namespaces) matcher.namespaces = [...w.namespaces];
  if (w.clusters) matcher.clusters = [...w.clusters];
  return matcher;
}

/**
 * 2.x selects one namespace and one cluster per selector, and a policy's selectors are alternatives:
 * the lists become one selector per namespace and cluster, which selects the same workloads.
 */
function policySelectors(w: MeshWorkloadSelector): Record<string, unknown>[] {
  const namespaces: (string | undefined)[] = w.namespaces ? [...w.namespaces] : [undefined];
  const clusters: (string | undefined)[] = w.clusters ? [...w.clusters] : [undefined];
  return namespaces.flatMap((namespace) =>
    clusters.map((cluster) => {
      // Assigned in the order written, not spread: a spread of a conditional object per field took
      // half of the plan's time at 100 selectors.
      const selector: Record<string, unknown> = {};
      if (w.labels) selector.labels = { ...w.labels };
      if (w.name) selector.name = w.name;
      if (namespace) selector.namespace = namespace;
      if (cluster) selector.cluster = cluster;
      if (w.workspace) selector.workspace = w.workspace;
      return w.kind ? { kind: w.kind, selector } : { selector };
    }),
  );
}
