import { WORKLOAD_KINDS, type WorkloadKind, podTemplatePath } from '../core/workload';
import { KNOWN_RELEASES, parseCalicoVersion } from '../core/release';
import { Issues } from '../core/errors';
import { type Schema, accessLogPolicySpec, accessLogRecordSpec, applicationLayerSpec, felixSpec, gatewaySpec, istioSpec, logCollectorSpec, logStorageSpec } from './own-schemas';
import { releaseVariant } from './self-check-keys';
import { type AjvSchema, strictSchema } from './structural';

// The schemas the self-check holds rendered objects to: for each kind, exactly the fields the
// package writes, strict (an unknown field is an error). For the Calico kinds and the Gateway they
// are own-schemas.ts's, per release; for the built-in kinds they are the subset of the Kubernetes
// 1.27 schemas the renderers use, which the tests check against kubernetes-models: anything these
// accept, the Kubernetes schemas accept too.

const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const stringMap: Schema = { type: 'object', additionalProperties: string };
const list = (items: Schema): Schema => ({ type: 'array', items });
const object = (properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required: [...required] } : {}),
});

const metadata = object({ name: string, namespace: string, labels: stringMap, annotations: stringMap }, ['name']);
const templateMetadata = object({ labels: stringMap, annotations: stringMap });

function kind(apiVersion: string, kindName: string, properties: Record<string, Schema> = {}): Schema {
  return object({ apiVersion: { type: 'string', enum: [apiVersion] }, kind: { type: 'string', enum: [kindName] }, metadata, ...properties }, [
    'apiVersion',
    'kind',
    'metadata',
  ]);
}

const quantityMap = object({ cpu: string, memory: string });
const container = object(
  {
    name: string,
    image: string,
    imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
    command: list(string),
    env: list(object({ name: string, value: string }, ['name'])),
    resources: object({ requests: quantityMap, limits: quantityMap }),
    securityContext: object({
      allowPrivilegeEscalation: boolean,
      privileged: boolean,
      readOnlyRootFilesystem: boolean,
      runAsUser: { type: 'integer' },
      runAsGroup: { type: 'integer' },
      runAsNonRoot: boolean,
      seccompProfile: object({ type: string }, ['type']),
      capabilities: object({ drop: list(string), add: list(string) }),
    }),
    volumeMounts: list(object({ name: string, mountPath: string, readOnly: boolean }, ['name', 'mountPath'])),
  },
  ['name'],
);

const daemonSet = kind('apps/v1', 'DaemonSet', {
  spec: object(
    {
      selector: object({ matchLabels: stringMap }),
      updateStrategy: object({ type: { type: 'string', enum: ['RollingUpdate', 'OnDelete'] }, rollingUpdate: object({ maxUnavailable: { 'x-kubernetes-int-or-string': true } }) }),
      template: object({
        metadata: templateMetadata,
        spec: object(
          {
            serviceAccountName: string,
            automountServiceAccountToken: boolean,
            hostNetwork: boolean,
            hostIPC: boolean,
            dnsPolicy: string,
            nodeSelector: stringMap,
            priorityClassName: string,
            tolerations: list(object({ key: string, operator: string, value: string, effect: string, tolerationSeconds: { type: 'integer' } })),
            imagePullSecrets: list(object({ name: string })),
            securityContext: object({ seccompProfile: object({ type: string }, ['type']) }),
            containers: list(container),
            volumes: list(
              object(
                {
                  name: string,
                  configMap: object({ name: string }),
                  emptyDir: object({}),
                  flexVolume: object({ driver: string }, ['driver']),
                },
                ['name'],
              ),
            ),
          },
          ['containers'],
        ),
      }),
    },
    ['selector', 'template'],
  ),
});

const job = kind('batch/v1', 'Job', {
  spec: object(
    {
      backoffLimit: { type: 'integer' },
      ttlSecondsAfterFinished: { type: 'integer' },
      activeDeadlineSeconds: { type: 'integer' },
      template: object({
        metadata: templateMetadata,
        spec: object(
          {
            restartPolicy: { type: 'string', enum: ['Never', 'OnFailure'] },
            automountServiceAccountToken: boolean,
            securityContext: object({ seccompProfile: object({ type: string }, ['type']) }),
            containers: list(container),
          },
          ['containers'],
        ),
      }),
    },
    ['template'],
  ),
});

