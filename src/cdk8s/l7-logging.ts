import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type FelixL7Settings, type L7LoggingOptions, type L7LoggingPlan, type StorageGuidance, planL7Logging } from '../core';
import { type ServiceSource, describeServiceSource, selectInApp } from './annotated-service';
import { addApiObjects, constructLabel, reportWarnings } from './api-objects';

/** Props of {@link L7Logging}: the core's, with Services that may also be constructs of this app. */
export type L7LoggingProps = L7LoggingOptions<ServiceSource>;

/**
 * L7 logs for one cluster: the FelixConfiguration patch, the collector (operator ApplicationLayer or
 * the daemonset with its Envoy config), the selected Services and the log storage sizing.
 */
export class L7Logging extends Construct {
  /** The FelixConfiguration `default` patch. */
  readonly felixConfiguration: ApiObject;
  /** The collector's objects: the ApplicationLayer, or the ConfigMap, ServiceAccount and DaemonSet. */
  readonly collectorObjects: readonly ApiObject[];
  /** Selection objects emitted for existing Services (Services of this app are annotated in place). */
  readonly serviceObjects: readonly ApiObject[];
  /** The selected Services, as `namespace/name`. */
  readonly selectedServices: readonly string[];
  /** The Felix settings written, after defaults and the collector's own. */
  readonly felixSettings: FelixL7Settings;
  /** Storage sizing, when `storage` is given: the guidance, and the LogStorage patch if one was asked for. */
  readonly storage?: { readonly guidance: StorageGuidance; readonly apiObject?: ApiObject };
  /** The validated, rendered plan this construct was built from. */
  readonly plan: L7LoggingPlan;
  /** Props that are valid but probably not meant (also printed as Node warnings). */
  readonly warnings: readonly string[];

  constructor(scope: Construct, id: string, props: L7LoggingProps = {}) {
    super(scope, id);
    const plan = planL7Logging(props, constructLabel('L7Logging', this), describeServiceSource);
    this.plan = plan;
    this.warnings = plan.warnings;
    reportWarnings(plan.warnings);
    this.felixSettings = plan.felixConfiguration.spec as FelixL7Settings;
    [this.felixConfiguration] = addApiObjects(this, [plan.felixConfiguration]) as [ApiObject];
    this.collectorObjects = addApiObjects(this, plan.collectorObjects);
    this.serviceObjects = addApiObjects(this, plan.serviceObjects);
    (props.services ?? []).forEach((source, i) => {
      if (plan.services[i]?.inApp) selectInApp(source as Construct, plan.enabled);
    });
    this.selectedServices = plan.enabled ? plan.services.map((s) => `${s.namespace}/${s.name}`) : [];
    if (plan.storage) {
      const [apiObject] = addApiObjects(this, plan.storageObjects);
      this.storage = { guidance: plan.storage, ...(apiObject ? { apiObject } : {}) };
    }
  }
}
