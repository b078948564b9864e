import type { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { CLUSTER_ROLES, PRODUCTS, type PlatformProps } from '../release/platform';
import { checkBoolean, checkEnum, checkInteger, checkKnownKeys, checkQuantity, isPlainObject, quantityBytes } from '../rules';

/** The docs' rule: at least 1 GB more log storage per cluster node per day of L7 retention. */
export const GB_PER_NODE_PER_DAY = 1;
/**
 * Days of L7 logs Elasticsearch holds at most: the operator's index lifecycle for
 * `tigera_secure_ee_l7` rolls the index over after a day and deletes it a day after that, in every
 * release from 3.10 on, and LogStorage has no L7 retention field. Longer retention needs an S3 archive.
 */
export const L7_DAYS_ON_DISK = 2;

const GB = 1e9;
const GI = 2 ** 30;
const MAX_STORAGE_BYTES = 2 ** 60;

/** Inputs of the sizing. */
export interface StorageSizingInputs {
  /** Kubernetes nodes in the cluster whose traffic is logged (the docs' rule counts these, not Elasticsearch nodes). */
  readonly nodes: number;
  /** Days of L7 logs wanted. More than Elasticsearch keeps (2) is sized for 2, with a warning that points at the S3 archive. */
  readonly retentionDays: number;
  /** Elasticsearch nodes the extra storage is spread over (LogStorage `spec.nodes.count`). @default 1 */
  readonly elasticsearchNodes?: number;
  /** Replicas of each index (LogStorage `spec.indices.replicas`): each is a full copy. @default 0 */
  readonly replicas?: number;
  /**
   * Storage each Elasticsearch node has now (LogStorage `spec.nodes.resourceRequirements.requests.storage`), e.g. `10Gi`.
   * @default - unknown: only the extra storage is reported
   */
  readonly currentPerNodeStorage?: string;
  /**
   * Emit a `LogStorage tigera-secure` patch that raises the storage request to the recommended
   * size. The operator then builds a new Elasticsearch node set and migrates every index to it;
   * where no LogStorage exists, applying the patch creates one, which installs Elasticsearch. Needs
   * `currentPerNodeStorage`; refused on Calico Cloud and managed clusters.
   * @default false - the guidance prints the `kubectl patch` command instead, to run when it suits
   */
  readonly resizeLogStorage?: boolean;
}

/** Where the cluster's logs are stored, from the `platform` props. */
export type StoragePlatform = Pick<PlatformProps, 'product' | 'clusterRole'>;

/** Props of the LogStorageSizing construct: the sizing inputs and where the logs are stored. */
export interface LogStorageSizingProps extends StorageSizingInputs {
  /** The product and the cluster's role in multi-cluster management. @default - a standalone Calico Enterprise cluster */
  readonly platform?: StoragePlatform;
}

export const STORAGE_KEYS = [
  'nodes',
  'retentionDays',
  'elasticsearchNodes',
  'replicas',
  'currentPerNodeStorage',
  'resizeLogStorage',
] as const satisfies readonly (keyof StorageSizingInputs)[];

/** The sizing result; each number comes with its formula in `text`. */
export interface StorageGuidance {
  readonly nodes: number;
  readonly retentionDays: number;
  readonly elasticsearchNodes: number;
  readonly replicas: number;
  /** Days the sizing is for: the retention asked for, at most {@link L7_DAYS_ON_DISK}. */
  readonly daysOnDisk: number;
  /** The docs' rule for the days asked for, one copy: nodes × 1 GB × retentionDays. */
  readonly docsRuleGB: number;
  /** Extra storage in all: nodes × 1 GB × daysOnDisk × (1 + replicas). */
  readonly extraTotalGB: number;
  /** Extra storage per Elasticsearch node: ceil(extraTotalGB ÷ elasticsearchNodes). */
  readonly extraPerElasticsearchNodeGB: number;
  readonly currentPerNodeStorage?: string;
  /** Current plus extra, rounded up to whole GiB, as a canonical Kubernetes quantity. */
  readonly recommendedPerNodeStorage?: string;
  /** The command that raises the request, when the current size is known and short. */
  readonly kubectlPatch?: string;
  /** Things the user must act on: retention beyond what Elasticsearch keeps. */
  readonly warnings: readonly string[];
  /** The whole guidance for a person, formulas included. */
  readonly text: string;
}

/** What the operator does when the storage request changes (tigera/operator `nodeSetName`, ECK orchestration). */
export const RESIZE_CONSEQUENCES =
  'The operator then renames the Elasticsearch node set: ECK builds a new one (new StatefulSet and volumes), ' +
  'migrates every index to it and removes the old one. Schedule it; where volumes are provisioned statically, ' +
  'create an Available PersistentVolume of the new size first, or the migration stalls.';

export function validateStorage(
  issues: Issues,
  prefix: string,
  props: StorageSizingInputs,
  platform: StoragePlatform = {},
  extraKeys: readonly string[] = [],
): StorageGuidance | undefined {
  const before = issues.count;
  const f = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (!checkKnownKeys(issues, prefix, props, [...STORAGE_KEYS, ...extraKeys]) && !isPlainObject(props)) return undefined;
  checkInteger(issues, f('nodes'), props.nodes, { min: 1, max: 100000 });
  checkInteger(issues, f('retentionDays'), props.retentionDays, { min: 1, max: 3650 });
  if (props.elasticsearchNodes !== undefined) checkInteger(issues, f('elasticsearchNodes'), props.elasticsearchNodes, { min: 1, max: 1000 });
  if (props.replicas !== undefined) checkInteger(issues, f('replicas'), props.replicas, { min: 0, max: 100 });
  if (props.currentPerNodeStorage !== undefined && checkQuantity(issues, f('currentPerNodeStorage'), props.currentPerNodeStorage)) {
    // The recommendation is written as whole GiB; past 1Ei it would not be a quantity Kubernetes reads as bytes.
    if (quantityBytes(props.currentPerNodeStorage) > MAX_STORAGE_BYTES) issues.add(f('currentPerNodeStorage'), props.currentPerNodeStorage, 'expected at most "1Ei" per Elasticsearch node');
  }
  if (props.resizeLogStorage !== undefined && checkBoolean(issues, f('resizeLogStorage'), props.resizeLogStorage) && props.resizeLogStorage) {
    if (props.currentPerNodeStorage === undefined) issues.add(f('resizeLogStorage'), true, 'needs currentPerNodeStorage, the size to raise');
    // Server-side apply and Pulumi patches create a missing object: a LogStorage there would install Elasticsearch.
    if (platform.product === 'calico-cloud') {
      issues.add(f('resizeLogStorage'), true, 'Calico Cloud manages log storage itself; there is no LogStorage to resize');
    } else if (platform.clusterRole === 'managed') {
      issues.add(f('resizeLogStorage'), true, 'a managed cluster keeps its logs in the management cluster and must have no LogStorage; size that one');
    }
  }
  if (issues.count !== before) return undefined;
  return sizeLogStorage(props, platform);
}

/** Validates the `platform` of a standalone LogStorageSizing: only product and cluster role matter here. */
export function validateStoragePlatform(issues: Issues, field: string, platform: unknown): StoragePlatform {
  if (platform === undefined) return {};
  if (!checkKnownKeys(issues, field, platform, ['product', 'clusterRole'])) return {};
  const p = platform as StoragePlatform;
  if (p.product !== undefined) checkEnum(issues, `${field}.product`, p.product, PRODUCTS);
  if (p.clusterRole !== undefined) checkEnum(issues, `${field}.clusterRole`, p.clusterRole, CLUSTER_ROLES);
  return p;
}

/** A whole number of GiB as a canonical quantity: the largest binary suffix that keeps it whole (1024Gi is 1Ti). */
export function canonicalGi(gi: number): string {
  let value = gi;
  const suffixes = ['Gi', 'Ti', 'Pi', 'Ei'];
  let i = 0;
  while (i < suffixes.length - 1 && value % 1024 === 0 && value > 0) {
    value /= 1024;
    i += 1;
  }
  return `${value}${suffixes[i]}`;
}

/** Applies the docs' rule to already-valid props. */
export function sizeLogStorage(props: StorageSizingInputs, platform: StoragePlatform = {}): StorageGuidance {
  const { nodes, retentionDays } = props;
  const elasticsearchNodes = props.elasticsearchNodes ?? 1;
  const replicas = props.replicas ?? 0;
  const daysOnDisk = Math.min(retentionDays, L7_DAYS_ON_DISK);
  const docsRuleGB = nodes * GB_PER_NODE_PER_DAY * retentionDays;
  const extraTotalGB = nodes * GB_PER_NODE_PER_DAY * daysOnDisk * (1 + replicas);
  const extraPerElasticsearchNodeGB = Math.ceil(extraTotalGB / elasticsearchNodes);
  const warnings: string[] = [];
  const lines = [
    `Docs' rule: at least ${GB_PER_NODE_PER_DAY} GB more log storage per cluster node per day of L7 retention.`,
    `  for ${retentionDays} day(s): ${nodes} node(s) x ${GB_PER_NODE_PER_DAY} GB x ${retentionDays} day(s) = ${docsRuleGB} GB`,
  ];
  if (retentionDays > L7_DAYS_ON_DISK) {
    warnings.push(
      `${retentionDays} days of L7 logs cannot be kept in Elasticsearch: the operator deletes L7 indices a day after their daily rollover ` +
        `(about ${L7_DAYS_ON_DISK} days on disk; LogStorage has no L7 retention field). Archive them to S3 (LogCollector additionalStores.s3) to keep them longer.`,
    );
    lines.push(`  sized for the ${L7_DAYS_ON_DISK} days Elasticsearch keeps L7 logs, not ${retentionDays}`);
  }
  lines.push(
    `Extra in all:      ${nodes} node(s) x ${GB_PER_NODE_PER_DAY} GB x ${daysOnDisk} day(s) x (1 + ${replicas} replica(s)) = ${extraTotalGB} GB`,
    `Extra per ES node: ceil(${extraTotalGB} GB / ${elasticsearchNodes} Elasticsearch node(s)) = ${extraPerElasticsearchNodeGB} GB`,
  );
  if (platform.product === 'calico-cloud') {
    lines.push('Calico Cloud stores the logs itself (7 days); there is no LogStorage to resize.');
    return { nodes, retentionDays, elasticsearchNodes, replicas, daysOnDisk, docsRuleGB, extraTotalGB, extraPerElasticsearchNodeGB, warnings, text: lines.join('\n') };
  }
  if (platform.clusterRole === 'managed') {
    lines.push("A managed cluster's logs are stored by its management cluster: add this to that cluster's LogStorage.");
  }
  const base = { nodes, retentionDays, elasticsearchNodes, replicas, daysOnDisk, docsRuleGB, extraTotalGB, extraPerElasticsearchNodeGB };
  if (props.currentPerNodeStorage === undefined) {
    lines.push(`Raise LogStorage tigera-secure spec.nodes.resourceRequirements.requests.storage by ${extraPerElasticsearchNodeGB} GB per Elasticsearch node.`, RESIZE_CONSEQUENCES);
    return { ...base, warnings, text: [...lines, ...warnings.map((w) => `Warning: ${w}`)].join('\n') };
  }
  const current = props.currentPerNodeStorage;
  const recommendedPerNodeStorage = grownStorage(current, extraPerElasticsearchNodeGB);
  const kubectlPatch = resizeCommand(recommendedPerNodeStorage);
  lines.push(
    `Recommended per ES node: ${current} + ${extraPerElasticsearchNodeGB} GB, rounded up to whole GiB = ${recommendedPerNodeStorage}`,
    `To resize: ${kubectlPatch}`,
    RESIZE_CONSEQUENCES,
  );
  return {
    ...base,
    currentPerNodeStorage: current,
    recommendedPerNodeStorage,
    kubectlPatch,
    warnings,
    text: [...lines, ...warnings.map((w) => `Warning: ${w}`)].join('\n'),
  };
}

/** A `LogStorage tigera-secure` patch carrying only the storage request. */
export function renderLogStoragePatch(g: StorageGuidance): KubeObject | undefined {
  if (!g.recommendedPerNodeStorage) return undefined;
  return { apiVersion: 'operator.tigera.io/v1', kind: 'LogStorage', metadata: { name: 'tigera-secure' }, spec: storageRequestSpec(g.recommendedPerNodeStorage) };
}

/** Per-node storage grown by `extraGB`, rounded up to whole GiB, as a canonical quantity. */
export function grownStorage(current: string, extraGB: number): string {
  return canonicalGi(Math.ceil((quantityBytes(current) + extraGB * GB) / GI));
}

/** The `kubectl patch` that sets LogStorage's per-node storage request. */
export function resizeCommand(storage: string): string {
  return `kubectl patch logstorage tigera-secure --type=merge -p '${JSON.stringify({ spec: storageRequestSpec(storage) })}'`;
}

function storageRequestSpec(storage: string): Record<string, unknown> {
  return { nodes: { resourceRequirements: { requests: { storage } } } };
}
