import type { Issues } from './errors';
import type { KubeObject } from './objects';
import { checkBoolean, checkInteger, checkKnownKeys, checkQuantity, isPlainObject, quantityBytes } from './rules';

/**
 * Calico's sizing rule: L7 logs need at least 1 GB more log storage per node for each day of
 * retention. Sized here in GiB (1 GiB > 1 GB), so the result never falls below the rule.
 */
export const GIB_PER_NODE_PER_DAY = 1;

export interface LogStorageSizingProps {
  /** Nodes in the cluster whose Service traffic is logged. */
  readonly nodes: number;
  /** Days of L7 logs to keep. */
  readonly retentionDays: number;
  /**
   * Storage each LogStorage node has now (`nodes.resourceRequirements.requests.storage`), e.g. `10Gi`.
   * @default - unknown: only the extra storage is reported
   */
  readonly currentPerNodeStorage?: string;
  /**
   * Emit a `LogStorage tigera-secure` patch that raises `requests.storage` to the recommended size.
   * Needs `currentPerNodeStorage`.
   * @default false
   */
  readonly emitLogStoragePatch?: boolean;
}

export const STORAGE_KEYS = ['nodes', 'retentionDays', 'currentPerNodeStorage', 'emitLogStoragePatch'] as const satisfies readonly (keyof LogStorageSizingProps)[];

/** The sizing result. */
export interface StorageGuidance {
  readonly nodes: number;
  readonly retentionDays: number;
  /** Extra storage each node needs for L7 logs, in GiB. */
  readonly extraPerNodeGiB: number;
  /** Extra storage the cluster needs in all, in GiB. */
  readonly extraTotalGiB: number;
  /** The given per-node storage, in GiB. */
  readonly currentPerNodeGiB?: number;
  /** Current plus extra, rounded up to a whole GiB, as a Kubernetes quantity. */
  readonly recommendedPerNodeStorage?: string;
  /** A short text for a person. */
  readonly text: string;
}

export function validateStorage(issues: Issues, prefix: string, props: LogStorageSizingProps): StorageGuidance | undefined {
  const before = issues.count;
  const f = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (!checkKnownKeys(issues, prefix, props, STORAGE_KEYS) && !isPlainObject(props)) return undefined;
  checkInteger(issues, f('nodes'), props.nodes, { min: 1, max: 100000 });
  checkInteger(issues, f('retentionDays'), props.retentionDays, { min: 1, max: 365 });
  if (props.currentPerNodeStorage !== undefined) checkQuantity(issues, f('currentPerNodeStorage'), props.currentPerNodeStorage);
  if (props.emitLogStoragePatch !== undefined && checkBoolean(issues, f('emitLogStoragePatch'), props.emitLogStoragePatch)) {
    if (props.emitLogStoragePatch && props.currentPerNodeStorage === undefined) {
      issues.add(f('emitLogStoragePatch'), true, 'needs currentPerNodeStorage, the size to raise');
    }
  }
  if (issues.count !== before) return undefined;
  return sizeLogStorage(props);
}

/** Applies the sizing rule to already-valid props. */
export function sizeLogStorage(props: LogStorageSizingProps): StorageGuidance {
  const { nodes, retentionDays } = props;
  const extraPerNodeGiB = retentionDays * GIB_PER_NODE_PER_DAY;
  const extraTotalGiB = extraPerNodeGiB * nodes;
  const lines = [
    `L7 logs need at least ${GIB_PER_NODE_PER_DAY} GB more log storage per node per day of retention.`,
    `${nodes} node(s) x ${retentionDays} day(s): ${extraPerNodeGiB}Gi more per node, ${extraTotalGiB}Gi in all.`,
  ];
  if (retentionDays > 1) {
    lines.push(
      'Note: the Tigera operator deletes L7 indices after 1 day (LogStorage has no L7 retention field); ' +
        'keeping them longer takes an S3 archive (LogCollector additionalStores.s3).',
    );
  }
  if (props.currentPerNodeStorage === undefined) return { nodes, retentionDays, extraPerNodeGiB, extraTotalGiB, text: lines.join('\n') };
  // Three decimals are enough to show a size; the recommendation is rounded up to whole GiB.
  const currentPerNodeGiB = Math.round((quantityBytes(props.currentPerNodeStorage) / 2 ** 30) * 1000) / 1000;
  const recommendedPerNodeStorage = `${Math.ceil(currentPerNodeGiB + extraPerNodeGiB)}Gi`;
  lines.push(
    `Current ${props.currentPerNodeStorage} per node; raise it to at least ${recommendedPerNodeStorage} ` +
      '(LogStorage tigera-secure, spec.nodes.resourceRequirements.requests.storage).',
  );
  return { nodes, retentionDays, extraPerNodeGiB, extraTotalGiB, currentPerNodeGiB, recommendedPerNodeStorage, text: lines.join('\n') };
}

/** A `LogStorage tigera-secure` patch carrying only the storage request. */
export function renderLogStoragePatch(g: StorageGuidance): KubeObject | undefined {
  if (!g.recommendedPerNodeStorage) return undefined;
  return {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'LogStorage',
    metadata: { name: 'tigera-secure' },
    spec: { nodes: { resourceRequirements: { requests: { storage: g.recommendedPerNodeStorage } } } },
  };
}
