import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  type AnnotatedServiceOptions,
  L7_LOGGING_ANNOTATION,
  type ServiceDescriber,
  type ServiceRef,
  checkServiceLimits,
  describeServiceRef,
  planAnnotatedService,
} from '../core';
import { addApiObjects, apiObjectOf, clusterWrites, constructLabel, pathId, trafficChartBeside } from './api-objects';
import { raiseWarnings } from './warnings';

/**
 * A Service to select: an existing one named by namespace and name, or a Service of the same app
 * (a cdk8s `ApiObject` of kind Service, or a construct whose default child is one, such as a
 * cdk8s-plus `Service`).
 */
export type ServiceSource = ServiceRef | Construct;

/** Props of {@link AnnotatedService}. */
export type AnnotatedServiceProps = AnnotatedServiceOptions<ServiceSource>;

/** Describes an existing Service or a Service of this app, checking the documented limits. */
export const describeServiceSource: ServiceDescriber<ServiceSource> = (issues, field, source) => {
  // isConstruct, not instanceof: the app may load its own copy of the constructs package.
  if (!Construct.isConstruct(source)) return describeServiceRef(issues, field, source);
  const object = apiObjectOf(issues, field, source, 'a Service construct (an ApiObject of kind Service, or a construct wrapping one)');
  if (!object) return undefined;
  if (object.kind !== 'Service' || object.apiVersion !== 'v1') {
    issues.add(field, `${object.apiVersion}/${object.kind} ${source.node.path}`, 'expected a v1 Service');
    return undefined;
  }
  const spec = serviceSpec(source, object);
  const shape = checkServiceLimits(issues, field, {
    namespace: object.metadata.namespace ?? 'default',
    name: object.name,
    type: spec.type,
    clusterIP: spec.clusterIP,
  });
  return shape && { ...shape, inApp: true };
};

/** Type and clusterIP of a Service construct, read before its ports may be complete. */
function serviceSpec(source: Construct, object: ApiObject): { type?: unknown; clusterIP?: unknown } {
  // cdk8s-plus Services expose both as properties; rendering one without ports would throw.
  const typed = source as unknown as { type?: unknown; clusterIP?: unknown };
  if (source !== object && typeof typed.type === 'string') return { type: typed.type, clusterIP: typed.clusterIP };
  const spec = (object.toJson() as { spec?: { type?: unknown; clusterIP?: unknown } }).spec ?? {};
  return { type: spec.type, clusterIP: spec.clusterIP };
}

/**
 * Selects a Service of this app by adding the annotation next to its others, or deselects it by
 * removing the annotation if the object carries one.
 */
export function selectInApp(source: Construct, selected: boolean): void {
  const object = ApiObject.of(source);
  if (selected) object.metadata.addAnnotation(L7_LOGGING_ANNOTATION, 'true');
  else if ((object.metadata.toJson() as { annotations?: Record<string, string> }).annotations?.[L7_LOGGING_ANNOTATION] !== undefined) {
    // JSON pointer escapes "/" as "~1".
    object.addJsonPatch(JsonPatch.remove(`/metadata/annotations/${L7_LOGGING_ANNOTATION.replace('/', '~1')}`));
  }
}

/**
 * Selects a Service for L7 logs with the annotation `projectcalico.org/l7-logging: "true"`. A
 * Service of this app gets the annotation added; for an existing Service a minimal Service object
 * that carries only the annotation is emitted, for `kubectl apply --server-side`.
 */
export class AnnotatedService extends Construct {
  /** The emitted selection object, for an existing Service; also the default child. */
  readonly service?: ApiObject;
  /** The selected Service's namespace and name. */
  readonly namespace: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AnnotatedServiceProps) {
    super(scope, id);
    const label = constructLabel('AnnotatedService', this);
    const rendered = planAnnotatedService(props, label, describeServiceSource);
    raiseWarnings(this, rendered.warnings);
    this.namespace = rendered.service.namespace;
    this.name = rendered.service.name;
    const writes = clusterWrites(this);
    if (rendered.objects.length > 0) {
      // In the traffic chart beside this construct's chart: the Service is selected once the collector runs.
      const trafficScope = new Construct(trafficChartBeside(Chart.of(this)), pathId(this));
      [this.service] = addApiObjects(trafficScope, rendered.objects) as [ApiObject];
      this.node.defaultChild = this.service;
      writes.record(this.node.path, rendered.objects);
    } else {
      selectInApp(props.service as Construct, rendered.selected);
      writes.recordInApp(this.node.path, `Service ${this.namespace}/${this.name}`, rendered.selected);
    }
  }
}
