import { ApiObject, Chart } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { WORKLOAD_KINDS, type CollectorCoverage, type L7LoggingOptions, type L7LoggingPlan, L7ValidationError, L7Warning, type StorageGuidance, collectorKind, planL7LoggingWith } from '../core';
import { type ServiceSource, describeServiceSource, selectInApp } from './annotated-service';
import { type WorkloadSource, describeWorkloadSource, selectWorkloadInApp } from './workload-source';
import { addApiObjects, chartFile, clusterWrites, constructLabel, felixChartOf, pathId, trafficChartBeside } from './api-objects';
import { raiseWarnings } from './warnings';

/** Props of {@link L7Logging}: the core's, with Services and workloads that may also be constructs of this app. */
export interface L7LoggingProps extends L7LoggingOptions<ServiceSource, WorkloadSource> {
  /**
   * The chart for the traffic phase: what sends traffic through the collector (the Service
   * annotations, workload labels, namespace waypoint labels, and Felix `tproxyMode` in daemonset
   * mode), to apply once the collector runs ({@link L7Logging.rolloutSteps}). It must be another
   * chart than the construct's own; create it after that one, so `cdk8s synth` lists it later.
   * @default - a chart beside the construct's chart, with its id and "-traffic"
   */
  readonly trafficChart?: Chart;
}

/** The field manager the rollout commands apply with: one for both phases, so each keeps the fields of the other. */
export const FIELD_MANAGER = 'calico-l7-logging';

/**
 * L7 logs for one cluster: the FelixConfiguration patch, the collector (the operator's
 * ApplicationLayer, the daemonset with its Envoy config, the eBPF switch in Felix, or waypoint logging
 * with its Gateways), what is selected (Services, workloads, namespaces) and the log storage sizing,
 * in two charts applied one after the other (see {@link L7Logging.rolloutSteps}).
 */
export class L7Logging extends Construct {
  /** The FelixConfiguration `default` of the collector phase (daemonset mode: without the TPROXY fields). */
  readonly felixConfiguration?: ApiObject;
  /** Operator and sidecar modes: the ApplicationLayer; also the default child. */
  readonly applicationLayer?: ApiObject;
  /** Waypoint mode: the operator's Istio resource, carrying waypointLogging; also the default child. */
  readonly istio?: ApiObject;
  /** Waypoint mode: the waypoint Gateways. */
  readonly gateways: readonly ApiObject[];
  /** Daemonset mode: the Envoy ConfigMap. */
  readonly configMap?: ApiObject;
  /** Daemonset mode: the ServiceAccount. */
  readonly serviceAccount?: ApiObject;
  /** Daemonset mode: the DaemonSet; also the default child. */
  readonly daemonSet?: ApiObject;
  /** The LogStorage patch, with `storage.resizeLogStorage`. */
  readonly logStorage?: ApiObject;
  /** Daemonset mode: the FelixConfiguration `default` of the traffic phase, with the TPROXY fields. */
  readonly trafficFelixConfiguration?: ApiObject;
  /** The selection objects of existing Services (Services of the app are annotated in place). */
  readonly services: readonly ApiObject[];
  /** The selection objects of existing workloads (workloads of the app are labelled in place). */
  readonly workloads: readonly ApiObject[];
  /** Waypoint mode: the namespace label objects. */
  readonly namespaces: readonly ApiObject[];
  /** The chart holding the traffic phase, when it is not this construct's own. */
  readonly trafficChart?: Chart;
  /** What the collector mode logs and what it misses. */
  readonly coverage: CollectorCoverage;
  /** Storage sizing, when `storage` is given. */
  readonly storageGuidance?: StorageGuidance;
  /** The validated, rendered plan this construct was built from. @internal */
  readonly plan: L7LoggingPlan;
  /** Props that are valid but probably not meant (printed once per app when it synthesizes). */
  readonly warnings: readonly L7Warning[];

