// `calico-l7 size`: the log storage guidance of LogStorageSizing as a command.
import { parseArgs } from 'node:util';
import { Issues, describeIssue } from './core/errors';
import { type RateEstimate, checkRateInputs, estimateFromRate } from './core/log-platform/storage-estimate';
import { RESIZE_CONSEQUENCES, type StorageGuidance, type StorageSizingInputs, grownStorage, resizeCommand, sizeLogStorage, validateStorage } from './core/log-platform/storage';
import { quantityBytes } from './core/rules';

export const SIZE_USAGE = `usage: calico-l7 size --nodes <n> --retention-days <d> [--es-nodes <n>] [--replicas <n>]
                      [--current <quantity>] [--requests-per-second <n>] [--record-bytes <n>] [--json]

How much more Elasticsearch storage L7 logs need: the docs' rule (1 GB per cluster node per day of
retention), and, given the observed request rate, an estimate from Felix's per-node limit. The
larger of the two is recommended; every formula and assumption is printed.

  --nodes <n>                Kubernetes nodes whose traffic is logged
  --retention-days <d>       days of L7 logs wanted (Elasticsearch keeps about 2; archive to S3 for more)
  --es-nodes <n>             Elasticsearch nodes (LogStorage spec.nodes.count), default 1
  --replicas <n>             index replicas (LogStorage spec.indices.replicas), default 0
  --current <quantity>       storage each Elasticsearch node has now, such as 200Gi
  --requests-per-second <n>  requests per second through the selected traffic, cluster-wide
  --record-bytes <n>         average stored L7 record size, default 1024 (an assumption)
  --json                     print the result as JSON

Exit status: 0, or 1 when --current cannot hold the L7 logs alone, or 2 for bad usage.
`;

interface Output {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const INTEGER = /^\d{1,12}$/;

/** Runs `calico-l7 size` with the arguments after the command; returns the exit status. */
export function sizeMain(argv: readonly string[], output: Output, usageError: (message: string, usage: string) => number): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        nodes: { type: 'string' },
        'retention-days': { type: 'string' },
        'es-nodes': { type: 'string' },
        replicas: { type: 'string' },
        current: { type: 'string' },
        'requests-per-second': { type: 'string' },
        'record-bytes': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return usageError((e as Error).message, SIZE_USAGE);
  }
  if (values.help) {
    output.stdout(SIZE_USAGE);
    return 0;
  }
  const issues = new Issues();
  const int = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!INTEGER.test(value)) {
      issues.add(`--${flag}`, value, 'expected a whole number');
      return undefined;
    }
    return Number(value);
  };
  const nodes = int('nodes', values.nodes);
  const retentionDays = int('retention-days', values['retention-days']);
  if (nodes === undefined && values.nodes === undefined) issues.add('--nodes', undefined, 'is required');
  if (retentionDays === undefined && values['retention-days'] === undefined) issues.add('--retention-days', undefined, 'is required');
  const elasticsearchNodes = int('es-nodes', values['es-nodes']);
  const replicas = int('replicas', values.replicas);
  const requestsPerSecond = int('requests-per-second', values['requests-per-second']);
  const recordBytes = int('record-bytes', values['record-bytes']);
  if (issues.count === 0) {
    const inputs: StorageSizingInputs = {
      nodes: nodes as number,
      retentionDays: retentionDays as number,
      ...(elasticsearchNodes === undefined ? {} : { elasticsearchNodes }),
      ...(replicas === undefined ? {} : { replicas }),
      ...(values.current === undefined ? {} : { currentPerNodeStorage: values.current }),
    };
    // The same checks as LogStorageSizing's props, named by their flags.
    const props = new Issues();
    validateStorage(props, '', inputs);
    for (const i of props.list) issues.add(FLAGS[i.field] ?? i.field, i.value, i.allowed);
    if (requestsPerSecond !== undefined) {
      const rate = new Issues();
      checkRateInputs(rate, { requestsPerSecond, ...(recordBytes === undefined ? {} : { recordBytes }) });
      for (const i of rate.list) issues.add(FLAGS[i.field] ?? i.field, i.value, i.allowed);
    } else if (recordBytes !== undefined) issues.add('--record-bytes', recordBytes, 'needs --requests-per-second');
  }
  if (issues.count > 0) return usageError(issues.list.map(describeIssue).join('\n'), SIZE_USAGE);

  const guidance = sizeLogStorage({
    nodes: nodes as number,
    retentionDays: retentionDays as number,
    ...(elasticsearchNodes === undefined ? {} : { elasticsearchNodes }),
    ...(replicas === undefined ? {} : { replicas }),
    ...(values.current === undefined ? {} : { currentPerNodeStorage: values.current }),
  });
  const estimate = requestsPerSecond === undefined ? undefined : estimateFromRate(guidance, { requestsPerSecond, ...(recordBytes === undefined ? {} : { recordBytes }) });
  const neededPerNodeGB = Math.max(guidance.extraPerElasticsearchNodeGB, estimate?.extraPerElasticsearchNodeGB ?? 0);
  const short = values.current !== undefined && quantityBytes(values.current) < neededPerNodeGB * 1e9;
  const result = {
    rule: { extraTotalGB: guidance.extraTotalGB, extraPerElasticsearchNodeGB: guidance.extraPerElasticsearchNodeGB },
    ...(estimate ? { estimate } : {}),
    recommendedExtraPerElasticsearchNodeGB: neededPerNodeGB,
    basis: estimate && estimate.extraPerElasticsearchNodeGB > guidance.extraPerElasticsearchNodeGB ? 'estimate' : 'rule',
    ...(values.current === undefined ? {} : { recommendedPerNodeStorage: grownStorage(values.current, neededPerNodeGB) }),
    short,
    warnings: [...guidance.warnings, ...(short ? [shortWarning(values.current as string, neededPerNodeGB)] : [])],
  };
  if (values.json) output.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else output.stdout(table(guidance, estimate, result, neededPerNodeGB));
  return short ? 1 : 0;
}

