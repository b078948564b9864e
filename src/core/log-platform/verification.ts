import { observed } from '../observe';
import { Issues } from '../errors';
import { type KubeObject, restrictedContainerSecurity } from '../objects';
import { isImageReference } from '../collector/images';
import { checkInteger, checkKnownKeys, checkName, isPlainObject, join, snapshotProps } from '../rules';

// The docs' "test your configuration" step as a Job: HEAD requests to each selected Service, which
// must answer with `server: envoy`, the header Envoy sets on what it proxies. The Job's requests are
// new connections, which is all a newly selected Service sends through the proxy.

/** A Service to check, by its cluster DNS name and port. */
export interface VerifiedService {
  /** @default "default" */
  readonly namespace?: string;
  readonly name: string;
  readonly port: number;
  /** Path of the HEAD request. @default "/" */
  readonly path?: string;
}

export interface L7VerificationOptions {
  /** The Services whose responses must come through Envoy; at least one. */
  readonly services: readonly VerifiedService[];
  /** Namespace the Job runs in. @default "default" */
  readonly namespace?: string;
  /** The cluster's DNS domain, for the Services' names. @default "cluster.local" */
  readonly clusterDomain?: string;
  /** Name of the Job. @default "calico-l7-verification" */
  readonly name?: string;
  /** Image with `sh` and `curl`, pinned; point it at your registry where the cluster cannot pull from Docker Hub. @default "docker.io/curlimages/curl:8.11.1" */
  readonly image?: string;
  /** Seconds each request may take. @default 10 */
  readonly timeoutSeconds?: number;
  /** Retries of a failed Job before it fails for good. @default 2 */
  readonly backoffLimit?: number;
  /** Seconds a finished Job stays before Kubernetes deletes it. @default 3600 */
  readonly ttlSecondsAfterFinished?: number;
}

export interface L7VerificationPlan {
  readonly job: KubeObject;
  readonly objects: readonly KubeObject[];
  /** The URLs the Job requests, in order. */
  readonly urls: readonly string[];
  /** The command that waits until the Job has completed (it fails when collection is not in effect). */
  readonly waitCommand: string;
}

export const DEFAULT_VERIFICATION_IMAGE = 'docker.io/curlimages/curl:8.11.1';

// Each URL is an argument of the script, never part of it: nothing in a name or path reaches the shell.
const SCRIPT = [
  'failed=0',
  'for url in "$@"; do',
  '  server=$(curl -sS -I --max-time "$TIMEOUT" "$url" | tr -d "\\r" | sed -n "s/^[Ss]erver: *//p")',
  '  if [ "$server" = envoy ]; then echo "ok: $url answered through Envoy"',
  '  else echo "FAILED: $url answered with server: ${server:-(none)}, not envoy: its traffic does not pass the L7 collector" >&2; failed=1; fi',
  'done',
  'exit $failed',
].join('\n');

const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

export function planL7Verification(props: L7VerificationOptions, construct = 'L7Verification'): L7VerificationPlan {
  const issues = new Issues();
  const read = snapshotProps(issues, props);
  checkKnownKeys(issues, '', read, ['services', 'namespace', 'clusterDomain', 'name', 'image', 'timeoutSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']);
  const p: Partial<L7VerificationOptions> = isPlainObject(read) ? read : {};
  const namespace = p.namespace ?? 'default';
  const clusterDomain = p.clusterDomain ?? 'cluster.local';
  checkName(issues, 'clusterDomain', clusterDomain, 'subdomain');
  const name = p.name ?? 'calico-l7-verification';
  const image = p.image ?? DEFAULT_VERIFICATION_IMAGE;
  const timeoutSeconds = p.timeoutSeconds ?? 10;
  const backoffLimit = p.backoffLimit ?? 2;
  const ttlSecondsAfterFinished = p.ttlSecondsAfterFinished ?? 3600;
  checkName(issues, 'namespace', namespace, 'label');
  // A Job's pods are named after it with a suffix: 52 characters leave room for it (as for a CronJob).
  if (checkName(issues, 'name', name, 'label') && name.length > 52) issues.add('name', name, 'expected at most 52 characters (the pods add a suffix)');
  if (typeof image !== 'string' || !isImageReference(image)) {
    issues.add('image', image, 'expected an image reference such as "registry.example.com/curl:8.11.1"');
  }
  checkInteger(issues, 'timeoutSeconds', timeoutSeconds, { min: 1, max: 300 });
  checkInteger(issues, 'backoffLimit', backoffLimit, { min: 0, max: 10 });
  checkInteger(issues, 'ttlSecondsAfterFinished', ttlSecondsAfterFinished, { min: 0, max: 2 ** 31 - 1 });
  const urls: string[] = [];
  const services = p.services;
  if (!Array.isArray(services) || services.length === 0) {
    issues.add('services', services, 'expected at least one Service ({ namespace?, name, port, path? })');
  } else {
    services.forEach((s, i) => {
      const url = checkService(issues, `services[${i}]`, s, clusterDomain);
      if (url !== undefined) urls.push(url);
    });
  }
  issues.throwIfAny(construct);
  const container = {
    name: 'verify',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', SCRIPT, 'verify', ...urls],
    env: [{ name: 'TIMEOUT', value: String(timeoutSeconds) }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    securityContext: restrictedContainerSecurity(),
  };
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'calico-l7-logging' } },
    spec: {
      backoffLimit,
      ttlSecondsAfterFinished,
      activeDeadlineSeconds: (timeoutSeconds * urls.length + 30) * (backoffLimit + 1),
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container],
        },
      },
    },
  };
  const waitCommand = `kubectl -n ${namespace} wait --for=condition=complete job/${name} --timeout=${(job.spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds}s`;
  return observed({ job, objects: [job], urls, waitCommand }, construct);
}

function checkService(issues: Issues, field: string, s: unknown, clusterDomain: string): string | undefined {
  if (!checkKnownKeys(issues, field, s, ['namespace', 'name', 'port', 'path'])) return undefined;
  const v = s as VerifiedService;
  const namespace = v.namespace ?? 'default';
  const path = v.path ?? '/';
  const before = issues.count;
  checkName(issues, join(field, 'namespace'), namespace, 'label');
  checkName(issues, join(field, 'name'), v.name, 'service');
  checkInteger(issues, join(field, 'port'), v.port, { min: 1, max: 65535 });
  if (typeof path !== 'string' || path.length > 2048 || !PATH.test(path)) issues.add(join(field, 'path'), path, 'expected a URL path starting with "/", such as "/healthz"');
  return issues.count === before ? `http://${v.name}.${namespace}.svc.${clusterDomain}:${v.port}${path}` : undefined;
}
