import { joinHostPort } from '../addr.js';
import { PROM_SERIES, RULE_NAMES, type RuleName } from '../rules/catalogue.js';
import { limitUsages } from '../rules/usage.js';
import { TCP_STATES } from '../states.js';
import type { Alert, AlertLevel, Sample } from '../types.js';
import { Families, sanitize, type MetricSink } from './exposition.js';
import { addBuildInfo, addProcessMetrics, type BuildInfo, type ProcessStats } from './prometheus-process.js';

/** How one source (procfs, the process scan) did on its last run. */
export interface SourceStatus {
  source: string;
  success: boolean;
  durationSeconds: number;
}

export interface MetricsInput {
  /** the last complete sample, if any */
  sample: Sample | undefined;
  alerts: Alert[];
  /** seconds since that sample was taken */
  ageSeconds: number | undefined;
  sources: SourceStatus[];
  /** destinations exported (bounded cardinality) */
  top: number;
  /** bytes per page, for node_sockstat_TCP_mem_bytes (sockstat counts pages) */
  pageSize?: number | undefined;
  /** the exporter process itself, for process_* */
  process?: ProcessStats | undefined;
  build?: BuildInfo | undefined;
}

/**
 * node_exporter's netstat collector exports these Tcp/TcpExt fields by default
 * (collector/netstat_linux.go, --collector.netstat.fields); dashboards graph them by these names.
 */
const NODE_NETSTAT_FIELDS = /^(.*_(InErrors|InErrs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab))$/;

/** Sysctls as node_exporter's sysctl collector names them (`--collector.sysctl.include=net.ipv4.X`). */
const NODE_SYSCTLS = {
  tcp_max_tw_buckets: 'net.ipv4.tcp_max_tw_buckets',
  tcp_tw_reuse: 'net.ipv4.tcp_tw_reuse',
  tcp_fin_timeout: 'net.ipv4.tcp_fin_timeout',
  tcp_timestamps: 'net.ipv4.tcp_timestamps',
  tcp_max_orphans: 'net.ipv4.tcp_max_orphans',
  tcp_max_syn_backlog: 'net.ipv4.tcp_max_syn_backlog',
  tcp_syncookies: 'net.ipv4.tcp_syncookies',
  somaxconn: 'net.core.somaxconn',
} as const;

/**
 * TcpExt counters under tcpwatch's own names: the timewait ones node_exporter does not export by
 * default, and those the Prometheus rules read (a node_exporter beside tcpwatch never doubles them).
 */
const OWN_COUNTERS = [
  ['TCPTimeWaitOverflow', PROM_SERIES.twOverflow, 'Timewait sockets the kernel refused because tcp_max_tw_buckets was reached (TcpExt TCPTimeWaitOverflow).'],
  // counted as a socket enters timewait since Linux 5.17 (__inet_twsk_schedule), as it left before
  ['TW', 'tcpwatch_tcpext_tw_total', 'TCP sockets put into timewait (TIME_WAIT, or an orphaned FIN_WAIT2) for over 4 s (TcpExt TW; before Linux 5.17 counted as they left).'],
  ['TWKilled', 'tcpwatch_tcpext_tw_killed_total', 'TCP sockets put into timewait for 4 s or less (TcpExt TWKilled; before Linux 5.17 counted as they left).'],
  ['TWRecycled', 'tcpwatch_tcpext_tw_recycled_total', 'TIME_WAIT sockets recycled by timestamp (TcpExt TWRecycled).'],
  ['ListenDrops', PROM_SERIES.listenDrops, 'Connections dropped by a listener, its accept queue full or otherwise (TcpExt ListenDrops, which counts ListenOverflows too).'],
] as const;

const LEVEL_VALUE: Record<AlertLevel, number> = { ok: 0, warning: 1, critical: 2 };

