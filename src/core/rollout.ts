import { APPLICATION_LAYER_NAME, COLLECTOR_NAME, type CollectorMode, ENVOY_CONFIG_NAME } from './collector';
import type { KubeObject } from './objects';
import { type CalicoRelease, compare } from './release/release';
import type { ResolvedWaypoint } from './selection/waypoint';

/** One step of putting the plan on a cluster: objects to apply, or a command to run. */
export interface RolloutStep {
  /** What the step does and why it comes here, for a person. */
  readonly description: string;
  /**
   * Which group of objects to apply, if the step applies objects: `collector` first, `traffic` once
   * the collector runs, and `app`, the app's own manifests that hold Services or workloads selected
   * in place (a cdk8s chart of the app), once the collector runs too.
   */
  readonly phase?: 'collector' | 'traffic' | 'app';
  /** A kubectl command to run, if the step is one. */
  readonly command?: string;
  /**
   * What the command waits for, if it only waits. Pulumi logs none of these: it waits for the
   * DaemonSet and the waypoint Gateways it manages, and cannot wait for what the operator renders.
   */
  readonly waitsFor?: 'collector' | 'sidecar webhook' | 'waypoint';
  /**
   * What the command deletes of the objects the package rendered, turning off: a tool that manages
   * them (Pulumi) deletes them itself once they leave the program.
   */
  readonly deletesRendered?: 'collector' | 'waypoint';
  /**
   * A one-off step: the upgrade's removal of the 3.9–3.10 collector. Run it once, then drop
   * `upgradeFrom`: run again, it would delete the operator's collector of the same name.
   */
  readonly once?: true;
}

/** What the runbook needs to know beside the mode. */
export interface RolloutContext {
  readonly mode: CollectorMode;
  readonly release: CalicoRelease;
  /** Namespace of the per-node collector. */
  readonly namespace: string;
  /** Namespace of the 3.9–3.10 collector being replaced, on an upgrade. */
  readonly upgradeNamespace?: string;
  readonly hasTraffic: boolean;
  /** Whether Services or workloads of the app are selected in place, in the app's own manifests. */
  readonly inApp: boolean;
  readonly waypoints: readonly ResolvedWaypoint[];
  /** Workload selections held back for a maintenance window (`sidecar.rollPods: false`). */
  readonly heldBack: readonly KubeObject[];
}

/** The upgrade's first one-off command: Felix stops redirecting to the 3.9–3.10 collector. @internal */
export const FELIX_TPROXY_OFF = `kubectl patch felixconfiguration default --type=merge -p '{"spec":{"tproxyMode":"Disabled"}}'`;

/** The command that removes the 3.9–3.10 collector's objects from `namespace`. @internal */
export function removeDaemonSetCommand(namespace: string): string {
  return `kubectl -n ${namespace} delete daemonset/${COLLECTOR_NAME} configmap/${ENVOY_CONFIG_NAME} serviceaccount/${COLLECTOR_NAME} --ignore-not-found`;
}

/** The Deployment serving the sidecar webhook: it moved from tigera-system to calico-system in 3.22. */
function webhookServer(release: CalicoRelease): string {
  return compare(release, { major: 3, minor: 22 }) >= 0 ? '-n calico-system rollout status deployment/calico-apiserver' : '-n tigera-system rollout status deployment/tigera-apiserver';
}

/** The kubectl patch that makes a held-back workload selection, for the maintenance window. */
function patchCommand(o: KubeObject): string {
  // Values are validated labels, quantities and "Enabled": no quote can end the shell string.
  const patch = JSON.stringify({ spec: o.spec });
  return `kubectl -n ${o.metadata.namespace ?? 'default'} patch ${o.kind.toLowerCase()} ${o.metadata.name} --type=merge -p '${patch}'`;
}

