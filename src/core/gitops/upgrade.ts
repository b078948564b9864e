import { createHash } from 'node:crypto';
import { COLLECTOR_NAME, ENVOY_CONFIG_NAME } from '../collector';
import { FELIX_TPROXY_OFF, removeDaemonSetCommand } from '../rollout';
import { type KubeObject, restrictedContainerSecurity } from '../objects';

/** The name of the upgrade's ServiceAccount, roles and bindings; the Job adds a hash of its spec. */
export const UPGRADE_NAME = 'calico-l7-upgrade';

/**
 * The upgrade from the 3.9–3.10 collector as a Job an engine can run: the runbook's two one-off
 * commands, which stop Felix redirecting to the old collector and remove it, but only while `daemonset/l7-log-collector` still has the
 * hand-made selector (`app`; the operator's has `k8s-app`). Run again (the engine re-creates it, or
 * `upgradeFrom` is left in), it finds the operator's collector and does nothing.
 */
export const UPGRADE_SCRIPT = `set -eu
app=$(kubectl -n "$NAMESPACE" get daemonset/${COLLECTOR_NAME} --ignore-not-found -o jsonpath='{.spec.selector.matchLabels.app}')
if [ "$app" != "${COLLECTOR_NAME}" ]; then
  echo "no 3.9-3.10 collector in $NAMESPACE: nothing to do; remove upgradeFrom from the program"
  exit 0
fi
${FELIX_TPROXY_OFF}
${removeDaemonSetCommand('"$NAMESPACE"')}
echo "removed the 3.9-3.10 collector from $NAMESPACE; once the upgrade has rolled out, remove upgradeFrom from the program"
`;

const LABELS = { 'app.kubernetes.io/name': UPGRADE_NAME, 'app.kubernetes.io/part-of': 'calico-l7-logging' };

/**
 * The upgrade phase of a cluster: the Job and the least it may do (read and delete the three
 * objects by name in `namespace`, patch FelixConfiguration `default`). Every object is the
 * package's own, pruned once `upgradeFrom` leaves the program. `image` has `sh` and `kubectl`.
 */
export function renderUpgradeJob(namespace: string, image: string): KubeObject[] {
  const meta = (extra: object = {}) => ({ name: UPGRADE_NAME, labels: { ...LABELS }, ...extra });
  const subject = [{ kind: 'ServiceAccount', name: UPGRADE_NAME, namespace }];
  const roleRef = (kind: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name: UPGRADE_NAME });
  const template = {
    metadata: { labels: { ...LABELS } },
    spec: {
      serviceAccountName: UPGRADE_NAME,
      restartPolicy: 'Never',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'upgrade',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', UPGRADE_SCRIPT],
          // kubectl keeps its discovery cache under $HOME: a writable emptyDir, the root stays read-only.
          env: [
            { name: 'NAMESPACE', value: namespace },
            { name: 'HOME', value: '/tmp' },
          ],
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          securityContext: restrictedContainerSecurity(),
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
  // Named after its spec: a Job's template cannot change, so a changed one is a new Job, and the
  // engine prunes the old one. No TTL: a Job deleted after it ran would be created (and run) again.
  const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 8);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta({ namespace }) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta({ namespace }),
      rules: [
        { apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: [COLLECTOR_NAME], verbs: ['get', 'delete'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [ENVOY_CONFIG_NAME], verbs: ['delete'] },
        { apiGroups: [''], resources: ['serviceaccounts'], resourceNames: [COLLECTOR_NAME], verbs: ['delete'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta({ namespace }), roleRef: roleRef('Role'), subjects: subject },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(),
      rules: [{ apiGroups: ['projectcalico.org'], resources: ['felixconfigurations'], resourceNames: ['default'], verbs: ['get', 'patch'] }],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(), roleRef: roleRef('ClusterRole'), subjects: subject },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `${UPGRADE_NAME}-${hash}`, namespace, labels: { ...LABELS } },
      spec: { backoffLimit: 2, activeDeadlineSeconds: 600, template },
    },
  ];
}
