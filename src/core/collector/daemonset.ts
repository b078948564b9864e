import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Issues } from '../errors';
import { DEFAULT_TPROXY_PORT, DEFAULT_TPROXY_UPSTREAM_CONN_MARK } from '../felix';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeObject } from '../objects';
import { type CalicoRelease, hasFeature } from '../release/release';
import { checkAbsolutePath, checkEnum, checkInteger, checkKnownKeys, checkLabelValue, checkName, checkQualifiedName, isPlainObject } from '../rules';
import { type ContainerResources, checkContainerResources, resourcesOf } from '../resources';
import { renderEnvoyConfigYaml } from './envoy';
import { type CollectorImages, resolveImages } from './images';

export const LOG_LEVELS = ['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Fatal', 'Panic'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const COLLECTOR_NAME = 'l7-log-collector';
export const ENVOY_CONFIG_NAME = 'envoy-config';
export const ENVOY_CONFIG_KEY = 'envoy-config.yaml';
/** Pod annotation whose value changes with the Envoy configuration, so an edit rolls the DaemonSet. */
export const ENVOY_CONFIG_HASH_ANNOTATION = 'calico-l7-logging/envoy-config-hash';

/** Where the `felix-sync` volume (Felix's policy-sync API) is mounted in the collector. */
const FELIX_SYNC_MOUNT = '/var/run/felix';
/** Directories the Envoy log may live under: scratch and log locations, clear of the other mounts. */
const LOG_DIRECTORIES = ['/tmp', '/var/tmp', '/var/log'];

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

/**
 * Requests of each container when none are given, sized for a proxy of moderate traffic. No
 * limits: a memory limit on Envoy turns a traffic spike into an OOM kill, which drops the
 * connections of every selected Service on the node. Give limits explicitly to have them.
 */
export const DEFAULT_RESOURCES: { readonly envoyProxy: ContainerResources; readonly l7Collector: ContainerResources } = {
  envoyProxy: { requests: { cpu: '100m', memory: '128Mi' } },
  l7Collector: { requests: { cpu: '50m', memory: '64Mi' } },
};

/**
 * Runs on every node, including tainted ones: Felix redirects selected Service traffic to the local
 * proxy, so a node without the collector would break those connections (the operator tolerates all
 * taints for the same reason).
 */
export const DEFAULT_TOLERATIONS: readonly Toleration[] = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists', effect: 'NoExecute' },
];

/** The daemonset collector's own props (CE 3.9–3.10). */
export interface DaemonSetCollectorOptions {
  /** Daemonset mode: the collector's log level (`LOG_LEVEL`). @default "Panic" */
  readonly logLevel?: LogLevel;
  /** Daemonset mode: Envoy's access-log file, read by the collector (`ENVOY_LOG_PATH`). @default "/tmp/envoy.log" */
  readonly envoyLogPath?: string;
  /** Daemonset mode: Felix's policy-sync socket as the collector sees it (`FELIX_DIAL_TARGET`). @default "/var/run/felix/nodeagent/socket" */
  readonly felixDialTarget?: string;
  /** Daemonset mode: kube-proxy's `--iptables-masquerade-bit`, part of the NodePort listener's mark. @default 14 */
  readonly kubeMasqueradeBit?: number;
  /** Daemonset mode: the images. @default - quay.io/tigera/envoy and quay.io/tigera/l7-collector at the release's newest known patch */
  readonly images?: CollectorImages;
  /** Daemonset mode: namespace of the DaemonSet, ConfigMap and ServiceAccount. @default "calico-system" */
  readonly namespace?: string;
  /** Daemonset mode: pull secrets, which must exist in the namespace. @default ["tigera-pull-secret"] */
  readonly imagePullSecrets?: readonly string[];
  /** Daemonset mode: container resources. @default - requests only (see DEFAULT_RESOURCES): a memory limit on Envoy risks OOM kills that drop connections */
  readonly resources?: { readonly envoyProxy?: ContainerResources; readonly l7Collector?: ContainerResources };
  /** Daemonset mode: priority class of the collector pods. @default - none */
  readonly priorityClassName?: string;
  /** Daemonset mode: tolerations of the collector pods. @default - every taint (see DEFAULT_TOLERATIONS) */
  readonly tolerations?: readonly Toleration[];
}