function addNodeMetrics(m: MetricSink, s: Sample, pageSize: number | undefined): void {
  const extra = Object.keys(s.states).filter((k) => !(TCP_STATES as readonly string[]).includes(k));
  for (const st of [...TCP_STATES, ...extra]) {
    m.add('node_tcp_connection_states', 'Number of connection states.', 'gauge', s.states[st] ?? 0, [['state', sanitize(st.toLowerCase())]]);
  }
  // node_exporter's tcpstat sums the tx_queue:rx_queue column of /proc/net/tcp{,6} under these states
  if (s.queuedBytes) {
    m.add('node_tcp_connection_states', 'Number of connection states.', 'gauge', s.queuedBytes.rx, [['state', 'rx_queued_bytes']]);
    m.add('node_tcp_connection_states', 'Number of connection states.', 'gauge', s.queuedBytes.tx, [['state', 'tx_queued_bytes']]);
  }
  for (const k of ['inuse', 'orphan', 'tw', 'alloc', 'mem'] as const) {
    m.add(`node_sockstat_TCP_${k}`, `Number of TCP sockets in state ${k}.`, 'gauge', s.sockstat[k]);
  }
  const mem = s.sockstat.mem;
  if (mem !== undefined && pageSize !== undefined) m.add('node_sockstat_TCP_mem_bytes', 'Number of TCP sockets in state mem_bytes.', 'gauge', mem * pageSize);
  m.add('node_sockstat_TCP6_inuse', 'Number of TCP6 sockets in state inuse.', 'gauge', s.sockstat.inuse6);
  for (const proto of ['Tcp', 'TcpExt'] as const) {
    for (const [field, v] of Object.entries(s.counters[proto])) {
      const key = `${proto}_${field}`;
      if (NODE_NETSTAT_FIELDS.test(key)) m.add(`node_netstat_${sanitize(key)}`, `Statistic ${proto}${field}.`, 'untyped', v);
    }
  }
  const l = s.limits;
  m.add('node_nf_conntrack_entries', 'Number of currently allocated flow entries for connection tracking.', 'gauge', l.nf_conntrack_count);
  m.add('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.', 'gauge', l.nf_conntrack_max);
  for (const [key, sysctl] of Object.entries(NODE_SYSCTLS)) {
    m.add(`node_sysctl_${sanitize(sysctl)}`, `sysctl ${sysctl}`, 'untyped', l[key as keyof typeof NODE_SYSCTLS]);
  }
  if (l.ip_local_port_range) {
    l.ip_local_port_range.forEach((v, i) => {
      m.add('node_sysctl_net_ipv4_ip_local_port_range', 'sysctl net.ipv4.ip_local_port_range', 'untyped', v, [['index', String(i)]]);
    });
  }
}

function addOwnMetrics(m: MetricSink, s: Sample, top: number): void {
  for (const [family, counts] of [
    ['ipv4', s.families.ipv4],
    ['ipv6', s.families.ipv6],
  ] as const) {
    const extra = Object.keys(counts).filter((k) => !(TCP_STATES as readonly string[]).includes(k));
    for (const st of [...TCP_STATES, ...extra]) {
      m.add('tcpwatch_connection_states', 'Number of connections per address family and state (IPv4-mapped IPv6 sockets count as ipv6).', 'gauge', counts[st] ?? 0, [
        ['family', family],
        ['state', sanitize(st.toLowerCase())],
      ]);
    }
  }
  for (const [field, name, help] of OWN_COUNTERS) m.add(name, help, 'counter', s.counters.TcpExt[field]);
  m.add('tcpwatch_ephemeral_ports', 'Usable ephemeral ports: ip_local_port_range minus ip_local_reserved_ports.', 'gauge', s.limits.ephemeral_ports);
  m.add('tcpwatch_destinations', 'Distinct destinations of outgoing connections (all of them; only the busiest are exported one by one).', 'gauge', s.destinationCount);
  for (const d of s.destinations.slice(0, top)) {
    const labels: Array<[string, string]> = [
      ['local', d.local],
      ['remote', joinHostPort(d.remote, d.remotePort)],
    ];
    m.add('tcpwatch_destination_ports_in_use', 'Local ephemeral ports in use toward one destination (local address, remote address:port); the busiest only.', 'gauge', d.portsInUse, labels);
    m.add('tcpwatch_destination_new_per_second', 'New connections per second toward one destination now (from TIME_WAIT timers, or TIME_WAIT counts between samples); the busiest only.', 'gauge', d.rates?.newPerSecond, labels);
    // +Inf while it never fills at its rate: a `<=` comparison stays false, and the series stays
    const full = d.rates ? (d.rates.fullInSeconds ?? Infinity) : undefined;
    m.add(PROM_SERIES.destinationFullIn, 'Seconds until the ephemeral ports toward one destination run out at its current rate (+Inf: never); the busiest only.', 'gauge', full, labels);
  }
  m.add('tcpwatch_new_connections_per_second', 'New outgoing connections per second now, all destinations together.', 'gauge', s.rates?.newPerSecond);
  for (const u of limitUsages(s, top)) {
    const labels: Array<[string, string]> = [['rule', u.rule], ...(u.subject !== undefined ? [['subject', u.subject] as [string, string]] : [])];
    m.add(PROM_SERIES.usage, "What each built-in rule compares with a kernel limit (timewait sockets, ephemeral ports toward a destination, ...): the Prometheus rules' input.", 'gauge', u.used, labels);
    m.add(PROM_SERIES.limit, 'The kernel limit tcpwatch_limit_usage fills (tcp_max_tw_buckets, the usable ephemeral ports, tcp_max_syn_backlog, ...).', 'gauge', u.limit, labels);
  }
  for (const g of s.closeWait ?? []) {
    m.add(PROM_SERIES.closeWait, 'CLOSE_WAIT sockets by the listener they arrived on (inbound) or the remote they lead to (outbound); the largest groups only.', 'gauge', g.count, [
      ['direction', g.direction],
      ['endpoint', joinHostPort(g.address, g.port)],
    ]);
  }
  m.add('tcpwatch_unparsed_lines', 'Lines of the TCP table that could not be parsed in the last sample.', 'gauge', s.unparsed.count);
  m.add('tcpwatch_sample_warnings', 'Problems in the last sample that did not stop it (a file that could not be read).', 'gauge', s.warnings.length);
  m.add('tcpwatch_sample_timestamp_seconds', 'When the sample served was taken, in seconds since the epoch.', 'gauge', s.time / 1000);
  // states and destinations come from the last full table scan, which the CPU budget spaces out
  m.add('tcpwatch_breakdown_age_seconds', 'Age of the per-state and per-destination counts relative to the sample (0: scanned for this sample).', 'gauge', (s.time - (s.breakdownTime ?? s.time)) / 1000);
}

