/**
 * Default alert thresholds, in one place: the built-in rules engine and the Prometheus rules
 * that `tcpwatch rules` prints read the same numbers, so the terminal and Alertmanager agree.
 * Ratios are fractions of the limit (0.8 = 80 %).
 */

export const RULE_NAMES = [
  'tw_buckets',
  'port_exhaustion',
  'close_wait_leak',
  'listen_overflow',
  'syn_flood',
  'orphans',
  'conntrack',
] as const;

export type RuleName = (typeof RULE_NAMES)[number];

export interface RatioThreshold {
  warning: number;
  critical: number;
}

export interface Thresholds {
  /** sockstat tw / tcp_max_tw_buckets; any TCPTimeWaitOverflow increase is critical */
  tw_buckets: RatioThreshold;
  /** ports in use toward one destination / usable ephemeral ports */
  port_exhaustion: RatioThreshold;
  /** CLOSE_WAIT sockets (count) that keep growing over `window_seconds`: the app never close()s them */
  close_wait_leak: { warning: number; critical: number; window_seconds: number };
  /** TcpExt ListenOverflows per second: accept queues full, SYNs dropped */
  listen_overflow: { warning: number; critical: number };
  /** SYN_RECV sockets / tcp_max_syn_backlog */
  syn_flood: RatioThreshold;
  /** sockstat orphan / tcp_max_orphans */
  orphans: RatioThreshold;
  /** nf_conntrack_count / nf_conntrack_max */
  conntrack: RatioThreshold;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  tw_buckets: { warning: 0.8, critical: 0.95 },
  port_exhaustion: { warning: 0.8, critical: 0.95 },
  close_wait_leak: { warning: 100, critical: 1000, window_seconds: 900 },
  listen_overflow: { warning: 0.01, critical: 10 },
  syn_flood: { warning: 0.5, critical: 0.9 },
  orphans: { warning: 0.25, critical: 0.5 },
  conntrack: { warning: 0.9, critical: 0.95 },
};
