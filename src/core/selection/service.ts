import { Issues, describeIssue } from '../errors';
import type { IService } from 'kubernetes-models/v1/Service';
import type { KubeObject } from '../objects';
import { type CalicoRelease, type CalicoVersion, hasFeature, sinceText } from '../release/release';
import { checkBoolean, checkKnownKeys, checkNameAt, join } from '../rules';

/** The annotation that selects a Service's traffic for L7 logs. */
export const L7_LOGGING_ANNOTATION = 'projectcalico.org/l7-logging';

/** An existing Service, named by namespace and name. */
export interface ServiceRef {
  /** @default "default" */
  readonly namespace?: string;
  readonly name: string;
}

/** What is known of a Service's spec, to check it against the documented limits. */
export interface ServiceShape {
  readonly namespace: string;
  readonly name: string;
  readonly type?: unknown;
  readonly clusterIP?: unknown;
}

/**
 * A Service to select, as an adapter describes it: an existing one, or one defined in the same program.
 * @internal
 */
export interface DescribedService extends ServiceShape {
  /** Defined in the same app or program: annotate that object instead of emitting one. */
  readonly inApp: boolean;
}

/** Turns one entry of `services` into a shape, reporting problems at `field`. */
export type ServiceDescriber<S> = (issues: Issues, field: string, service: S) => DescribedService | undefined;

const SERVICE_REF_KEYS = ['namespace', 'name'];

/** Checks a reference to an existing Service; returns it with the namespace filled in. */
export const describeServiceRef: ServiceDescriber<ServiceRef> = (issues, field, ref) => {
  if (!checkKnownKeys(issues, field, ref, SERVICE_REF_KEYS)) return undefined;
  const namespace = ref.namespace ?? 'default';
  const ok = checkNameAt(issues, field, 'namespace', namespace, 'label') && checkNameAt(issues, field, 'name', ref.name, 'service');
  return ok ? checkServiceLimits(issues, field, { namespace, name: ref.name, inApp: false }) : undefined;
};

/**
 * The Services Calico cannot send through the L7 proxy, whatever the release: ExternalName and
 * headless Services have no cluster IP for Felix to redirect, and `default/kubernetes` has its
 * endpoints on the host network. NodePort and LoadBalancer Services depend on the release
 * ({@link checkServiceType}), which an adapter may not know when it describes a Service.
 */
export function checkServiceLimits<T extends ServiceShape>(issues: Issues, field: string, s: T): T | undefined {
  const before = issues.count;
  if (s.namespace === 'default' && s.name === 'kubernetes') {
    issues.add(field, 'default/kubernetes', 'cannot be selected: its endpoints are the API servers on the host network, which L7 logs do not support');
  }
  if (s.type === 'ExternalName') {
    issues.add(join(field, 'type'), s.type, `${s.namespace}/${s.name} cannot be selected: an ExternalName Service has no cluster IP for Felix to redirect`);
  } else if (s.clusterIP === 'None') {
    issues.add(join(field, 'clusterIP'), 'None', `${s.namespace}/${s.name} cannot be selected: a headless Service has no ClusterIP for Felix to redirect`);
  }
  return issues.count === before ? s : undefined;
}

/**
 * NodePort and LoadBalancer Services, by release: Felix redirects NodePort traffic to the collector's
 * `nodeports` listener (tproxyPort + 1), which the DaemonSet-era Envoy config gained for 3.10; a
 * LoadBalancer Service is covered through its NodePort. Returns warnings for what is covered only in part.
 */
export function checkServiceType(issues: Issues, field: string, s: ServiceShape, release: CalicoRelease): readonly string[] {
  const type = s.type ?? 'ClusterIP';
  if ((type === 'NodePort' || type === 'LoadBalancer') && !hasFeature(release, 'nodePortServices')) {
    issues.add(
      join(field, 'type'),
      type,
      `${s.namespace}/${s.name} cannot be selected on Calico Enterprise ${release.text}: only ClusterIP Services are proxied before ${sinceText('nodePortServices')}`,
    );
  }
  if (type === 'LoadBalancer') {
    return [
      `${s.namespace}/${s.name} is a LoadBalancer Service: Felix proxies its ClusterIP and NodePort traffic; traffic to the load balancer's own IP ` +
        'is logged only where the load balancer forwards to the NodePort',
    ];
  }
  return NO_WARNINGS;
}

const NO_WARNINGS: readonly string[] = [];

/** Rejects the same Service twice: a second selection would be a conflicting owner of the annotation. */
export function checkUniqueServices(issues: Issues, field: string, services: readonly (ServiceShape | undefined)[]): void {
  // By namespace, then name: no key string per Service. A list's Services mostly share a namespace,
  // so the last one's names are kept at hand.
  const seen = new Map<string, Map<string, number>>();
  let namespace: string | undefined;
  let names: Map<string, number> | undefined;
  for (let i = 0; i < services.length; i += 1) {
    const s = services[i];
    if (!s) continue;
    if (!names || s.namespace !== namespace) {
      namespace = s.namespace;
      names = seen.get(namespace) ?? new Map<string, number>();
      seen.set(namespace, names);
    }
    const first = names.get(s.name);
    if (first === undefined) names.set(s.name, i);
    else issues.add(`${field}[${i}]`, `${s.namespace}/${s.name}`, `expected each Service once; it is already ${field}[${first}]`);
  }
}

export function checkSelected(issues: Issues, field: string, value: unknown): boolean {
  return value === undefined || checkBoolean(issues, field, value);
}

/**
 * A Service object that carries only the selection annotation, for `kubectl apply --server-side`:
 * the API server merges it into the existing Service and leaves every other field alone. With
 * `selected: false` the annotation is left out, so the same field manager's next apply removes it.
 */
export function renderServiceSelection(s: ServiceShape, selected = true): KubeObject & IService {
  // Literals, not spreads, and a literal key (`satisfies` keeps it the constant): one of these is built
  // per Service, and V8 gives an object built with a computed key a map that makes synthesizing 10,000
  // of them about a tenth slower.
  const annotations = { 'projectcalico.org/l7-logging': 'true' } satisfies Record<typeof L7_LOGGING_ANNOTATION, string>;
  const metadata = selected ? { name: s.name, namespace: s.namespace, annotations } : { name: s.name, namespace: s.namespace };
  return { apiVersion: 'v1', kind: 'Service', metadata };
}

/** Props of AnnotatedService; `S` names the Service as in {@link ServiceDescriber}. */
export interface AnnotatedServiceOptions<S = ServiceRef> {
  /** The Service. */
  readonly service: S;
  /**
   * `false` deselects the Service: an existing one is emitted without the annotation, so the next
   * server-side apply by the same field manager removes it.
   * @default true
   */
  readonly selected?: boolean;
  /** Calico Enterprise release of the cluster: NodePort and LoadBalancer Services can be selected from 3.10. @default - the newest release known (3.24) */
  readonly calicoVersion?: CalicoVersion;
}

/**
 * Checks a Service known only at deployment (a Pulumi output): the name rules, the limits and the
 * type rules of `release`. Returns the problems as one sentence, or undefined when it can be selected.
 */
export function serviceProblemsAtDeployment(namespace: string, name: string, type: unknown, release: CalicoRelease): string | undefined {
  const issues = new Issues();
  const shape = describeServiceRef(issues, 'service', { namespace, name });
  if (shape) {
    const typed = checkServiceLimits(issues, 'service', { ...shape, type });
    if (typed) checkServiceType(issues, 'service', typed, release);
  }
  return issues.list.length === 0 ? undefined : issues.list.map(describeIssue).join('; ');
}
