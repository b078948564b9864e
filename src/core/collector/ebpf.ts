import type { CalicoRelease } from '../release/release';

/**
 * The eBPF collector (Calico Enterprise 3.24, Calico Cloud v24): Felix itself parses HTTP/1.x on
 * every node once `l7ObservabilityEnabled` is true. No ApplicationLayer, no Envoy; the operator
 * never touches the field, so the FelixConfiguration patch is the whole collector.
 * @internal
 */
export interface EbpfCollector {
  readonly mode: 'ebpf';
  readonly release: CalicoRelease;
}

/** Oldest kernel the eBPF collector runs on (3.24 docs), on every node. */
export const EBPF_MIN_KERNEL = { major: 5, minor: 17 } as const;
