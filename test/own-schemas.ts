import { AGGREGATION_VALUES, FELIX_FIELDS, TPROXY_MODES } from '../src/core/felix';
import { type CalicoRelease, type Feature, hasFeature } from '../src/core/release/release';
import { crd } from './helpers';

// The package's stricter knowledge of the Calico resources it writes, as CRDs the validator reads:
// the fields, types and enums it writes for each release. Tests check the package's own output
// against them, beside the real CRDs; users' manifests are checked against the real CRDs only.

export type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer', format: 'int64' };
const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });

export function felixSpec(release: CalicoRelease): Schema {
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

export function applicationLayerSpec(release: CalicoRelease): Schema {
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

export const logStorageSpec: Schema = {
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

/** The LogCollector's S3 store, the one additional store this package writes. */
export const logCollectorSpec: Schema = {
  type: 'object',
  properties: {
    additionalStores: {
      type: 'object',
      properties: {
        s3: {
          type: 'object',
          required: ['bucketName', 'bucketPath', 'region'],
          properties: { region: string, bucketName: string, bucketPath: string, hostScope: enumOf(['All', 'NonClusterOnly']) },
        },
      },
    },
  },
};

const stringList: Schema = { type: 'array', items: string };
const meshFilters: Schema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      statusCodeMatcher: { type: 'object', properties: { value: { type: 'integer', minimum: 0, maximum: 4294967295 }, comparator: enumOf(['EQ', 'GE', 'LE']) } },
      headerMatcher: { type: 'object', properties: { name: string, value: string, regex: { type: 'boolean' }, invertMatch: { type: 'boolean' } } },
    },
  },
};
const includedLists = {
  includedRequestHeaders: stringList,
  includedResponseHeaders: stringList,
  includedResponseTrailers: stringList,
  includedFilterStateObjects: stringList,
};

/** Gloo Mesh 1.x AccessLogRecord: the fields MeshAccessLogging writes. */
export const accessLogRecordSpec: Schema = {
  type: 'object',
  properties: {
    workloadSelectors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kubeWorkloadMatcher: {
            type: 'object',
            properties: { labels: { type: 'object', additionalProperties: string }, namespaces: stringList, clusters: stringList },
          },
        },
      },
    },
    filters: meshFilters,
    ...includedLists,
  },
};

/** Gloo Mesh 2.x AccessLogPolicy: the fields MeshAccessLogging writes. */
export const accessLogPolicySpec: Schema = {
  type: 'object',
  properties: {
    applyToWorkloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: enumOf(['KUBE', 'VM']),
          selector: {
            type: 'object',
            properties: { cluster: string, labels: { type: 'object', additionalProperties: string }, name: string, namespace: string, workspace: string },
          },
        },
      },
    },
    config: { type: 'object', properties: { filters: meshFilters, ...includedLists } },
  },
};

export const istioSpec: Schema = { type: 'object', properties: { waypointLogging: enumOf(['Enabled', 'Disabled']) } };

// The Gateway API fields a waypoint uses, with the limits of gateway.networking.k8s.io/v1.
export const gatewaySpec: Schema = {
  type: 'object',
  required: ['gatewayClassName', 'listeners'],
  properties: {
    gatewayClassName: { type: 'string', minLength: 1, maxLength: 253 },
    listeners: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: {
        type: 'object',
        required: ['name', 'port', 'protocol'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 253 },
          port: { type: 'integer', format: 'int32', minimum: 1, maximum: 65535 },
          protocol: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
    },
  },
};


const crdsByRelease = new Map<string, Schema[]>();

/** CRDs for the Calico and Gateway API fields this package writes for a release (FelixConfiguration, ApplicationLayer, LogStorage, Istio, Gateway). */
export function ownCrds(release: CalicoRelease): Schema[] {
  // One set per release: the validator compiles each schema object once, so reuse keeps that cost to the first construct.
  const key = `${release.major}.${release.minor}`;
  const cached = crdsByRelease.get(key);
  if (cached) return cached;
  const crds = [
    crd('projectcalico.org', 'FelixConfiguration', { v3: felixSpec(release) }),
    crd('operator.tigera.io', 'ApplicationLayer', { v1: applicationLayerSpec(release) }),
    crd('operator.tigera.io', 'LogStorage', { v1: logStorageSpec }),
    crd('operator.tigera.io', 'LogCollector', { v1: logCollectorSpec }),
    crd('operator.tigera.io', 'Istio', { v1: istioSpec }),
    crd('gateway.networking.k8s.io', 'Gateway', { v1: gatewaySpec }, { scope: 'Namespaced' }),
    crd('observability.enterprise.mesh.gloo.solo.io', 'AccessLogRecord', { v1: accessLogRecordSpec }, { scope: 'Namespaced' }),
    crd('observability.policy.gloo.solo.io', 'AccessLogPolicy', { v2: accessLogPolicySpec }, { scope: 'Namespaced' }),
  ];
  crdsByRelease.set(key, crds);
  return crds;
}