/** Props that only the daemonset collector has. */
export const DAEMONSET_OPTION_KEYS = [
  'logLevel',
  'envoyLogPath',
  'felixDialTarget',
  'kubeMasqueradeBit',
  'images',
  'namespace',
  'imagePullSecrets',
  'resources',
  'priorityClassName',
  'tolerations',
] as const satisfies readonly (keyof DaemonSetCollectorOptions)[];

/**
 * The daemonset collector's settings after validation and defaulting.
 * @internal
 */
export interface DaemonSetCollector {
  readonly mode: 'daemonset';
  readonly release: CalicoRelease;
  readonly logIntervalSeconds: number;
  readonly logRequestsPerInterval: number;
  readonly logLevel: LogLevel;
  readonly envoyLogPath: string;
  readonly felixDialTarget: string;
  readonly kubeMasqueradeBit: number;
  readonly tproxyPort: number;
  readonly images: { readonly envoy: string; readonly collector: string };
  readonly namespace: string;
  readonly imagePullSecrets: readonly string[];
  readonly resources: { readonly envoyProxy: ContainerResources; readonly l7Collector: ContainerResources };
  readonly priorityClassName?: string;
  readonly tolerations: readonly Toleration[];
}

/** Checks the daemonset-only props; the shared ones are checked by the caller. */
export function validateDaemonSetCollector(
  issues: Issues,
  props: DaemonSetCollectorOptions & { readonly tproxyPort?: number },
  release: CalicoRelease,
  shared: { readonly logIntervalSeconds: number; readonly logRequestsPerInterval: number },
  /** Where `tproxyPort` came from, for error messages (L7Logging takes it from `felix`). */
  tproxyPortField: string,
): DaemonSetCollector | undefined {
  // Only what is given is checked: the defaults are valid by construction (and the tests check every rendered object).
  const logLevel = props.logLevel ?? 'Panic';
  if (props.logLevel !== undefined) checkEnum(issues, 'logLevel', logLevel, LOG_LEVELS);
  const envoyLogPath = props.envoyLogPath ?? '/tmp/envoy.log';
  if (props.envoyLogPath !== undefined && checkAbsolutePath(issues, 'envoyLogPath', envoyLogPath, { file: true })) {
    const dir = posix.dirname(envoyLogPath);
    // The log directory becomes an emptyDir mount in both containers: it must not hide the image's
    // own files or collide with the other mounts.
    if (!LOG_DIRECTORIES.some((d) => dir === d || dir.startsWith(`${d}/`))) {
      issues.add('envoyLogPath', envoyLogPath, `expected a file under ${LOG_DIRECTORIES.join(', ')}: its directory is mounted as the shared log volume`);
    }
  }
  const felixDialTarget = props.felixDialTarget ?? `${FELIX_SYNC_MOUNT}/nodeagent/socket`;
  if (props.felixDialTarget !== undefined && checkAbsolutePath(issues, 'felixDialTarget', felixDialTarget, { file: true }) && !felixDialTarget.startsWith(`${FELIX_SYNC_MOUNT}/`)) {
    issues.add('felixDialTarget', felixDialTarget, `expected a path under ${FELIX_SYNC_MOUNT}/, where the Felix policy-sync volume is mounted`);
  }
  const kubeMasqueradeBit = props.kubeMasqueradeBit ?? 14;
  if (props.kubeMasqueradeBit !== undefined) checkInteger(issues, 'kubeMasqueradeBit', kubeMasqueradeBit, { min: 0, max: 31 });
  const tproxyPort = props.tproxyPort ?? DEFAULT_TPROXY_PORT;
  // Envoy binds without CAP_NET_BIND_SERVICE, and the NodePort listener takes the next port.
  if (typeof tproxyPort !== 'number' || !Number.isSafeInteger(tproxyPort) || tproxyPort < 1024 || tproxyPort > 65534) {
    issues.add(tproxyPortField, tproxyPort, 'expected a port from 1024 to 65534: Envoy cannot bind privileged ports, and the NodePort listener uses tproxyPort + 1');
  }
  const namespace = props.namespace ?? 'calico-system';
  if (props.namespace !== undefined) checkName(issues, 'namespace', namespace, 'label');
  const imagePullSecrets = props.imagePullSecrets ?? ['tigera-pull-secret'];
  if (props.imagePullSecrets !== undefined) checkPullSecrets(issues, imagePullSecrets);
  if (props.priorityClassName !== undefined) checkName(issues, 'priorityClassName', props.priorityClassName, 'subdomain');
  const resources = resolveResources(issues, props.resources);
  const tolerations = props.tolerations ?? DEFAULT_TOLERATIONS;
  if (props.tolerations !== undefined) checkTolerations(issues, tolerations);
  const images = resolveImages(issues, 'images', props.images ?? {}, release);
  if (!images) return undefined;
  return {
    mode: 'daemonset',
    release,
    ...shared,
    logLevel,
    envoyLogPath,
    felixDialTarget,
    kubeMasqueradeBit,
    tproxyPort,
    images,
    namespace,
    imagePullSecrets,
    resources,
    ...(props.priorityClassName === undefined ? {} : { priorityClassName: props.priorityClassName }),
    tolerations,
  };
}

