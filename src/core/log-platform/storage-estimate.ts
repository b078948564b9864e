import type { Issues } from '../errors';
import { checkInteger } from '../rules';
import type { StorageGuidance } from './storage';

// L7 log storage from an observed request rate, beside the docs' per-node rule. Felix writes at most
// l7LogsFilePerNodeLimit aggregated records per node per l7LogsFlushInterval (defaults 1500 and
// 5m0s); how far aggregation merges requests and how large a stored record is depend on the traffic,
// and no Calico document gives a figure: both are assumptions, printed with the result.

/** What the rate estimate needs besides the docs' sizing. */
export interface RateInputs {
  /** Requests per second through the selected traffic, cluster-wide. */
  readonly requestsPerSecond: number;
  /** Felix `l7LogsFlushInterval`, in seconds. @default 300 */
  readonly flushIntervalSeconds?: number;
  /** Felix `l7LogsFilePerNodeLimit`: records per node per interval; 0 means no limit. @default 1500 */
  readonly perNodeLimit?: number;
  /** Average size of one stored L7 record in Elasticsearch, in bytes (an assumption; measure yours with `_cat/indices`). @default 1024 */
  readonly recordBytes?: number;
}

export interface RateEstimate {
  readonly recordsPerInterval: number;
  /** Whether Felix's per-node limit caps the records. */
  readonly capped: boolean;
  readonly gbPerDay: number;
  /** Extra storage in all for the days on disk and the replicas, in GB (rounded up). */
  readonly extraTotalGB: number;
  readonly extraPerElasticsearchNodeGB: number;
  /** Each assumption, for a person. */
  readonly assumptions: readonly string[];
}

export function checkRateInputs(issues: Issues, r: RateInputs): void {
  checkInteger(issues, 'requestsPerSecond', r.requestsPerSecond, { min: 0, max: 1e9 });
  if (r.flushIntervalSeconds !== undefined) checkInteger(issues, 'flushIntervalSeconds', r.flushIntervalSeconds, { min: 1, max: 86400 });
  if (r.perNodeLimit !== undefined) checkInteger(issues, 'perNodeLimit', r.perNodeLimit, { min: 0, max: 2 ** 31 - 1 });
  if (r.recordBytes !== undefined) checkInteger(issues, 'recordBytes', r.recordBytes, { min: 1, max: 1e7 });
}

/** The storage the observed rate needs, for the same nodes, days and replicas as `g`. */
export function estimateFromRate(g: StorageGuidance, r: RateInputs): RateEstimate {
  const interval = r.flushIntervalSeconds ?? 300;
  const limit = r.perNodeLimit ?? 1500;
  const recordBytes = r.recordBytes ?? 1024;
  const uncapped = r.requestsPerSecond * interval;
  const cap = limit === 0 ? Infinity : limit * g.nodes;
  const recordsPerInterval = Math.min(uncapped, cap);
  const gbPerDay = (recordsPerInterval * (86400 / interval) * recordBytes) / 1e9;
  const extraTotalGB = Math.ceil(gbPerDay * g.daysOnDisk * (1 + g.replicas));
  return {
    recordsPerInterval,
    capped: uncapped > cap,
    gbPerDay,
    extraTotalGB,
    extraPerElasticsearchNodeGB: Math.ceil(extraTotalGB / g.elasticsearchNodes),
    assumptions: [
      `one record per request (no aggregation merges requests; it can only lower this)`,
      `Felix flushes every ${interval} s (l7LogsFlushInterval) and writes at most ${limit === 0 ? 'unlimited' : limit} records per node per flush (l7LogsFilePerNodeLimit)`,
      `${recordBytes} bytes per stored record (not documented by Calico: measure yours and pass --record-bytes)`,
    ],
  };
}
