/**
 * Every warning the package gives, by stable id, with what to do about it. A warning names
 * something valid that is probably not meant; each can be acknowledged by its id.
 */
export const WARNINGS = {
  'nothing-selected': 'the collector runs but no traffic is selected, so no L7 logs are written: select Services or workloads',
  'node-requirement-unchecked': "the collector needs a Kubernetes or kernel version the package cannot see: give it in platform to have it checked",
  'envoy-collector-deprecated': 'the Envoy collectors are deprecated where the eBPF collector is available: move to collector "ebpf"',
  'sidecar-release-ambiguous': 'sidecar injection needs 3.20.0-2.0 or later: give the full calicoVersion',
  'load-balancer-partly-logged': "traffic to a LoadBalancer's own IP is logged only where the load balancer forwards to the NodePort",
  'no-waypoints': 'waypoint logging is on but no namespace is given: only namespaces that already use a waypoint are logged',
  'selected-with-collector':
    'a Service or workload of the app is selected in the chart applied with the collector, so a first rollout selects it before the collector runs: move it to a chart applied after the collector',
  'workloads-held-back': 'selected workloads are held back until their pods roll: select them in a maintenance window',
  'retention-beyond-elasticsearch': 'Elasticsearch keeps L7 logs about 2 days: archive them to S3 (L7LogArchive) to keep them longer',
  'superuser-log-access': 'the access granted is more than L7 logs: drop elasticsearch_superuser from logTypes',
  'mesh-all-workloads': 'no workloads given: every workload is logged; name workloads to log fewer',
  'mesh-all-requests': 'no filters given: every request is logged; add filters to log fewer',
  'mesh-restart-workloads': "a sidecar reads the mesh's Istio settings only when it starts: restart injected workloads after applying them",
  'manual-rollout-step': 'a rollout step needs a command outside Pulumi: run it between the phases',
} as const;

/** The id of a warning: a key of {@link WARNINGS}. */
export type WarningId = keyof typeof WARNINGS;

/** One warning a construct raised: its stable id, the construct, and the sentence for a person. */
export class L7Warning {
  constructor(
    /** Stable id, to acknowledge the warning by. */
    readonly id: WarningId,
    /** The construct that raised it, e.g. `L7Logging prod-eu1/l7`. */
    readonly construct: string,
    /** What was found and what to do. */
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.construct}: ${this.message}`;
  }
}

/** Whether `id` is a warning id; the error for an unknown one names the nearest. */
export function isWarningId(id: unknown): id is WarningId {
  return typeof id === 'string' && Object.hasOwn(WARNINGS, id);
}
