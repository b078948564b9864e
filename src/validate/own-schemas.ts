import { AGGREGATION_VALUES, FELIX_FIELDS, TPROXY_MODES } from '../core/felix';
import type { KubeObject } from '../core/objects';
import { type CalicoRelease, type Feature, hasFeature } from '../core/release';
import { indexCrds } from './crd';
import { validateObjects } from './validate';

// What the package knows of the Calico resources it writes, as CRDs the validator reads: the fields,
// types and enums of each release, kept beside the renderers so no cluster CRDs are needed to check
// the package's own output. Users check against their cluster's real CRDs with `calico-l7 validate`.

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer', format: 'int64' };
const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });

function felixSpec(release: CalicoRelease): Schema {
  const since: Partial<Record<string, Feature>> = {
    tproxyUpstreamConnMark: 'tproxyUpstreamConnMark',
    l7LogsFileAggregationTLSSNI: 'l7LogsFileAggregationTLSSNI',
    l7ObservabilityEnabled: 'l7ObservabilityEnabled',
  };
  const types: Record<string, Schema> = {
    policySyncPathPrefix: string,
    l7LogsFileDirectory: string,
    l7LogsFlushInterval: { type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$' },
    l7LogsFileEnabled: { type: 'boolean' },
    l7ObservabilityEnabled: { type: 'boolean' },
    tproxyMode: enumOf(hasFeature(release, 'tproxyModeEnabledAllServices') ? TPROXY_MODES : ['Disabled', 'Enabled']),
    tproxyPort: { type: 'integer', minimum: 1, maximum: 65535 },
    tproxyUpstreamConnMark: { type: 'integer', format: 'int32' },
    ...Object.fromEntries(Object.entries(AGGREGATION_VALUES).map(([k, v]) => [k, enumOf(v)])),
  };
  const properties = Object.fromEntries(
    FELIX_FIELDS.filter((f) => since[f] === undefined || hasFeature(release, since[f])).map((f) => [f, types[f] ?? integer]),
  );
  return { type: 'object', properties };
}

function applicationLayerSpec(release: CalicoRelease): Schema {
  return {
    type: 'object',
    properties: {
      logCollection: {
        type: 'object',
        properties: { collectLogs: enumOf(['Enabled', 'Disabled']), logIntervalSeconds: integer, logRequestsPerInterval: integer },
      },
      ...(hasFeature(release, 'sidecarInjection') ? { sidecarInjection: enumOf(['Enabled', 'Disabled']) } : {}),
    },
  };
}

const logStorageSpec: Schema = {
  type: 'object',
  properties: {
    nodes: {
      type: 'object',
      properties: {
        resourceRequirements: {
          type: 'object',
          properties: {
            requests: {
              type: 'object',
              properties: { storage: { type: 'string', pattern: '^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$' } },
            },
          },
        },
      },
    },
  },
};

function crd(group: string, version: string, kind: string, spec: Schema): Schema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      names: { kind, plural: `${kind.toLowerCase()}s` },
      scope: 'Cluster',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: string, kind: string, metadata: { type: 'object' }, spec } } },
        },
      ],
    },
  };
}

const crdsByRelease = new Map<string, Schema[]>();

/** CRDs for the FelixConfiguration, ApplicationLayer and LogStorage fields this package writes for a release. */
export function ownCrds(release: CalicoRelease): Schema[] {
  // One set per release: the validator compiles each schema object once, so reuse keeps that cost to the first construct.
  const key = `${release.major}.${release.minor}`;
  const cached = crdsByRelease.get(key);
  if (cached) return cached;
  const crds = [
    crd('projectcalico.org', 'v3', 'FelixConfiguration', felixSpec(release)),
    crd('operator.tigera.io', 'v1', 'ApplicationLayer', applicationLayerSpec(release)),
    crd('operator.tigera.io', 'v1', 'LogStorage', logStorageSpec),
  ];
  crdsByRelease.set(key, crds);
  return crds;
}

/**
 * CRDs for checking manifests offline: `crds` (a cluster's own) and, for the Calico kinds they do
 * not define, {@link ownCrds} of `release`.
 */
export function withOwnCrds(crds: readonly unknown[], release: CalicoRelease): unknown[] {
  const given = new Set([...indexCrds(crds).keys()].map((key) => key.slice(key.lastIndexOf('/') + 1)));
  return [...ownCrds(release).filter((crd) => !given.has(((crd.spec as Schema).names as Schema).kind as string)), ...crds];
}

/**
 * Checks what the package rendered with the same validator users run: built-in kinds against the
 * Kubernetes schemas, Calico kinds against {@link ownCrds}. Props were validated before rendering,
 * so a failure here is a defect of the package, reported as such.
 */
export function assertOwnOutputValid(objects: readonly KubeObject[], release: CalicoRelease, construct: string): void {
  // Service selections differ only in names that props validation has checked; one stands for all,
  // which keeps this check constant in the number of Services (10,000 of them would cost ~150 ms).
  const firstService = objects.findIndex((o) => o.kind === 'Service');
  const sample = objects.filter((o, i) => o.kind !== 'Service' || i === firstService);
  const errors = validateObjects(sample, { crds: ownCrds(release) });
  if (errors.length === 0) return;
  const lines = errors.map((e) => `  - ${e.object} ${e.path || '/'}: ${e.message}`);
  throw new Error(`${construct}: calico-l7-logging rendered objects that fail their schema (a defect of the package; please report it):\n${lines.join('\n')}`);
}