const stringList = list(string);
const clusterRole = kind('rbac.authorization.k8s.io/v1', 'ClusterRole', {
  rules: list(object({ apiGroups: stringList, resources: stringList, resourceNames: stringList, verbs: stringList }, ['verbs'])),
});
const clusterRoleBinding = kind('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', {
  roleRef: object({ apiGroup: string, kind: string, name: string }, ['apiGroup', 'kind', 'name']),
  subjects: list(object({ apiGroup: string, kind: string, name: string, namespace: string }, ['kind', 'name'])),
});

/** A workload carrying only its pod template's metadata (the sidecar selection), nested as its kind nests it. */
function podTemplatePatch(workload: WorkloadKind): Schema {
  let nested: Schema = object({ metadata: templateMetadata });
  for (const key of [...podTemplatePath(workload)].reverse().slice(0, -1)) nested = object({ [key]: nested });
  return kind(WORKLOAD_KINDS[workload], workload, { spec: nested });
}

const customResource = (apiVersion: string, kindName: string, spec: Schema): Schema => kind(apiVersion, kindName, { spec });

/** Every self-check schema, by the key selfCheckKey gives, as strict JSON schemas for Ajv. */
export function selfCheckSchemas(): Record<string, AjvSchema> {
  const out: Record<string, Schema> = {
    'v1/Service': kind('v1', 'Service'),
    'v1/Namespace': kind('v1', 'Namespace'),
    'v1/ConfigMap': kind('v1', 'ConfigMap', { data: stringMap }),
    'v1/ServiceAccount': kind('v1', 'ServiceAccount', { automountServiceAccountToken: boolean }),
    'apps/v1/DaemonSet': daemonSet,
    'batch/v1/Job': job,
    'rbac.authorization.k8s.io/v1/ClusterRole': clusterRole,
    'rbac.authorization.k8s.io/v1/ClusterRoleBinding': clusterRoleBinding,
    LogStorage: customResource('operator.tigera.io/v1', 'LogStorage', logStorageSpec),
    LogCollector: customResource('operator.tigera.io/v1', 'LogCollector', logCollectorSpec),
    Istio: customResource('operator.tigera.io/v1', 'Istio', istioSpec),
    Gateway: customResource('gateway.networking.k8s.io/v1', 'Gateway', gatewaySpec),
    AccessLogRecord: customResource('observability.enterprise.mesh.gloo.solo.io/v1', 'AccessLogRecord', accessLogRecordSpec),
    AccessLogPolicy: customResource('observability.policy.gloo.solo.io/v2', 'AccessLogPolicy', accessLogPolicySpec),
  };
  for (const workload of Object.keys(WORKLOAD_KINDS) as WorkloadKind[]) {
    out[`${WORKLOAD_KINDS[workload]}/${workload}#pod-template`] = podTemplatePatch(workload);
  }
  // The 3.20.0-1.0 preview lacks sidecars, which 3.20 has: it is a variant of its own.
  for (const text of [...KNOWN_RELEASES, '3.20.0-1.0']) {
    const release = parseCalicoVersion(new Issues(), 'calicoVersion', text);
    if (!release) continue;
    out[releaseVariant('FelixConfiguration', release)] = customResource('projectcalico.org/v3', 'FelixConfiguration', felixSpec(release));
    out[releaseVariant('ApplicationLayer', release)] = customResource('operator.tigera.io/v1', 'ApplicationLayer', applicationLayerSpec(release));
  }
  return Object.fromEntries(Object.entries(out).map(([key, schema]) => [key, strictSchema(schema)]));
}

/** Every self-check schema as JSON text, by key: what the build writes, and what the self-check reads. */
export function selfCheckSchemaTexts(): Record<string, string> {
  return Object.fromEntries(Object.entries(selfCheckSchemas()).map(([key, schema]) => [key, JSON.stringify(schema)]));
}
