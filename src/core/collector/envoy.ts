import { toYaml } from '../yaml';

/** The values the Envoy configuration shares with Felix and with the collector. */
export interface EnvoyConfigInputs {
  /** File Envoy writes its access log to; the collector reads `ENVOY_LOG_PATH`, the same file. */
  readonly logPath: string;
  /** Felix `tproxyPort`: the `services` listener. The `nodeports` listener takes the next port. */
  readonly tproxyPort: number;
  /** Felix `tproxyUpstreamConnMark`: the `original_src` mark on the `services` listener. */
  readonly upstreamConnMark: number;
  /** kube-proxy's masquerade bit (Felix `kubeMasqueradeBit`), set on top of the mark for NodePort traffic. */
  readonly kubeMasqueradeBit: number;
  /** Add the `nodeports` listener (the 3.10 manifests have it; 3.9's are not known to). */
  readonly nodePorts: boolean;
}

const TYPE = (name: string) => `type.googleapis.com/envoy.extensions.${name}`;

// Field names and Envoy command operators of the access-log record the l7-collector parses
// (CE 3.10 envoy-config.yaml). `type` is filled per filter chain.
const ACCESS_LOG_FORMAT: ReadonlyArray<[string, string]> = [
  ['reporter', 'destination'],
  ['start_time', '%START_TIME%'],
  ['duration', '%DURATION%'],
  ['response_code', '%RESPONSE_CODE%'],
  ['bytes_sent', '%BYTES_SENT%'],
  ['bytes_received', '%BYTES_RECEIVED%'],
  ['user_agent', '%REQ(USER-AGENT)%'],
  ['request_path', '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%'],
  ['request_method', '%REQ(:METHOD)%'],
  ['request_id', '%REQ(X-REQUEST-ID)%'],
  ['type', ''],
  ['downstream_remote_address', '%DOWNSTREAM_REMOTE_ADDRESS%'],
  ['downstream_local_address', '%DOWNSTREAM_LOCAL_ADDRESS%'],
  ['domain', '%REQ(HOST?:AUTHORITY)%'],
  ['upstream_host', '%UPSTREAM_HOST%'],
  ['upstream_local_address', '%UPSTREAM_LOCAL_ADDRESS%'],
];

function accessLog(logPath: string, type: string) {
  const format = Object.fromEntries(ACCESS_LOG_FORMAT.map(([k, v]) => [k, k === 'type' ? type : v]));
  return [
    {
      name: 'envoy.access_loggers.file',
      typed_config: {
        '@type': TYPE('access_loggers.file.v3.FileAccessLog'),
        path: logPath,
        typed_json_format: format,
      },
    },
  ];
}

function tcpProxy(statPrefix: string, logPath: string, type: string) {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: {
      '@type': TYPE('filters.network.tcp_proxy.v3.TcpProxy'),
      stat_prefix: statPrefix,
      cluster: 'original_dst_cluster',
      access_log: accessLog(logPath, type),
    },
  };
}

function httpConnectionManager(cluster: string, logPath: string) {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE('filters.network.http_connection_manager.v3.HttpConnectionManager'),
      stat_prefix: 'ingress_http',
      codec_type: 'AUTO',
      access_log: accessLog(logPath, '%PROTOCOL%'),
      route_config: {
        name: 'local_service',
        virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster } }] }],
      },
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE('filters.http.router.v3.Router') } }],
    },
  };
}

