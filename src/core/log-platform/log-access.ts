import { observed } from '../observe';
import { L7Warning } from '../warnings';
import { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { checkBoolean, checkEnum, checkKnownKeys, checkName, hasControlCharacters, isPlainObject, join, snapshotProps } from '../rules';

// Who may read L7 logs: Calico Enterprise authorizes log queries with Kubernetes RBAC on the
// RBAC-only API group lma.tigera.io (verb get; resource = the cluster's name; resourceName = the log
// type), as the docs' "RBAC for Elasticsearch" page and the operator's own roles describe it.

export const LMA_API_GROUP = 'lma.tigera.io';

/**
 * Log types a rule may name: the documented resourceNames (flows, audit*, audit_ee, audit_kube,
 * events, dns, l7, kibana_login, elasticsearch_superuser) and those the operator grants in its own
 * roles (waf, recommendations; runtime on Calico Cloud).
 */
export const LOG_TYPES = [
  'l7',
  'flows',
  'dns',
  'audit*',
  'audit_ee',
  'audit_kube',
  'events',
  'waf',
  'kibana_login',
  'elasticsearch_superuser',
  'recommendations',
  'runtime',
] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** An RBAC subject: a user, a group, or a service account (which needs its namespace). */
export interface RbacSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  /** ServiceAccount only. */
  readonly namespace?: string;
}

export interface L7LogAccessOptions {
  /** Who gets read access: users, groups and service accounts; at least one. */
  readonly subjects: readonly RbacSubject[];
  /**
   * The cluster whose logs they may read: `cluster` for a standalone or management cluster, a managed
   * cluster's name (the role then lives in the management cluster).
   * @default "cluster"
   */
  readonly cluster?: string;
  /** Every cluster's logs (`resources: ["*"]`), instead of one cluster's. @default false */
  readonly allClusters?: boolean;
  /** Log types besides L7 logs; least privilege is `l7` alone. @default ["l7"] */
  readonly logTypes?: readonly LogType[];
  /** Name of the ClusterRole and its ClusterRoleBinding. @default "calico-l7-log-reader" */
  readonly name?: string;
}

export interface L7LogAccessPlan {
  readonly objects: readonly KubeObject[];
  /** Props that are valid but grant more than logs. */
  readonly warnings: readonly L7Warning[];
}

const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;
const RBAC = 'rbac.authorization.k8s.io';

/** Validates the props and renders the ClusterRole and its ClusterRoleBinding, in apply order. */
export function planL7LogAccess(props: L7LogAccessOptions, construct = 'L7LogAccess'): L7LogAccessPlan {
  const issues = new Issues();
  const read = snapshotProps(issues, props) as L7LogAccessOptions;
  checkKnownKeys(issues, '', read, ['subjects', 'cluster', 'allClusters', 'logTypes', 'name']);
  const p: Partial<L7LogAccessOptions> = isPlainObject(read) ? read : {};
  const warnings: L7Warning[] = [];

  const name = p.name ?? 'calico-l7-log-reader';
  checkName(issues, 'name', name, 'subdomain');

  const allClusters = p.allClusters ?? false;
  checkBoolean(issues, 'allClusters', allClusters);
  if (p.cluster === '*') {
    issues.add('cluster', '*', 'a wildcard gives every cluster\'s logs: set allClusters: true to ask for it');
  } else if (p.cluster !== undefined) {
    if (allClusters) issues.add('cluster', p.cluster, 'give either cluster or allClusters: true, not both');
    checkName(issues, 'cluster', p.cluster, 'subdomain');
  }
  const cluster = allClusters ? '*' : (p.cluster ?? 'cluster');

  const logTypes = p.logTypes ?? ['l7'];
  if (!Array.isArray(logTypes) || logTypes.length === 0) {
    issues.add('logTypes', logTypes, `expected a non-empty list of ${LOG_TYPES.join(', ')} (an empty list would grant every log type)`);
  } else {
    const seen = new Set<string>();
    logTypes.forEach((t, i) => {
      if (checkEnum(issues, `logTypes[${i}]`, t, LOG_TYPES)) {
        if (seen.has(t)) issues.add(`logTypes[${i}]`, t, 'expected each log type once');
        seen.add(t);
      }
    });
    if (seen.has('elasticsearch_superuser')) {
      warnings.push(new L7Warning('superuser-log-access', construct, 'logTypes includes elasticsearch_superuser, which grants Elasticsearch superuser access, not only logs'));
    }
  }

  const subjects = p.subjects;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    issues.add('subjects', subjects, 'expected at least one subject ({ kind: User | Group | ServiceAccount, name, namespace? })');
  } else {
    subjects.forEach((s, i) => checkSubject(issues, `subjects[${i}]`, s));
  }
  issues.throwIfAny(construct);

  const clusterRole: KubeObject = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: [LMA_API_GROUP], resources: [cluster], resourceNames: [...logTypes], verbs: ['get'] }],
  };
  const binding: KubeObject = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
    subjects: (subjects as readonly RbacSubject[]).map((s) =>
      s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace } : { apiGroup: RBAC, kind: s.kind, name: s.name },
    ),
  };
  return observed({ objects: [clusterRole, binding], warnings }, construct);
}

function checkSubject(issues: Issues, field: string, s: unknown): void {
  if (!checkKnownKeys(issues, field, s, ['kind', 'name', 'namespace'])) return;
  const subject = s as RbacSubject;
  if (!checkEnum(issues, join(field, 'kind'), subject.kind, SUBJECT_KINDS)) return;
  if (subject.kind === 'ServiceAccount') {
    checkName(issues, join(field, 'name'), subject.name, 'subdomain');
    if (subject.namespace === undefined) issues.add(join(field, 'namespace'), undefined, 'a ServiceAccount subject needs its namespace');
    else checkName(issues, join(field, 'namespace'), subject.namespace, 'label');
    return;
  }
  // User and group names come from the authenticator: any non-empty string without control characters.
  if (typeof subject.name !== 'string' || subject.name.length === 0 || subject.name.length > 1024 || hasControlCharacters(subject.name)) {
    issues.add(join(field, 'name'), subject.name, `expected a ${subject.kind.toLowerCase()} name: 1 to 1024 characters, no control characters`);
  }
  if (subject.namespace !== undefined) issues.add(join(field, 'namespace'), subject.namespace, `a ${subject.kind} has no namespace; only a ServiceAccount does`);
}