function checkPullSecrets(issues: Issues, imagePullSecrets: unknown): void {
  if (!Array.isArray(imagePullSecrets)) {
    issues.add('imagePullSecrets', imagePullSecrets, 'expected a list of Secret names');
    return;
  }
  imagePullSecrets.forEach((s, i) => checkName(issues, `imagePullSecrets[${i}]`, s, 'subdomain'));
  if (new Set(imagePullSecrets).size !== imagePullSecrets.length) {
    issues.add('imagePullSecrets', imagePullSecrets, 'expected each Secret once');
  }
}

function resolveResources(
  issues: Issues,
  given: DaemonSetCollectorOptions['resources'],
): { envoyProxy: ContainerResources; l7Collector: ContainerResources } {
  if (given === undefined) return DEFAULT_RESOURCES;
  if (!checkKnownKeys(issues, 'resources', given, ['envoyProxy', 'l7Collector']) && !isPlainObject(given)) return DEFAULT_RESOURCES;
  const out = { envoyProxy: given.envoyProxy ?? DEFAULT_RESOURCES.envoyProxy, l7Collector: given.l7Collector ?? DEFAULT_RESOURCES.l7Collector };
  for (const container of ['envoyProxy', 'l7Collector'] as const) checkContainerResources(issues, `resources.${container}`, out[container]);
  return out;
}