/** The Prometheus text exposition (format 0.0.4) of a sample, its alerts and how the sources did. */
export function renderMetrics(input: MetricsInput): string {
  const m = new Families();
  if (input.sample) {
    addSampleMetrics(m, input.sample, input.pageSize, input.top);
    addSampleAge(m, input.ageSeconds);
    addAlertLevels(m, (rule) => worstLevel(input.alerts, rule));
  }
  addExporterMetrics(m, input, input.sample?.source);
  return m.render();
}

/** Every series of one sample (node_* and tcpwatch_*), into `m` (which may add a netns label). */
export function addSampleMetrics(m: MetricSink, s: Sample, pageSize: number | undefined, top: number): void {
  addNodeMetrics(m, s, pageSize);
  addOwnMetrics(m, s, top);
}

/** tcpwatch_sample_age_seconds: how old what a scrape is answered from is. */
export const addSampleAge = (m: MetricSink, ageSeconds: number | undefined): void =>
  m.add('tcpwatch_sample_age_seconds', 'Age of the sample served: a scrape during a slow sample serves the last complete one.', 'gauge', ageSeconds);

/** The worst level `alerts` hold for one rule, as tcpwatch_alert_level's value (0 when none). */
export const worstLevel = (alerts: readonly Alert[], rule: RuleName): number => alerts.filter((a) => a.rule === rule).reduce((worst, a) => Math.max(worst, LEVEL_VALUE[a.level]), 0);

/** tcpwatch_alert_level, one series per built-in rule. */
export function addAlertLevels(m: MetricSink, level: (rule: RuleName) => number): void {
  for (const rule of RULE_NAMES) m.add('tcpwatch_alert_level', 'Alert level of each built-in rule: 0 ok, 1 warning, 2 critical.', 'gauge', level(rule), [['rule', rule]]);
}

/** The exporter's own series, never per namespace: build info, process_*, how the sources did. */
export function addExporterMetrics(m: MetricSink, input: Pick<MetricsInput, 'build' | 'process' | 'sources'>, source: string | undefined): void {
  if (input.build) addBuildInfo(m, input.build, source);
  if (input.process) addProcessMetrics(m, input.process);
  for (const st of input.sources) {
    m.add('tcpwatch_scrape_success', 'Whether the last run of this source succeeded.', 'gauge', st.success ? 1 : 0, [['source', st.source]]);
    m.add('tcpwatch_scrape_duration_seconds', 'How long the last run of this source took.', 'gauge', st.durationSeconds, [['source', st.source]]);
  }
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