  constructor(scope: Construct, id: string, props: L7LoggingProps = {}) {
    super(scope, id);
    const label = constructLabel('L7Logging', this);
    const { trafficChart: givenTrafficChart, ...options } = props ?? {};
    const collectorChart = Chart.of(this);
    // Checked with the props, before any object joins the tree.
    if (givenTrafficChart === collectorChart) {
      throw new L7ValidationError(label, [
        { field: 'trafficChart', value: collectorChart.node.path, allowed: 'expected another chart than the one that holds the collector: the two are applied one after the other' },
      ]);
    }
    const plan = planL7LoggingWith(options, label, describeServiceSource, describeWorkloadSource);
    this.plan = plan;
    this.coverage = plan.coverage;
    this.warnings = plan.warnings;
    raiseWarnings(this, plan.warnings);

    const collectorObjects = addApiObjects(this, plan.collectorPhase);
    for (const o of collectorObjects) {
      if (o.kind === 'FelixConfiguration') this.felixConfiguration = o;
      else if (o.kind === 'ApplicationLayer') this.applicationLayer = o;
      else if (o.kind === 'ConfigMap') this.configMap = o;
      else if (o.kind === 'ServiceAccount') this.serviceAccount = o;
      else if (o.kind === 'DaemonSet') this.daemonSet = o;
      else if (o.kind === 'LogStorage') this.logStorage = o;
      else if (o.kind === 'Istio') this.istio = o;
    }
    this.gateways = collectorObjects.filter((o) => o.kind === 'Gateway');
    let trafficScope: Construct | undefined;
    if (plan.collectorPhase.length > 0 && plan.trafficPhase.length > 0) {
      const trafficChart = givenTrafficChart ?? trafficChartBeside(collectorChart);
      this.trafficChart = trafficChart;
      // No cdk8s dependency between the charts: cdk8s turns one into a dependency of every traffic
      // object on every collector object, which costs a third of the synth at 10,000 Services. The
      // traffic chart is created after the collector chart, so cdk8s writes it after it.
      trafficScope = new Construct(trafficChart, pathId(this));
    }
    // Numbered: the traffic phase may hold thousands of Services, reached through the typed handles.
    const traffic = addApiObjects(trafficScope ?? this, plan.trafficPhase, 'by-position');
    // One pass: there may be 10,000 Services.
    const services: ApiObject[] = [];
    const workloads: ApiObject[] = [];
    const namespaces: ApiObject[] = [];
    for (let i = 0; i < traffic.length; i += 1) {
      const o = traffic[i] as ApiObject;
      if (o.kind === 'Service') services.push(o);
      else if (o.kind === 'Namespace') namespaces.push(o);
      else if (o.kind === 'FelixConfiguration') this.trafficFelixConfiguration = o;
      else if (o.kind === 'Istio') this.istio = o;
      else if (Object.hasOwn(WORKLOAD_KINDS, o.kind)) workloads.push(o);
    }
    this.services = services;
    this.workloads = workloads;
    this.namespaces = namespaces;
    this.node.defaultChild = this.applicationLayer ?? this.daemonSet ?? this.istio ?? this.felixConfiguration ?? this.trafficFelixConfiguration;

    const writes = clusterWrites(this);
    writes.record(this.node.path, plan.objects, plan.enabled ? collectorKind(plan.collector.mode) : undefined);
    const withCollector: string[] = [];
    const inApp = (source: unknown, what: string) => {
      const chart = Chart.of(source as Construct);
      if (!this.#appCharts.includes(chart)) this.#appCharts.push(chart);
      writes.recordInApp(this.node.path, what, plan.enabled);
      if (chart === collectorChart && plan.enabled) withCollector.push(what);
    };
    (props.services ?? []).forEach((source, i) => {
      const service = plan.services[i];
      if (!service?.inApp) return;
      selectInApp(source as Construct, plan.enabled);
      inApp(source, `Service ${service.namespace}/${service.name}`);
    });
    (props.workloads ?? []).forEach((source, i) => {
      const workload = plan.workloads[i];
      if (!workload?.inApp || !plan.sidecar || heldBack(plan)) return;
      selectWorkloadInApp(source as Construct, plan.sidecar, plan.enabled);
      inApp(source, `${workload.kind} ${workload.namespace}/${workload.name}`);
    });
    // The collector's chart is applied before the collector runs: a selection written there comes too early.
    if (withCollector.length > 0 && plan.rollout.some((s) => s.waitsFor !== undefined)) {
      const listed = withCollector.length > 3 ? `${withCollector.slice(0, 3).join(', ')} and ${withCollector.length - 3} more` : withCollector.join(', ');
      raiseWarnings(this, [
        new L7Warning(
          'selected-with-collector',
          label,
          `${listed} ${withCollector.length === 1 ? 'is' : 'are'} selected in chart ${collectorChart.node.id}, which is applied with the collector, so a first rollout selects ` +
            `${withCollector.length === 1 ? 'it' : 'them'} before the collector runs: move ${withCollector.length === 1 ? 'it' : 'them'} to a chart applied after the collector`,
        ),
      ]);
    }
    if (plan.storage) this.storageGuidance = plan.storage;
  }

  /** The app's charts holding Services or workloads selected in place: the runbook applies them after the collector runs. */
  readonly #appCharts: Chart[] = [];
  #selectedServices?: readonly string[];
  #selectedWorkloads?: readonly string[];

  /** The selected Services, as `namespace/name`; listed when first read, as there may be 10,000. */
  get selectedServices(): readonly string[] {
    this.#selectedServices ??= this.plan.enabled ? this.plan.services.map((s) => `${s.namespace}/${s.name}`) : [];
    return this.#selectedServices;
  }

  /** The selected workloads, as `Kind namespace/name` (none while held back with `sidecar.rollPods: false`). */
  get selectedWorkloads(): readonly string[] {
    const plan = this.plan;
    this.#selectedWorkloads ??= plan.enabled && !heldBack(plan) ? plan.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`) : [];
    return this.#selectedWorkloads;
  }

  /**
   * The rollout as commands, for the manifests `cdk8s synth` wrote to `outdir`: apply the collector
   * chart, wait for the collector, apply the traffic chart (or, turning off, the reverse). Each
   * chart's FelixConfiguration objects, in the Felix chart beside it, are applied just before it,
   * client-side: a merge patch, as Calico's aggregated API server is not known to take server-side
   * apply. Call after synthesis; a chart's file is looked up in `outdir` by its id.
   */
  rolloutSteps(outdir = 'dist', context?: string): string[] {
    const kubectl = context === undefined ? 'kubectl' : `kubectl --context ${context}`;
    const collector = Chart.of(this);
    const charts = { collector, traffic: this.trafficChart ?? collector };
    // The app's own charts, as the app applies them; the collector's chart was applied already.
    const appCharts = this.#appCharts.filter((c) => c !== collector);
    const steps = this.plan.rollout.filter((step) => step.phase !== 'app' || appCharts.length > 0);
    // A chart with no object would be an empty file, which kubectl refuses to apply.
    const applyFile = (chart: Chart | undefined, flags: string) => (chart && hasObjects(chart) ? [`${kubectl} apply ${flags}-f ${chartFile(outdir, chart)}`] : []);
    const apply = (chart: Chart, flags: string) => [...applyFile(felixChartOf(chart), `--field-manager=${FIELD_MANAGER} `), ...applyFile(chart, flags)];
    return steps.map((step, i) => {
      const commands =
        step.phase === 'app'
          ? appCharts.flatMap((c) => apply(c, ''))
          : step.phase
            ? apply(charts[step.phase], `--server-side --field-manager=${FIELD_MANAGER} `)
            : [(step.command as string).replace(/^kubectl/, kubectl)];
      return `# ${i + 1}. ${step.description}\n${commands.join('\n')}`;
    });
  }
}

/** Whether a chart holds an object of its own. */
function hasObjects(chart: Chart): boolean {
  const pending: IConstruct[] = [...chart.node.children];
  for (let c = pending.pop(); c !== undefined; c = pending.pop()) {
    if (c instanceof ApiObject) return true;
    if (!(c instanceof Chart)) pending.push(...c.node.children);
  }
  return false;
}

/** Whether the plan's workloads wait for a maintenance window (`sidecar.rollPods: false`): none is selected yet. */
function heldBack(plan: L7LoggingPlan): boolean {
  return plan.enabled && plan.sidecar?.rollPods === false;
}