function listener(name: string, port: number, mark: number, logPath: string) {
  return {
    name,
    transparent: true,
    address: { socket_address: { address: '0.0.0.0', port_value: port } },
    listener_filters: [
      { name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': TYPE('filters.listener.tls_inspector.v3.TlsInspector') } },
      { name: 'envoy.filters.listener.http_inspector', typed_config: { '@type': TYPE('filters.listener.http_inspector.v3.HttpInspector') } },
      { name: 'envoy.filters.listener.original_dst', typed_config: { '@type': TYPE('filters.listener.original_dst.v3.OriginalDst') } },
      {
        name: 'envoy.filters.listener.original_src',
        typed_config: { '@type': TYPE('filters.listener.original_src.v3.OriginalSrc'), mark },
      },
    ],
    filter_chains: [
      { filter_chain_match: { transport_protocol: 'tls' }, filters: [tcpProxy('ingress_tls', logPath, 'tls')] },
      {
        filter_chain_match: { application_protocols: ['http/1.0', 'http/1.1'] },
        filters: [httpConnectionManager('original_dst_cluster', logPath)],
      },
      { filter_chain_match: { application_protocols: ['h2c'] }, filters: [httpConnectionManager('original_dst_cluster_h2c', logPath)] },
      { filter_chain_match: {}, filters: [tcpProxy('ingress_tcp', logPath, 'tcp')] },
    ],
  };
}

function originalDstCluster(name: string, http2: boolean) {
  return {
    name,
    type: 'ORIGINAL_DST',
    connect_timeout: '30s',
    lb_policy: 'CLUSTER_PROVIDED',
    dns_lookup_family: 'V4_ONLY',
    ...(http2 ? { http2_protocol_options: {} } : {}),
  };
}

/**
 * The per-host Envoy of daemonset mode: a transparent listener on Felix's TPROXY port for
 * ClusterIP traffic and one on the next port for NodePort traffic, each logging every
 * connection as JSON to the file the collector tails.
 *
 * The upstream connection mark: with `original_src`, Envoy opens its connection to the backend
 * from the client's own address, so the packet looks like the client's. The mark is how Felix tells
 * it apart: a marked connection is the proxy's own and is routed on, not redirected back into the
 * proxy (which would loop). It must equal Felix's `tproxyUpstreamConnMark` (0x17 by default; CE
 * 3.9–3.10 have no setting). NodePort traffic is marked for masquerade by kube-proxy, so the NodePort
 * listener's mark also carries kube-proxy's masquerade bit: kube-proxy then masquerades the proxy's
 * upstream connection as it would have the original, and replies come back through this node.
 */
export function buildEnvoyConfig(inputs: EnvoyConfigInputs): Record<string, unknown> {
  return envoyConfigDocument(envoyConfigValues(inputs));
}

/** The values that vary in the Envoy configuration, everything else being fixed text. */
interface EnvoyConfigValues {
  readonly logPath: string;
  readonly servicesPort: number;
  readonly servicesMark: number;
  /** The `nodeports` listener's port and mark, when it is there. */
  readonly nodePorts?: { readonly port: number; readonly mark: number };
}

function envoyConfigValues(inputs: EnvoyConfigInputs): EnvoyConfigValues {
  const { logPath, tproxyPort, upstreamConnMark, kubeMasqueradeBit } = inputs;
  const nodePortMark = (upstreamConnMark | (1 << kubeMasqueradeBit)) >>> 0;
  return {
    logPath,
    servicesPort: tproxyPort,
    servicesMark: upstreamConnMark,
    ...(inputs.nodePorts ? { nodePorts: { port: tproxyPort + 1, mark: nodePortMark } } : {}),
  };
}

function envoyConfigDocument(v: EnvoyConfigValues): Record<string, unknown> {
  const listeners = [listener('services', v.servicesPort, v.servicesMark, v.logPath)];
  if (v.nodePorts) listeners.push(listener('nodeports', v.nodePorts.port, v.nodePorts.mark, v.logPath));
  return {
    static_resources: {
      listeners,
      clusters: [originalDstCluster('original_dst_cluster', false), originalDstCluster('original_dst_cluster_h2c', true)],
    },
  };
}

/** The Envoy configuration as YAML, without anchors for its repeated access-log blocks. */
export function renderEnvoyConfigYaml(inputs: EnvoyConfigInputs): string {
  return toYaml(buildEnvoyConfig(inputs));
}
