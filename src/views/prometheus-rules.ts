import { defaultRulesConfig, type Levels, type RulesConfig } from '../rules/config.js';

/** The built-in rules by name, as their alerts carry them (tcpwatch_alert_level's `rule` label). */
export const RULE_NAMES = ['tw_buckets', 'port_exhaustion', 'close_wait_leak', 'listen_overflow', 'syn_flood', 'orphans', 'conntrack'] as const;

export type RuleName = (typeof RULE_NAMES)[number];

/** One Prometheus alerting rule, over the metric names `tcpwatch serve` exports. */
export interface PromAlertRule {
  alert: string;
  rule: RuleName;
  severity: 'warning' | 'critical';
  expr: string;
  for?: string;
  summary: string;
  remedy: string;
}

const REMEDY: Record<RuleName, string> = {
  tw_buckets:
    'Raise net.ipv4.tcp_max_tw_buckets (never lower it: past the limit TIME_WAIT is silently skipped). Reuse connections (keep-alive, pools); tcp_tw_reuse=1 helps on clients only. tcp_tw_recycle no longer exists and tcp_fin_timeout does not shorten TIME_WAIT.',
  port_exhaustion:
    'More 4-tuples toward that destination: widen net.ipv4.ip_local_port_range (e.g. 10000 65535, with service ports in ip_local_reserved_ports), add destination ports or IPs or source IPs (IP_BIND_ADDRESS_NO_PORT), use keep-alive pools; tcp_tw_reuse=1 on the client side.',
  close_wait_leak:
    'The application got the peer\'s FIN but never close()d the socket. Find the process (tcpwatch --once --processes) and fix its connection handling; restarting it frees the sockets.',
  listen_overflow:
    'An accept queue overflowed: the application accepts too slowly, or its listen() backlog is too small. Raise the backlog and net.core.somaxconn, or add workers.',
  syn_flood:
    'Many half-open connections: a SYN flood or a slow handshake path. Keep tcp_syncookies=1; if the load is legitimate raise tcp_max_syn_backlog and the listen backlog.',
  orphans:
    'Sockets closed by applications but not finished (FIN_WAIT1, LAST_ACK, CLOSING): peers are slow or gone. Past tcp_max_orphans the kernel resets them. Check tcp_orphan_retries; raise tcp_max_orphans only if memory allows (about 64 KB each).',
  conntrack:
    'The conntrack table is nearly full; when full the kernel drops new packets ("nf_conntrack: table full"). Raise net.netfilter.nf_conntrack_max (and nf_conntrack_buckets), shorten conntrack timeouts, or exempt busy flows with NOTRACK.',
};

/** A ratio against a limit; the built-in rules' thresholds are percents, Prometheus compares fractions. */
function ratioRules(rule: RuleName, alert: string, ratio: string, t: Levels, what: string): PromAlertRule[] {
  return (['warning', 'critical'] as const).map((severity) => ({
    alert,
    rule,
    severity,
    // the built-in rules fire at or above the threshold
    expr: `${ratio} >= ${t[severity] / 100}`,
    for: '5m',
    summary: `${what} at {{ $value | humanizePercentage }} on {{ $labels.instance }} (${severity} from ${t[severity]}%)`,
    remedy: REMEDY[rule],
  }));
}