export function rolloutOn(c: RolloutContext): RolloutStep[] {
  const steps: RolloutStep[] = [];
  if (c.upgradeNamespace !== undefined) {
    steps.push(
      { description: 'Stop Felix sending traffic to the old collector, so removing it breaks no connection', command: FELIX_TPROXY_OFF, once: true },
      {
        description:
          "Remove the 3.9–3.10 collector: the operator renders objects of the same names, and a DaemonSet's selector cannot change " +
          '(once: then remove upgradeFrom, or a later run deletes the operator\'s collector)',
        command: removeDaemonSetCommand(c.upgradeNamespace),
        once: true,
      },
    );
  }
  steps.push({ description: COLLECTOR_STEP[c.mode], phase: 'collector' });
  // The eBPF collector selects nothing: switched on, it has no traffic phase.
  if ((c.hasTraffic || c.inApp) && c.mode !== 'ebpf') {
    if (c.mode === 'waypoint') {
      for (const w of c.waypoints) {
        steps.push({
          description: `Wait until the waypoint ${w.namespace}/${w.name} is programmed: a namespace sent to a waypoint that does not run loses its traffic`,
          command: `kubectl -n ${w.namespace} wait --for=condition=Programmed gateway/${w.name} --timeout=5m`,
          waitsFor: 'waypoint',
        });
      }
    } else {
      if (c.mode === 'sidecar') {
        steps.push({
          description: 'Wait until the sidecar webhook runs: it rejects labelled pods while it is down (failurePolicy Fail)',
          command: `kubectl ${webhookServer(c.release)} --timeout=10m`,
          waitsFor: 'sidecar webhook',
        });
      }
      steps.push({
        description:
          c.mode === 'sidecar'
            ? "Wait until the collector runs on every node: the sidecars send their logs to the node's collector"
            : 'Wait until the collector runs on every node: traffic redirected to a node without it is dropped',
        command: `kubectl -n ${c.namespace} rollout status daemonset/${COLLECTOR_NAME} --timeout=10m`,
        waitsFor: 'collector',
      });
    }
    if (c.hasTraffic) steps.push({ description: TRAFFIC_STEP[c.mode], phase: 'traffic' });
    if (c.inApp) steps.push({ description: APP_STEP, phase: 'app' });
  }
  for (const o of c.heldBack) {
    steps.push({
      description: `In a maintenance window: select ${o.kind} ${o.metadata.namespace}/${o.metadata.name}, which rolls its pods (or set sidecar.rollPods: true and apply again)`,
      command: patchCommand(o),
    });
  }
  return steps;
}

const COLLECTOR_STEP: Readonly<Record<CollectorMode, string>> = {
  daemonset: 'Apply the Felix policy-sync setting and the collector (ConfigMap, ServiceAccount, DaemonSet)',
  operator: 'Apply the Felix settings and the ApplicationLayer; the operator renders the collector and sets Felix tproxyMode',
  sidecar: 'Apply the Felix settings and the ApplicationLayer with sidecar injection; the operator deploys the collector and the sidecar webhook',
  ebpf: 'Apply the Felix settings with l7ObservabilityEnabled: Felix parses HTTP/1.x on every node from now on',
  waypoint:
    "Apply waypoint logging in the operator's Istio resource and the waypoint Gateways (the Istio resource must exist: applying creates it if absent, which installs Calico's Istio)",
};

const TRAFFIC_STEP: Readonly<Record<Exclude<CollectorMode, 'ebpf'>, string>> = {
  daemonset: "Switch Felix's transparent proxy on and annotate the selected Services: only connections opened from now on are proxied",
  operator: 'Annotate the selected Services: only connections opened from now on are proxied',
  sidecar:
    'Label the selected workloads (and annotate the selected Services): each workload rolls its pods, and only pods created from now on get the sidecar',
  waypoint: 'Label the namespaces to use their waypoints: their traffic goes through the waypoint from now on',
};

const APP_STEP = "Apply the app's own manifests that hold selected Services or workloads: their selection is written there, so they wait for the collector too";

export function rolloutOff(c: RolloutContext): RolloutStep[] {
  const steps: RolloutStep[] = [{ description: OFF_STEP[c.mode], phase: 'traffic' }];
  if (c.inApp) steps.push({ description: "Apply the app's own manifests that hold the deselected Services or workloads, before the collector goes", phase: 'app' });
  if (c.mode === 'daemonset') {
    steps.push({ description: 'Remove the collector', command: removeDaemonSetCommand(c.namespace), deletesRendered: 'collector' });
  } else if (c.mode === 'operator' || c.mode === 'sidecar') {
    steps.push({
      description:
        'Delete the ApplicationLayer if nothing else (WAF, application layer policy, sidecars) uses it: the operator then removes the collector and ' +
        'sets Felix tproxyMode Disabled. An ApplicationLayer with nothing enabled is Degraded and keeps the old collector running',
      command: `kubectl delete applicationlayer ${APPLICATION_LAYER_NAME}`,
    });
  } else if (c.mode === 'waypoint') {
    for (const w of c.waypoints) {
      steps.push({
        description: `Delete the waypoint ${w.namespace}/${w.name} if nothing else (Istio L7 policy) uses it`,
        command: `kubectl -n ${w.namespace} delete gateway/${w.name} --ignore-not-found`,
        deletesRendered: 'waypoint',
      });
    }
  }
  return steps;
}

const OFF_STEP: Readonly<Record<CollectorMode, string>> = {
  daemonset: "Switch Felix's transparent proxy off and deselect the Services: proxied connections stay proxied until they close",
  operator: 'Deselect the Services: proxied connections stay proxied until they close',
  sidecar: 'Deselect the Services and the workloads: the workloads roll their pods, which come back without the sidecar',
  ebpf: 'Switch the eBPF collector off in Felix (l7ObservabilityEnabled: false)',
  waypoint: "Remove the namespaces' waypoint labels and switch waypoint logging off in the operator's Istio resource",
};