function checkTolerations(issues: Issues, tolerations: unknown): void {
  if (!Array.isArray(tolerations)) {
    issues.add('tolerations', tolerations, 'expected a list of tolerations');
    return;
  }
  tolerations.forEach((t: Toleration, i) => {
    const field = `tolerations[${i}]`;
    if (!checkKnownKeys(issues, field, t, ['key', 'operator', 'value', 'effect', 'tolerationSeconds'])) return;
    if (t.key !== undefined) checkQualifiedName(issues, `${field}.key`, t.key);
    if (t.operator !== undefined) checkEnum(issues, `${field}.operator`, t.operator, ['Exists', 'Equal']);
    if (t.effect !== undefined) checkEnum(issues, `${field}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
    if (t.value !== undefined) checkLabelValue(issues, `${field}.value`, t.value);
    if (t.operator === 'Exists' && t.value !== undefined) issues.add(`${field}.value`, t.value, 'must be empty when operator is Exists');
    if (t.tolerationSeconds !== undefined && checkInteger(issues, `${field}.tolerationSeconds`, t.tolerationSeconds, { min: 0 })) {
      if (t.effect !== 'NoExecute') issues.add(`${field}.tolerationSeconds`, t.tolerationSeconds, 'applies to effect NoExecute only');
    }
    if (t.key === undefined && t.operator !== 'Exists') issues.add(`${field}.operator`, t.operator ?? 'Equal', 'a toleration without a key must use operator Exists');
  });
}

const LABELS = { app: COLLECTOR_NAME, 'app.kubernetes.io/name': COLLECTOR_NAME, 'app.kubernetes.io/part-of': 'calico-l7-logging' };

/** The ConfigMap, ServiceAccount and DaemonSet of the manual collector, in apply order. */
export function renderDaemonSetCollector(c: DaemonSetCollector): KubeObject[] {
  const envoyConfig = renderEnvoyConfigYaml({
    logPath: c.envoyLogPath,
    tproxyPort: c.tproxyPort,
    // CE 3.9 and 3.10 have no tproxyUpstreamConnMark setting: Felix always uses its default.
    upstreamConnMark: DEFAULT_TPROXY_UPSTREAM_CONN_MARK,
    kubeMasqueradeBit: c.kubeMasqueradeBit,
    nodePorts: hasFeature(c.release, 'nodePortServices'),
  });
  const configMap: KubeObject & IConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: ENVOY_CONFIG_NAME, namespace: c.namespace, labels: { ...LABELS } },
    data: { [ENVOY_CONFIG_KEY]: envoyConfig },
  };
  const serviceAccount: KubeObject & IServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: COLLECTOR_NAME, namespace: c.namespace, labels: { ...LABELS } },
    // Neither container calls the Kubernetes API: Envoy proxies, the collector talks to Felix.
    automountServiceAccountToken: false,
  };
  return [configMap, serviceAccount, renderDaemonSet(c, envoyConfig)];
}

function renderDaemonSet(c: DaemonSetCollector, envoyConfig: string): KubeObject & IDaemonSet {
  const logDir = posix.dirname(c.envoyLogPath);
  // Both containers run as root: Envoy needs it for transparent sockets (ENVOY_UID/GID 0), and the
  // collector needs it to read Felix's root-owned policy-sync socket. Each drops every capability
  // but the ones named, and the root file systems are read-only: all writes go to volumes.
  const securityContext = (add: string[]) => ({
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    capabilities: { drop: ['ALL'], ...(add.length ? { add } : {}) },
  });
  const configHash = createHash('sha256').update(envoyConfig).digest('hex').slice(0, 16);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: COLLECTOR_NAME, namespace: c.namespace, labels: { ...LABELS } },
    spec: {
      // `app` is the selector of Calico's own manifest, so applying over it keeps the immutable selector.
      selector: { matchLabels: { app: COLLECTOR_NAME } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { ...LABELS }, annotations: { [ENVOY_CONFIG_HASH_ANNOTATION]: configHash } },
        spec: {
          serviceAccountName: COLLECTOR_NAME,
          automountServiceAccountToken: false,
          // Felix's TPROXY rules send traffic to a port on the host, so the proxy shares the host network.
          hostNetwork: true,
          hostIPC: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: c.tolerations.map((t) => ({ ...t })),
          ...(c.priorityClassName ? { priorityClassName: c.priorityClassName } : {}),
          imagePullSecrets: c.imagePullSecrets.map((name) => ({ name })),
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'envoy-proxy',
              image: c.images.envoy,
              imagePullPolicy: 'IfNotPresent',
              command: ['envoy', '-c', `/etc/envoy/${ENVOY_CONFIG_KEY}`],
              env: [
                { name: 'ENVOY_UID', value: '0' },
                { name: 'ENVOY_GID', value: '0' },
              ],
              resources: resourcesOf(c.resources.envoyProxy),
              securityContext: securityContext(['NET_ADMIN', 'NET_RAW']),
              volumeMounts: [
                { name: 'envoy-config', mountPath: '/etc/envoy', readOnly: true },
                { name: 'envoy-logs', mountPath: logDir },
              ],
            },
            {
              name: 'l7-collector',
              image: c.images.collector,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'ENVOY_LOG_INTERVAL_SECONDS', value: String(c.logIntervalSeconds) },
                { name: 'ENVOY_LOG_REQUESTS_PER_INTERVAL', value: String(c.logRequestsPerInterval) },
                { name: 'ENVOY_LOG_PATH', value: literalEnv(c.envoyLogPath) },
                { name: 'FELIX_DIAL_TARGET', value: literalEnv(c.felixDialTarget) },
                { name: 'LOG_LEVEL', value: c.logLevel },
              ],
              resources: resourcesOf(c.resources.l7Collector),
              securityContext: securityContext([]),
              volumeMounts: [
                // Writable, as in Calico's manifest: Envoy and the collector share this directory.
                { name: 'envoy-logs', mountPath: logDir },
                { name: 'felix-sync', mountPath: FELIX_SYNC_MOUNT },
                // The collector may open its own socket here; a scratch volume keeps the root file system read-only.
                { name: 'l7-collector-socks', mountPath: '/var/run/l7-collector' },
              ],
            },
          ],
          volumes: [
            { name: 'envoy-config', configMap: { name: ENVOY_CONFIG_NAME } },
            { name: 'envoy-logs', emptyDir: {} },
            // Felix's node agent driver serves the policy-sync socket into the pod (CE 3.9 and 3.10).
            { name: 'felix-sync', flexVolume: { driver: 'nodeagent/uds' } },
            { name: 'l7-collector-socks', emptyDir: {} },
          ],
        },
      },
    },
  };
}

/** An env value as written: Kubernetes expands `$(VAR)` in env values unless the `$` is doubled. */
function literalEnv(value: string): string {
  return value.replace(/\$\(/g, '$$$$(');
}