const FLAGS: Readonly<Record<string, string>> = {
  nodes: '--nodes',
  retentionDays: '--retention-days',
  elasticsearchNodes: '--es-nodes',
  replicas: '--replicas',
  currentPerNodeStorage: '--current',
  requestsPerSecond: '--requests-per-second',
  recordBytes: '--record-bytes',
};

function shortWarning(current: string, neededGB: number): string {
  return `${current} per Elasticsearch node cannot hold even the L7 logs (${neededGB} GB per node): raise it before collecting`;
}

function table(
  g: StorageGuidance,
  e: RateEstimate | undefined,
  { basis, recommendedPerNodeStorage, warnings }: { basis: string; recommendedPerNodeStorage?: string; warnings: readonly string[] },
  neededGB: number,
): string {
  const rows: [string, string, string][] = [
    ['', 'in all', 'per ES node'],
    [`docs' rule (${g.nodes} node(s) x 1 GB x ${g.daysOnDisk} day(s) x (1 + ${g.replicas}))`, `${g.extraTotalGB} GB`, `${g.extraPerElasticsearchNodeGB} GB`],
  ];
  if (e) {
    rows.push([
      `estimate (${e.recordsPerInterval} records/flush${e.capped ? ', capped by the per-node limit' : ''}, ${e.gbPerDay.toFixed(2)} GB/day)`,
      `${e.extraTotalGB} GB`,
      `${e.extraPerElasticsearchNodeGB} GB`,
    ]);
  }
  rows.push([`recommended extra (the ${basis === 'estimate' ? 'estimate' : "docs' rule"}, the larger)`, '', `${neededGB} GB`]);
  if (recommendedPerNodeStorage) rows.push([`recommended per ES node (current + extra, whole GiB)`, '', recommendedPerNodeStorage]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const lines = rows.map((r) => `${r[0].padEnd(widths[0] ?? 0)}  ${r[1].padStart(widths[1] ?? 0)}  ${r[2].padStart(widths[2] ?? 0)}`);
  if (e) lines.push('', 'Assumptions of the estimate:', ...e.assumptions.map((a) => `  - ${a}`));
  // The rule's formulas; the recommendation and the patch follow from the larger of rule and estimate.
  lines.push('', ...g.text.split('\n').filter((l) => /^(Docs' rule| {2}|Extra )/.test(l)));
  if (recommendedPerNodeStorage) lines.push(`To resize: ${resizeCommand(recommendedPerNodeStorage)}`, RESIZE_CONSEQUENCES);
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `Warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