/** The built-in rules as Prometheus alerting rules, with the thresholds in force (defaults, --config, --set). */
export function promAlertRules(t: RulesConfig = defaultRulesConfig()): PromAlertRule[] {
  const cw = 'node_tcp_connection_states{state="close_wait"}';
  const window = `${t.close_wait_leak.window_s}s`;
  const lo = t.listen_overflow;
  return [
    ...ratioRules('tw_buckets', 'TcpwatchTimeWaitBuckets', 'node_sockstat_TCP_tw / node_sysctl_net_ipv4_tcp_max_tw_buckets', t.tw_buckets, 'timewait sockets vs tcp_max_tw_buckets'),
    {
      alert: 'TcpwatchTimeWaitOverflow',
      rule: 'tw_buckets',
      severity: 'critical',
      expr: 'increase(tcpwatch_tcpext_time_wait_overflow_total[5m]) > 0',
      summary: 'the kernel refused {{ $value }} TIME_WAIT sockets in 5m on {{ $labels.instance }}: tcp_max_tw_buckets is full (TCPTimeWaitOverflow)',
      remedy: REMEDY.tw_buckets,
    },
    ...ratioRules(
      'port_exhaustion',
      'TcpwatchEphemeralPorts',
      'tcpwatch_destination_ports_in_use / ignoring(local, remote) group_left() tcpwatch_ephemeral_ports',
      t.port_exhaustion,
      'ephemeral ports in use toward {{ $labels.remote }} from {{ $labels.local }}',
    ),
    ...(['warning', 'critical'] as const).map((severity) => ({
      alert: 'TcpwatchCloseWaitLeak',
      rule: 'close_wait_leak' as const,
      severity,
      expr: `${cw} >= ${t.close_wait_leak[severity]}`,
      for: '5m',
      summary: `{{ $value }} CLOSE_WAIT sockets on {{ $labels.instance }} (${severity} from ${t.close_wait_leak[severity]})`,
      remedy: REMEDY.close_wait_leak,
    })),
    {
      // the built-in rule also wants no fall between samples; delta over the window is the nearest PromQL
      alert: 'TcpwatchCloseWaitGrowing',
      rule: 'close_wait_leak',
      severity: 'warning',
      expr: `delta(${cw}[${window}]) >= ${t.close_wait_leak.growth}`,
      summary: `CLOSE_WAIT up {{ $value }} in ${window} on {{ $labels.instance }}: a steady rise is a leak (warning from +${t.close_wait_leak.growth})`,
      remedy: REMEDY.close_wait_leak,
    },
    ...(['warning', 'critical'] as const).map((severity) => ({
      alert: 'TcpwatchListenOverflow',
      rule: 'listen_overflow' as const,
      severity,
      // ListenDrops counts ListenOverflows too; a warning threshold of 0 means any drop
      expr: `rate(node_netstat_TcpExt_ListenDrops[5m]) > ${lo[severity]}`,
      ...(severity === 'critical' ? { for: '5m' } : {}),
      summary: `accept queues full: {{ $value | humanize }} connections dropped/s on {{ $labels.instance }} (${severity} above ${lo[severity]}/s)`,
      remedy: REMEDY.listen_overflow,
    })),
    ...ratioRules('syn_flood', 'TcpwatchSynBacklog', 'node_tcp_connection_states{state="syn_recv"} / ignoring(state) node_sysctl_net_ipv4_tcp_max_syn_backlog', t.syn_flood, 'SYN_RECV sockets vs tcp_max_syn_backlog'),
    ...ratioRules('orphans', 'TcpwatchOrphans', 'node_sockstat_TCP_orphan / node_sysctl_net_ipv4_tcp_max_orphans', t.orphans, 'orphaned sockets vs tcp_max_orphans'),
    ...ratioRules('conntrack', 'TcpwatchConntrack', 'node_nf_conntrack_entries / node_nf_conntrack_entries_limit', t.conntrack, 'conntrack entries vs nf_conntrack_max'),
  ];
}

/** JSON strings are valid YAML double-quoted scalars, so every value is written that way. */
const q = (s: string): string => JSON.stringify(s);

/** The rules file `promtool check rules` accepts: one group, one entry per rule and severity. */
export function renderPromRules(rules: PromAlertRule[] = promAlertRules()): string {
  const out = ['# Prometheus alerting rules equivalent to tcpwatch\'s built-in rules.', '# Generated by `tcpwatch rules --prometheus`; metrics from `tcpwatch serve`.', 'groups:', '  - name: tcpwatch', '    rules:'];
  for (const r of rules) {
    out.push(`      - alert: ${r.alert}`, `        expr: ${q(r.expr)}`);
    if (r.for !== undefined) out.push(`        for: ${r.for}`);
    out.push(
      '        labels:',
      `          severity: ${r.severity}`,
      `          rule: ${r.rule}`,
      '        annotations:',
      `          summary: ${q(r.summary)}`,
      `          remedy: ${q(r.remedy)}`,
    );
  }
  return `${out.join('\n')}\n`;
}
